package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Show;
import dev.dl4jlessons.exercises.Student;

/** Exercise 5: batch norm at inference, with the running statistics. */
public final class BatchNormInferenceCheck extends Exercise {
    /** Hint: batch statistics at inference. */
    public static final String BATCH_STATISTICS = "the output is normalized with the batch's own statistics; at "
            + "inference use the running mean and variance, so that a row's output does not depend on its batch";
    /** Hint: running statistics updated at inference. */
    public static final String UPDATED_IN_INFERENCE = "the running statistics changed during inference; they move "
            + "only in training (DL4J's output(x, false) leaves them alone)";
    /** Hint: eps outside the square root. */
    public static final String EPS_OUTSIDE = BatchNormForwardCheck.EPS_OUTSIDE;
    /** Hint: divided by the variance. */
    public static final String NO_ROOT = "divided by the variance; divide by the standard deviation "
            + "sqrt(runningVar + eps)";

    /** Exercise 5. */
    public BatchNormInferenceCheck() {
        super(5, "BatchNormInference", "batch norm at inference, with the running statistics");
    }

    @Override
    public List<String> forbidden() {
        return BatchNormForwardCheck.BATCH_NORM_CODE;
    }

    @Override
    public void check(Student student) throws CheckFailure {
        INDArray x = BatchNormForwardCheck.x();
        INDArray g = BatchNormForwardCheck.gamma();
        INDArray b = BatchNormForwardCheck.beta();
        INDArray rm = BatchNormForwardCheck.runningMean();
        INDArray rv = BatchNormForwardCheck.runningVar();
        String call = "inference(" + BatchNormForwardCheck.INPUT + ")";
        INDArray got = student.call("inference", new Class<?>[] {INDArray.class, INDArray.class, INDArray.class,
            INDArray.class, INDArray.class}, x.dup(), g.dup(), b.dup(), rm, rv);
        if (!Show.close(BatchNormForwardCheck.runningMean(), rm, 1e-12)
                || !Show.close(BatchNormForwardCheck.runningVar(), rv, 1e-12)) {
            throw new CheckFailure(call + " then runningMean, runningVar", "unchanged: "
                    + Show.array(BatchNormForwardCheck.runningMean()) + ", "
                    + Show.array(BatchNormForwardCheck.runningVar()), Show.array(rm) + ", " + Show.array(rv),
                    UPDATED_IN_INFERENCE);
        }
        double eps = BatchNormForwardCheck.EPS;
        INDArray mean = x.mean(0);
        INDArray var = x.var(false, 0);
        Mistake.compare(call, BatchNormForwardCheck.normalize(x, rm, Transforms.sqrt(rv.add(eps)), g, b), got, 1e-6,
                List.of(
                        Mistake.gives(BatchNormForwardCheck.normalize(x, mean, Transforms.sqrt(var.add(eps)), g, b),
                                BATCH_STATISTICS),
                        Mistake.gives(BatchNormForwardCheck.normalize(x, mean,
                                Transforms.sqrt(x.var(true, 0).add(eps)), g, b), BATCH_STATISTICS),
                        Mistake.gives(BatchNormForwardCheck.normalize(x, rm, Transforms.sqrt(rv).add(eps), g, b),
                                EPS_OUTSIDE),
                        Mistake.gives(BatchNormForwardCheck.normalize(x, rm, rv.add(eps), g, b), NO_ROOT),
                        Mistake.gives(BatchNormForwardCheck.normalize(x, rm, rv, g, b), NO_ROOT)),
                "(x - runningMean) / sqrt(runningVar + eps), then gamma · x̂ + beta");
    }
}
