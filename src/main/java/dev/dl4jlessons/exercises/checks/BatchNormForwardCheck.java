package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Inputs;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Student;

/**
 * Exercise 4: batch norm's training pass with the batch statistics, and DL4J's running-statistics update. Checked on
 * a square batch first (so that normalizing over the wrong axis gives numbers, not an exception), a feature whose
 * variance is far below eps (so that eps matters), random shapes down to a batch of 2 and a single feature, and with
 * the caller's x, gamma and beta compared before and after.
 */
public final class BatchNormForwardCheck extends Exercise {
    /** Hint: unbiased variance. */
    public static final Hint UNBIASED = Hint.of("the variance is the unbiased one (divided by n - 1), where batch "
            + "norm uses the batch's own, biased variance", "divide by n: x.var(false, 0)");
    /** Hint: eps outside the square root. */
    public static final Hint EPS_OUTSIDE = Hint.of("eps is added outside the square root", "divide by "
            + "sqrt(var + eps); it matters for a feature whose variance is near eps (the middle column here)");
    /** Hint: eps forgotten. */
    public static final Hint NO_EPS = Hint.of("eps is missing: a feature whose variance is near 0 (the middle "
            + "column here) is blown up", "divide by sqrt(var + eps), eps = 1e-5");
    /** Hint: divided by the variance. */
    public static final Hint NO_ROOT = Hint.of("divided by the variance, not by the standard deviation",
            "divide by sqrt(var + eps)");
    /** Hint: no scale and shift. */
    public static final Hint NO_SCALE_SHIFT = Hint.of("x̂ is right, but gamma and beta are not applied (or only "
            + "one of them)", "return gamma · x̂ + beta");
    /** Hint: the mean not subtracted. */
    public static final Hint MEAN_KEPT = Hint.of("the output is divided by the standard deviation, but the mean is "
            + "not subtracted first", "x̂ = (x - mean) / sqrt(var + eps)");
    /** Hint: gamma and beta swapped. */
    public static final Hint SWAPPED = Hint.of("gamma and beta are swapped", "gamma scales x̂ and beta shifts it: "
            + "gamma · x̂ + beta");
    /** Hint: normalized over the wrong axis. */
    public static final Hint WRONG_AXIS = Hint.of("the statistics are taken over the wrong axis: each row (sample), "
            + "or the whole batch, instead of each feature", "mean and variance over the batch, axis 0: one value "
            + "per column");
    /** Hint: normalized with the running statistics in training. */
    public static final Hint RUNNING_IN_TRAINING = Hint.of("training normalized with the running statistics; those "
            + "are for inference", "in training use the batch's own mean and variance");
    /** Hint: running statistics not updated in place. */
    public static final Hint NOT_IN_PLACE = Hint.of("the running statistics did not change: assigning a new array "
            + "to the parameter changes only your local variable", "update the arrays you were given in place: "
            + "runningMean.assign(...), or muli/addi");
    /** Hint: PyTorch's momentum used as DL4J's decay. */
    public static final Hint MOMENTUM_AS_DECAY = Hint.of("the running statistics moved 90% of the way to the "
            + "batch's: PyTorch's momentum 0.1 was taken as DL4J's decay", "running = 0.9 · running + 0.1 · batch");
    /** Hint: the running variance is the unbiased one. */
    public static final Hint RUNNING_UNBIASED = Hint.of("the running variance averages the unbiased batch variance, "
            + "as PyTorch stores it; DL4J averages the biased one", "running variance = 0.9 · running + 0.1 · "
            + "x.var(false, 0)");
    /** Hint: the running variance averaged the standard deviation. */
    public static final Hint RUNNING_STD = Hint.of("the running variance averages the standard deviation (or the "
            + "variance plus eps)", "average the biased batch variance itself: 0.9 · running + 0.1 · var");
    /** Hint: the running statistic replaced by the batch's. */
    public static final Hint RUNNING_REPLACED = Hint.of("the running statistic was replaced by the batch's, or "
            + "left out of the average", "running = 0.9 · running + 0.1 · batch statistic");

    static final double DECAY = 0.9;
    static final double EPS = 1e-5;

    /** Exercise 4. */
    public BatchNormForwardCheck() {
        super(4, "BatchNormForward", "batch norm in training: batch statistics, and the running-statistics update");
    }

    /** One input: a batch, gamma, beta and the running statistics before the call. */
    record Case(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean, INDArray runningVar) {
        String describe() {
            return Inputs.named("x", x) + ", " + Inputs.named("gamma", gamma) + ", " + Inputs.named("beta", beta)
                    + ", " + Inputs.named("runningMean", runningMean) + ", " + Inputs.named("runningVar", runningVar);
        }
    }

