package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Student;

/** Exercise 4: batch norm's training pass with the batch statistics, and DL4J's running-statistics update. */
public final class BatchNormForwardCheck extends Exercise {
    /** Hint: unbiased variance. */
    public static final String UNBIASED = "the variance is the unbiased one (divided by n - 1); batch norm "
            + "normalizes with the biased batch variance, divided by n: x.var(false, 0)";
    /** Hint: eps outside the square root. */
    public static final String EPS_OUTSIDE = "eps is added outside the square root; divide by sqrt(var + eps), "
            + "which matters for a feature whose variance is near eps (the middle column here)";
    /** Hint: no scale and shift. */
    public static final String NO_SCALE_SHIFT = "x̂ is right, but it is not scaled and shifted: return "
            + "gamma · x̂ + beta";
    /** Hint: running statistics not updated in place. */
    public static final String NOT_IN_PLACE = "the running statistics did not change: update the arrays you were "
            + "given in place (runningMean.assign(...), or muli/addi); assigning a new array to the parameter changes "
            + "only your local variable";
    /** Hint: PyTorch's momentum used as DL4J's decay. */
    public static final String MOMENTUM_AS_DECAY = "the running statistics moved 90% of the way to the batch's: "
            + "PyTorch's momentum 0.1 was taken as DL4J's decay. running = 0.9 · running + 0.1 · batch";
    /** Hint: the running variance is the unbiased one. */
    public static final String RUNNING_UNBIASED = "the running variance uses the unbiased batch variance, as "
            + "PyTorch stores it; DL4J's running variance averages the biased one (divided by n)";

    static final double DECAY = 0.9;
    static final double EPS = 1e-5;

    /** Exercise 4. */
    public BatchNormForwardCheck() {
        super(4, "BatchNormForward", "batch norm in training: batch statistics, and the running-statistics update");
    }

    static INDArray x() {
        return Nd4j.create(new double[][] {{1, 0.001, -1}, {2, 0.002, 0.5}, {4, 0.0015, 2}, {7, 0.003, 0}});
    }

    static INDArray gamma() {
        return Nd4j.create(new double[] {1.5, 1.0, 0.5});
    }

    static INDArray beta() {
        return Nd4j.create(new double[] {0.1, -0.2, 0.3});
    }

    static INDArray runningMean() {
        return Nd4j.create(new double[] {0.5, 0, -1});
    }

    static INDArray runningVar() {
        return Nd4j.create(new double[] {2, 1, 0.5});
    }

    static final String INPUT = "x [4, 3] = [[1, 0.001, -1], [2, 0.002, 0.5], [4, 0.0015, 2], [7, 0.003, 0]], "
            + "gamma [1.5, 1, 0.5], beta [0.1, -0.2, 0.3], runningMean [0.5, 0, -1], runningVar [2, 1, 0.5]";

    static INDArray normalize(INDArray x, INDArray mean, INDArray std, INDArray gamma, INDArray beta) {
        return x.subRowVector(mean).divRowVector(std).mulRowVector(gamma).addRowVector(beta);
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
        INDArray x = x();
        INDArray g = gamma();
        INDArray b = beta();
        INDArray rm = runningMean();
        INDArray rv = runningVar();
        INDArray got = student.call("train", new Class<?>[] {INDArray.class, INDArray.class, INDArray.class,
            INDArray.class, INDArray.class}, x.dup(), g.dup(), b.dup(), rm, rv);
        INDArray mean = x.mean(0);
        INDArray var = x.var(false, 0);
        INDArray unbiased = x.var(true, 0);
        INDArray std = Transforms.sqrt(var.add(EPS));
        Mistake.compare("train(" + INPUT + ")", normalize(x, mean, std, g, b), got, 1e-6, List.of(
                Mistake.gives(normalize(x, mean, Transforms.sqrt(unbiased.add(EPS)), g, b), UNBIASED),
                Mistake.gives(normalize(x, mean, Transforms.sqrt(unbiased).add(EPS), g, b), UNBIASED),
                Mistake.gives(normalize(x, mean, Transforms.sqrt(var).add(EPS), g, b), EPS_OUTSIDE),
                Mistake.gives(normalize(x, mean, std, g.mul(0).add(1), b.mul(0)), NO_SCALE_SHIFT)),
                "normalize each feature (column) with the batch's mean and biased variance: "
                        + "(x - mean) / sqrt(var + eps), then gamma · x̂ + beta");

        String call = "train(" + INPUT + ") then runningMean";
        INDArray before = runningMean();
        Mistake.compare(call, before.mul(DECAY).add(mean.mul(1 - DECAY)), rm, 1e-6, List.of(
                Mistake.gives(before, NOT_IN_PLACE),
                Mistake.gives(before.mul(1 - DECAY).add(mean.mul(DECAY)), MOMENTUM_AS_DECAY)),
                "running = 0.9 · running + 0.1 · batch mean, in place");
        call = "train(" + INPUT + ") then runningVar";
        INDArray beforeVar = runningVar();
        Mistake.compare(call, beforeVar.mul(DECAY).add(var.mul(1 - DECAY)), rv, 1e-6, List.of(
                Mistake.gives(beforeVar, NOT_IN_PLACE),
                Mistake.gives(beforeVar.mul(1 - DECAY).add(var.mul(DECAY)), MOMENTUM_AS_DECAY),
                Mistake.gives(beforeVar.mul(1 - DECAY).add(unbiased.mul(DECAY)), MOMENTUM_AS_DECAY),
                Mistake.gives(beforeVar.mul(DECAY).add(unbiased.mul(1 - DECAY)), RUNNING_UNBIASED)),
                "running variance = 0.9 · running + 0.1 · biased batch variance, in place");
    }
}
