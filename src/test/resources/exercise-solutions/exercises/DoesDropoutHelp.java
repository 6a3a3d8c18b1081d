package exercises;

// Reference answer, kept with the tests: copy it over src/exercises/java/exercises/ to see every check pass.

import dev.dl4jlessons.lab.LabRunner;
import dev.dl4jlessons.lab.LabRunner.Run;
import java.nio.file.Path;
import java.util.List;

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.lab.LabSettings;
import dev.dl4jlessons.lab.Variant;

/**
 * Exercise 8: an experiment, not a formula. Does dropout lower the held-out loss on a data set? Check it with
 * {@code course check DoesDropoutHelp} (about 10 s: your code trains 12 small models, and the check trains the same
 * 12 to compare).
 */
public final class DoesDropoutHelp {
    private DoesDropoutHelp() {
    }

    /**
     * The answer with its evidence.
     *
     * @param baselineLoss mean over the seeds of the baseline's final validation loss
     * @param dropoutLoss  mean over the seeds of the dropout variant's final validation loss
     * @param helps        whether dropout's mean is the lower
     */
    public record Verdict(double baselineLoss, double dropoutLoss, boolean helps) {
    }

    /**
     * The experiment's settings: the lab's baseline and dropout variants (two hidden layers of 50 and 20 units,
     * dropout 0.5 after each), 20 epochs on 30 training rows, batch 10, Adam at 0.01, two threads. Given, so that
     * your figures can be compared with the check's.
     */
    public static LabSettings settings(int seeds) {
        return new LabSettings("exercise", List.of(Variant.BASELINE, Variant.DROPOUT), seeds, 20, 30, 10, 0.01,
                List.of(0.5), 1.0, 20, false, 2, Path.of("target", "exercise"));
    }

    /**
     * Runs both variants over {@code seeds} seeds with {@code dev.dl4jlessons.lab.LabRunner.run(settings(seeds),
     * task, progress)} and compares the mean, over the seeds, of each run's final validation loss
     * ({@code run.last().valLoss()}; each {@code Run} says its {@code variant()}: "baseline" or "dropout").
     *
     * <p>Example: baseline runs ending at 0.9, 1.1 and 1.0, dropout runs at 0.8, 1.0 and 0.9 give
     * Verdict(1.0, 0.9, true).
     *
     * @param task  the data set
     * @param seeds runs per variant
     * @return the verdict and its two figures
     */
    public static Verdict decide(Task task, int seeds) {
        List<Run> runs = LabRunner.run(settings(seeds), task, (done, total, run) -> { });
        double baseline = runs.stream().filter(r -> r.variant().equals("baseline"))
                .mapToDouble(r -> r.last().valLoss()).average().orElseThrow();
        double dropout = runs.stream().filter(r -> r.variant().equals("dropout"))
                .mapToDouble(r -> r.last().valLoss()).average().orElseThrow();
        return new Verdict(baseline, dropout, dropout < baseline);
    }
}
