package dev.dl4jlessons.lessons;

import java.io.PrintStream;
import java.util.List;

import dev.dl4jlessons.harness.ModelSpec;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;

/**
 * A lesson that is one model, trained by the shared harness. Subclasses only say what the model is; the harness owns
 * the data, the loop and the printing.
 */
public abstract class ModelLesson implements Lesson, ModelSpec {
    /** True for the seed notebook's three models, which the launcher runs and compares by default. */
    public boolean inNotebook() {
        return false;
    }

    @Override
    public void run(Settings settings, PrintStream out) {
        NotebookRun.run(List.of(this), settings, out);
    }
}