    static INDArray x() {
        return Nd4j.create(new double[][] {{1, 0.001, -1}, {2, 0.002, 0.5}, {4, 0.0015, 2}, {7, 0.003, 0}});
    }

    /** The cases: square with a near-constant feature first, then the guide's example, then random shapes. */
    static List<Case> cases() {
        return List.of(
                new Case(Nd4j.create(new double[][] {{1, 0.001, -1}, {2, 0.002, 0.5}, {4, 0.0015, 2}}),
                        Nd4j.create(new double[] {1.5, 1.0, 0.5}), Nd4j.create(new double[] {0.1, -0.2, 0.3}),
                        Nd4j.create(new double[] {0.5, 0, -1}), Nd4j.create(new double[] {2, 1, 0.5})),
                new Case(x(), Nd4j.create(new double[] {1.5, 1.0, 0.5}), Nd4j.create(new double[] {0.1, -0.2, 0.3}),
                        Nd4j.create(new double[] {0.5, 0, -1}), Nd4j.create(new double[] {2, 1, 0.5})),
                random(51, 5, 2), random(61, 2, 4), random(71, 6, 1));
    }

    private static Case random(long seed, int rows, int cols) {
        return new Case(Inputs.values(seed, rows, cols, -4, 6), Inputs.vector(seed + 1, cols, 0.5, 2),
                Inputs.vector(seed + 2, cols, -1, 1), Inputs.vector(seed + 3, cols, -1, 1),
                Inputs.vector(seed + 4, cols, 0.5, 3));
    }

    static INDArray normalize(INDArray x, INDArray mean, INDArray std, INDArray gamma, INDArray beta) {
        return x.subRowVector(mean).divRowVector(std).mulRowVector(gamma).addRowVector(beta);
    }

    /** The typical wrong outputs of a batch-norm pass that should normalize with {@code mean} and {@code var}. */
    static List<Mistake> outputMistakes(Case c, INDArray mean, INDArray var, boolean training) {
        INDArray x = c.x();
        INDArray g = c.gamma();
        INDArray b = c.beta();
        INDArray std = Transforms.sqrt(var.add(EPS));
        var list = new java.util.ArrayList<Mistake>();
        if (training) {
            INDArray unbiased = x.var(true, 0);
            list.add(Mistake.gives(normalize(x, mean, Transforms.sqrt(unbiased.add(EPS)), g, b), UNBIASED));
            list.add(Mistake.gives(normalize(x, mean, Transforms.sqrt(unbiased).add(EPS), g, b), UNBIASED));
            list.add(Mistake.gives(normalize(x, mean, Transforms.sqrt(unbiased), g, b), UNBIASED));
            list.add(Mistake.gives(normalize(x, c.runningMean(), Transforms.sqrt(c.runningVar().add(EPS)), g, b),
                    RUNNING_IN_TRAINING));
            INDArray rm = c.runningMean().mul(DECAY).add(mean.mul(1 - DECAY));
            INDArray rv = c.runningVar().mul(DECAY).add(var.mul(1 - DECAY));
            list.add(Mistake.gives(normalize(x, rm, Transforms.sqrt(rv.add(EPS)), g, b), RUNNING_IN_TRAINING));
            if (x.rows() == x.columns()) {
                INDArray rowStd = Transforms.sqrt(x.var(false, 1).add(EPS));
                list.add(Mistake.gives(x.subColumnVector(x.mean(1)).divColumnVector(rowStd).mulRowVector(g)
                        .addRowVector(b), WRONG_AXIS));
                list.add(Mistake.gives(x.subColumnVector(x.mean(1)).divColumnVector(Transforms.sqrt(x.var(true, 1)
                        .add(EPS))).mulRowVector(g).addRowVector(b), WRONG_AXIS));
            }
            double all = x.meanNumber().doubleValue();
            double allVar = x.varNumber().doubleValue() * (x.length() - 1) / x.length();
            list.add(Mistake.gives(x.sub(all).div(Math.sqrt(allVar + EPS)).mulRowVector(g).addRowVector(b),
                    WRONG_AXIS));
            list.add(Mistake.gives(x.sub(all).div(Math.sqrt(x.varNumber().doubleValue() + EPS)).mulRowVector(g)
                    .addRowVector(b), WRONG_AXIS));
        }
        list.add(Mistake.gives(normalize(x, mean, Transforms.sqrt(var).add(EPS), g, b), EPS_OUTSIDE));
        list.add(Mistake.gives(normalize(x, mean, Transforms.sqrt(var), g, b), NO_EPS));
        list.add(Mistake.gives(normalize(x, mean, var.add(EPS), g, b), NO_ROOT));
        list.add(Mistake.gives(normalize(x, mean, var, g, b), NO_ROOT));
        INDArray ones = g.mul(0).add(1);
        INDArray zeros = b.mul(0);
        list.add(Mistake.gives(normalize(x, mean, std, ones, zeros), NO_SCALE_SHIFT));
        list.add(Mistake.gives(normalize(x, mean, std, g, zeros), NO_SCALE_SHIFT));
        list.add(Mistake.gives(normalize(x, mean, std, ones, b), NO_SCALE_SHIFT));
        list.add(Mistake.gives(normalize(x, mean, std, b, g), SWAPPED));
        list.add(Mistake.gives(normalize(x, mean.mul(0), std, g, b), MEAN_KEPT));
        return list;
    }

