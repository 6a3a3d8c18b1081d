package dev.dl4jlessons.exercises.checks;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Student;
import dev.dl4jlessons.lab.LabRunner;
import dev.dl4jlessons.lab.LabRunner.Run;
import dev.dl4jlessons.lab.LabSettings;
import dev.dl4jlessons.lab.Variant;

/**
 * Exercise 8: with the lab's API, decide over seeds whether dropout lowers the held-out loss. Checked on two data
 * sets where the answers differ: a noisy nonlinear target with few training rows (dropout helps) and a two-feature
 * linear target with little noise (dropout's noise only hurts).
 */
public final class DoesDropoutHelpCheck extends Exercise {
    /** Hint: the training loss compared. */
    public static final Hint TRAIN_LOSS = Hint.of("these are training losses; the question is about held-out data",
            "average each run's last().valLoss()");
    /** Hint: the best epoch instead of the last. */
    public static final Hint BEST_EPOCH = Hint.of("these are the best epochs' validation losses, picked by looking at "
            + "the validation data", "compare the trained models' losses, last().valLoss()");
    /** Hint: one seed. */
    public static final Hint ONE_SEED = Hint.of("these are one seed's losses, and one split and one initialisation "
            + "can go either way", "average over every seed's run");
    /** Hint: the seed count ignored. */
    public static final Hint SEEDS_IGNORED = Hint.of("the figures are for another number of seeds than the one "
            + "passed: the seeds argument is ignored or fixed in your code", "run LabRunner.run(settings(seeds), ...) "
            + "with the seeds you were given");
    /** Hint: the variants swapped. */
    public static final Hint SWAPPED = Hint.of("the baseline's and dropout's figures are swapped",
            "filter the runs by variant(): \"baseline\" and \"dropout\"");
    /** Hint: the verdict reversed. */
    public static final Hint REVERSED = Hint.of("the figures are right but the verdict is reversed",
            "dropout helps when its mean held-out loss is lower than the baseline's");

    /** Seeds of the check: enough for the two data sets to give opposite verdicts, few enough to stay fast. */
    static final int SEEDS = 3;

    /** Exercise 8. */
    public DoesDropoutHelpCheck() {
        super(8, "DoesDropoutHelp", "with the lab, decide over seeds whether dropout lowers held-out loss");
    }

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "dev/dl4jlessons/lab/LabReport");
    }

    /** The two data sets of the check: dropout helps on the first and hurts on the second. */
    public static List<Task> tasks() {
        return List.of(new Task("synthetic-100 (nonlinear, noisy, 30 training rows)", RandomData.synthetic(100, 7), 0),
                new Task("linear-2 (two features, little noise, 30 training rows)",
                        RandomData.linear(300, 2, 0.1, 7), 0));
    }

    /** The lab settings of the experiment, as the exercise file states them. */
    public static LabSettings settings(int seeds) {
        return new LabSettings("exercise", List.of(Variant.BASELINE, Variant.DROPOUT), seeds, 20, 30, 10, 0.01,
                List.of(0.5), 1.0, 20, false, 2, Path.of("target", "exercise"));
    }

    private static final Map<String, List<Run>> REFERENCE = new ConcurrentHashMap<>();

    /**
     * The reference runs of the experiment on {@code task}. A run depends only on its variant, seed and data, so
     * they are computed once per JVM: {@code check --watch} re-checks without training them again.
     */
    public static List<Run> reference(Task task) {
        return REFERENCE.computeIfAbsent(task.name(), n -> LabRunner.run(settings(SEEDS), task,
                (done, total, run) -> { }));
    }

    /**
     * The seed count the check asks for on task {@code t}: all {@link #SEEDS} on the first, one fewer on the second,
     * so that an answer that ignores its seeds argument gives the other figures.
     */
    public static int seedsOf(int t) {
        return t == 0 ? SEEDS : SEEDS - 1;
    }

    /** Mean over the runs of {@code variant} of a figure. */
    public static double mean(List<Run> runs, String variant, ToDoubleFunction<Run> figure) {
        return runs.stream().filter(r -> r.variant().equals(variant)).mapToDouble(figure).average().orElse(Double.NaN);
    }

    @Override
    public long timeLimitSeconds() {
        return 300;
    }

    @Override
    public void check(Student student) throws CheckFailure {
        for (int t = 0; t < tasks().size(); t++) {
            Task task = tasks().get(t);
            int n = seedsOf(t);
            String call = "decide(" + task.name() + ", seeds " + n + ")";
            Object verdict = student.call("decide", new Class<?>[] {Task.class, int.class}, task, n);
            List<Run> all = reference(task);
            List<Run> runs = all.stream().filter(r -> r.seed() <= n).toList();
            double base = mean(runs, "baseline", r -> r.last().valLoss());
            double drop = mean(runs, "dropout", r -> r.last().valLoss());
            if (verdict == null) {
                throw new CheckFailure(call, "a Verdict", "null", "return new Verdict(baseline, dropout, helps)");
            }
            double gotBase = component(verdict, "baselineLoss");
            double gotDrop = component(verdict, "dropoutLoss");
            boolean gotHelps = (Boolean) get(verdict, "helps");
            String expected = describe(base, drop, drop < base);
            String got = describe(gotBase, gotDrop, gotHelps);
            if (!near(gotBase, base) || !near(gotDrop, drop)) {
                Hint hint = Hint.of("the figures differ from the experiment's", "average each variant's "
                        + "last().valLoss() over the seeds, from LabRunner.run with the file's settings(seeds)");
                if (near(gotBase, drop) && near(gotDrop, base)) {
                    hint = SWAPPED;
                } else if (n != SEEDS && near(gotBase, mean(all, "baseline", r -> r.last().valLoss()))) {
                    hint = SEEDS_IGNORED;
                } else if (near(gotBase, mean(runs, "baseline", r -> r.last().trainLoss()))) {
                    hint = TRAIN_LOSS;
                } else if (near(gotBase, mean(runs, "baseline", r -> r.best().valLoss()))) {
                    hint = BEST_EPOCH;
                } else if (near(gotBase, mean(runs.stream().filter(r -> r.seed() == 1).toList(), "baseline",
                        r -> r.last().valLoss()))) {
                    hint = ONE_SEED;
                }
                throw new CheckFailure(call, expected, got, hint);
            }
            if (gotHelps != drop < base) {
                throw new CheckFailure(call, expected, got, REVERSED);
            }
        }
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b));
    }

    private static String describe(double base, double drop, boolean helps) {
        return Student.format("baseline %.4f, dropout %.4f, helps %s", base, drop, helps);
    }

    private static double component(Object record, String name) throws CheckFailure {
        return ((Number) get(record, name)).doubleValue();
    }

    private static Object get(Object record, String name) throws CheckFailure {
        return Student.component(record, name, "record Verdict(double baselineLoss, double dropoutLoss, boolean helps)");
    }
}
