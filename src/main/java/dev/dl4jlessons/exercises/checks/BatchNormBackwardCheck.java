package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Student;

/** Exercise 6: batch norm's backward pass in training, dx, dgamma and dbeta. */
public final class BatchNormBackwardCheck extends Exercise {
    /** Hint: summed over the wrong axis. */
    public static final String WRONG_AXIS = "summed over the wrong axis: gamma and beta have one value per feature, "
            + "so their gradients sum over the batch (axis 0, the rows), giving one number per column";
    /** Hint: dgamma without x̂. */
    public static final String DGAMMA_NO_XHAT = "dgamma is the sum of dy alone; y = gamma · x̂ + beta, so "
            + "dgamma = sum over the batch of dy · x̂";
    /** Hint: dx without the mean terms. */
    public static final String DX_NO_MEANS = "dx misses the terms from the batch mean and variance: every row's x "
            + "moves the mean and variance, so dx = (gamma / std) · (dy - mean(dy) - x̂ · mean(dy · x̂)), means over "
            + "the batch";

    /** Exercise 6. */
    public BatchNormBackwardCheck() {
        super(6, "BatchNormBackward", "batch norm's backward pass: dx, dgamma and dbeta");
    }

    @Override
    public List<String> forbidden() {
        return BatchNormForwardCheck.BATCH_NORM_CODE;
    }

    static INDArray dy() {
        return Nd4j.create(new double[][] {{0.5, -1, 0.2}, {1, 0.3, -0.5}, {-0.2, 0.8, 1}, {0.4, -0.6, 0.1}});
    }

    @Override
    public void check(Student student) throws CheckFailure {
        INDArray x = BatchNormForwardCheck.x();
        INDArray g = BatchNormForwardCheck.gamma();
        INDArray dy = dy();
        String call = "backward(" + "x [4, 3] = [[1, 0.001, -1], [2, 0.002, 0.5], [4, 0.0015, 2], [7, 0.003, 0]], "
                + "gamma [1.5, 1, 0.5], gradOutput [4, 3] = [[0.5, -1, 0.2], [1, 0.3, -0.5], [-0.2, 0.8, 1], "
                + "[0.4, -0.6, 0.1]])";
        Object gradients = student.call("backward", new Class<?>[] {INDArray.class, INDArray.class, INDArray.class},
                x.dup(), g.dup(), dy.dup());
        if (gradients == null) {
            throw new CheckFailure(call, "Gradients(dx, dgamma, dbeta)", "null", "return new Gradients(dx, dgamma, "
                    + "dbeta)");
        }
        INDArray std = Transforms.sqrt(x.var(false, 0).add(BatchNormForwardCheck.EPS));
        INDArray xHat = x.subRowVector(x.mean(0)).divRowVector(std);
        INDArray dbeta = dy.sum(0);
        INDArray dgamma = dy.mul(xHat).sum(0);
        Mistake.compare(call + ".dbeta()", dbeta, component(gradients, "dbeta"), 1e-6, List.of(
                Mistake.gives(dy.sum(1), WRONG_AXIS),
                Mistake.when(a -> a.length() == x.rows(), WRONG_AXIS)),
                "dbeta = sum over the batch of dy");
        Mistake.compare(call + ".dgamma()", dgamma, component(gradients, "dgamma"), 1e-6, List.of(
                Mistake.gives(dy.mul(xHat).sum(1), WRONG_AXIS),
                Mistake.when(a -> a.length() == x.rows(), WRONG_AXIS),
                Mistake.gives(dbeta, DGAMMA_NO_XHAT)),
                "dgamma = sum over the batch of dy · x̂");
        INDArray scale = g.div(std);
        INDArray dx = dy.subRowVector(dy.mean(0)).sub(xHat.mulRowVector(dy.mul(xHat).mean(0))).mulRowVector(scale);
        Mistake.compare(call + ".dx()", dx, component(gradients, "dx"), 1e-6, List.of(
                Mistake.gives(dy.mulRowVector(scale), DX_NO_MEANS),
                Mistake.gives(dy.subRowVector(dy.mean(0)).mulRowVector(scale), DX_NO_MEANS),
                Mistake.gives(dy.sub(xHat.mulRowVector(dy.mul(xHat).mean(0))).mulRowVector(scale), DX_NO_MEANS)),
                "dx = (gamma / std) · (dy - mean(dy) - x̂ · mean(dy · x̂)), means over the batch (axis 0)");
    }

    /** A component of the student's {@code Gradients} record. */
    static INDArray component(Object record, String name) throws CheckFailure {
        Object value = Student.component(record, name, "record Gradients(INDArray dx, INDArray dgamma, INDArray dbeta)");
        if (!(value instanceof INDArray array)) {
            throw new CheckFailure("Gradients." + name + "()", "an INDArray", String.valueOf(value),
                    "return new Gradients(dx, dgamma, dbeta), each an INDArray");
        }
        return array;
    }
}