    /** DL4J's batch norm layers and ND4J's batch norm ops, which would do the exercised part. */
    static final List<String> BATCH_NORM_CODE = List.of("dev/dl4jlessons/scratch/",
            "org/deeplearning4j/nn/layers/normalization/", "org/deeplearning4j/nn/conf/layers/BatchNormalization",
            "org/nd4j/linalg/api/ops/impl/layers/convolution/BatchNorm", "org/nd4j/linalg/factory/ops/NDNN",
            "org/nd4j/linalg/factory/ops/NDCNN", "org/nd4j/autodiff/");

    @Override
    public List<String> forbidden() {
        return BATCH_NORM_CODE;
    }

    @Override
    public void check(Student student) throws CheckFailure {
        for (Case c : cases()) {
            INDArray x = c.x().dup();
            INDArray g = c.gamma().dup();
            INDArray b = c.beta().dup();
            INDArray rm = c.runningMean().dup();
            INDArray rv = c.runningVar().dup();
            String call = "train(" + c.describe() + ")";
            var before = Inputs.before(x, g, b);
            INDArray got = student.call("train", new Class<?>[] {INDArray.class, INDArray.class, INDArray.class,
                INDArray.class, INDArray.class}, x, g, b, rm, rv);
            before.requireUnchanged(call, "x", "gamma", "beta");
            Inputs.requireNew(call, got, x, rm, rv);
            INDArray mean = c.x().mean(0);
            INDArray var = c.x().var(false, 0);
            Mistake.compare(call, normalize(c.x(), mean, Transforms.sqrt(var.add(EPS)), c.gamma(), c.beta()), got,
                    1e-6, outputMistakes(c, mean, var, true), Hint.of("the output differs from batch norm's",
                            "normalize each feature (column) with the batch's mean and biased variance: "
                                    + "(x - mean) / sqrt(var + eps), then gamma · x̂ + beta"));
            running(call + " then runningMean", c.runningMean(), mean, mean, rm, false);
            running(call + " then runningVar", c.runningVar(), var, c.x().var(true, 0), rv, true);
        }
    }

    private static void running(String call, INDArray before, INDArray batch, INDArray unbiased, INDArray got,
            boolean variance) throws CheckFailure {
        var mistakes = new java.util.ArrayList<Mistake>(List.of(
                Mistake.gives(before, NOT_IN_PLACE),
                Mistake.gives(before.mul(1 - DECAY).add(batch.mul(DECAY)), MOMENTUM_AS_DECAY),
                Mistake.gives(batch, RUNNING_REPLACED),
                Mistake.gives(batch.mul(1 - DECAY), RUNNING_REPLACED),
                Mistake.gives(before.mul(DECAY), RUNNING_REPLACED)));
        if (variance) {
            mistakes.add(Mistake.gives(before.mul(DECAY).add(unbiased.mul(1 - DECAY)), RUNNING_UNBIASED));
            mistakes.add(Mistake.gives(before.mul(1 - DECAY).add(unbiased.mul(DECAY)), MOMENTUM_AS_DECAY));
            mistakes.add(Mistake.gives(before.mul(DECAY).add(Transforms.sqrt(batch.add(EPS)).mul(1 - DECAY)),
                    RUNNING_STD));
            mistakes.add(Mistake.gives(before.mul(DECAY).add(Transforms.sqrt(batch).mul(1 - DECAY)), RUNNING_STD));
            mistakes.add(Mistake.gives(before.mul(DECAY).add(batch.add(EPS).mul(1 - DECAY)), RUNNING_STD));
        }
        Mistake.compare(call, before.mul(DECAY).add(batch.mul(1 - DECAY)), got, 1e-6, mistakes,
                Hint.of("the running " + (variance ? "variance" : "mean") + " was updated wrongly",
                        "running = 0.9 · running + 0.1 · batch " + (variance ? "biased variance" : "mean")
                                + ", in place"));
    }
}
