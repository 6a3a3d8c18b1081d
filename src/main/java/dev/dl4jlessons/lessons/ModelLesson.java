package dev.dl4jlessons.lessons;

import java.io.PrintStream;
import java.util.List;

import dev.dl4jlessons.harness.ModelSpec;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Payoff;
import dev.dl4jlessons.harness.Settings;

/**
 * A lesson that is one model, trained by the shared harness. Subclasses only say what the model is; the harness owns
 * the data, the loop and the printing.
 */
public abstract class ModelLesson implements Lesson, ModelSpec {
    private final String name;
    private final String title;
    private final int order;
    private final boolean inNotebook;

    /**
     * @param name       command-line name, e.g. {@code dropout}
     * @param title      one line for {@code --list}
     * @param order      position in the syllabus (10 for lesson 1, 20 for lesson 2, ...)
     * @param inNotebook true for the seed notebook's three models, which the launcher runs and compares by default
     */
    protected ModelLesson(String name, String title, int order, boolean inNotebook) {
        this.name = name;
        this.title = title;
        this.order = order;
        this.inNotebook = inNotebook;
    }

    /** True for the seed notebook's three models, which the launcher runs and compares by default. */
    public boolean inNotebook() {
        return inNotebook;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String title() {
        return title;
    }

    @Override
    public int order() {
        return order;
    }

    /**
     * True when the model has a dropout layer, a layer with dropout on its input, or a layer with weight noise
     * (DropConnect and its relatives); such a model reads {@code --dropout} through {@code settings.dropOr(...)}.
     */
    @Override
    public boolean readsDropout() {
        var model = model(Settings.NOTEBOOK);
        return Networks.hasDropout(model) || Networks.hasWeightNoise(model);
    }

    /** The harness trains every model lesson on {@code --data} when it is given. */
    @Override
    public boolean readsData() {
        return true;
    }

    /**
     * What the payoff calls the regularizer it takes out, e.g. {@code dropout}; empty for a lesson without a payoff.
     * The notebook's three models have one: run alone on the notebook's noise, they are followed by the same model on
     * learnable data, with and without it ({@link Payoff}).
     */
    public String regularizer() {
        return "";
    }

    /**
     * Trains the model as the notebook does and prints each epoch; then, after a run of the notebook's own length,
     * batch size and learning rate on its own data, the payoff: the same model on learnable held-out data, with and
     * without its regularizer.
     */
    @Override
    public void run(Settings settings, PrintStream out) {
        NotebookRun.run(List.of(this), settings, out);
        if (!regularizer().isEmpty() && Payoff.follows(settings)) {
            Payoff.print(this, regularizer(), settings, out);
        }
    }
}
