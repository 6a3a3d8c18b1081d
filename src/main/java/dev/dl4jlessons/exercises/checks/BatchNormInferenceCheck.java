package dev.dl4jlessons.exercises.checks;

import java.util.ArrayList;
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
 * Exercise 5: batch norm at inference, with the running statistics. Checked on exercise 4's inputs and on a batch of
 * one row, where the batch's own statistics cannot work; every array given must come back unchanged.
 */
public final class BatchNormInferenceCheck extends Exercise {
    /** Hint: batch statistics at inference. */
    public static final Hint BATCH_STATISTICS = Hint.of("the output is normalized with the batch's own statistics, "
            + "so a row's output depends on the other rows of its batch", "at inference use the running mean and "
            + "variance");
    /** Hint: running statistics updated at inference. */
    public static final Hint UPDATED_IN_INFERENCE = Hint.of("the running statistics changed during inference; they "
            + "move only in training (DL4J's output(x, false) leaves them alone)", "read runningMean and runningVar; "
            + "never write them here");
    /** Hint: eps outside the square root. */
    public static final Hint EPS_OUTSIDE = BatchNormForwardCheck.EPS_OUTSIDE;
    /** Hint: eps forgotten. */
    public static final Hint NO_EPS = BatchNormForwardCheck.NO_EPS;
    /** Hint: divided by the variance. */
    public static final Hint NO_ROOT = BatchNormForwardCheck.NO_ROOT;

    /** Exercise 5. */
    public BatchNormInferenceCheck() {
        super(5, "BatchNormInference", "batch norm at inference, with the running statistics");
    }

    @Override
    public List<String> forbidden() {
        return BatchNormForwardCheck.BATCH_NORM_CODE;
    }

    static List<BatchNormForwardCheck.Case> cases() {
        var cases = new ArrayList<>(BatchNormForwardCheck.cases());
        cases.add(new BatchNormForwardCheck.Case(Nd4j.create(new double[][] {{0.5, -1.5, 2}}),
                Nd4j.create(new double[] {1.5, 0.5, 2}), Nd4j.create(new double[] {0.1, 0.2, -0.3}),
                Nd4j.create(new double[] {1, -1, 0.5}), Nd4j.create(new double[] {4, 0.25, 1})));
        // a running variance near eps, so that eps matters at inference too
        cases.set(0, new BatchNormForwardCheck.Case(cases.get(0).x(), cases.get(0).gamma(), cases.get(0).beta(),
                cases.get(0).runningMean(), Nd4j.create(new double[] {2, 1e-6, 0.5})));
        return cases;
    }

    @Override
    public void check(Student student) throws CheckFailure {
        for (var c : cases()) {
            INDArray x = c.x().dup();
            INDArray g = c.gamma().dup();
            INDArray b = c.beta().dup();
            INDArray rm = c.runningMean().dup();
            INDArray rv = c.runningVar().dup();
            String call = "inference(" + c.describe() + ")";
            var before = Inputs.before(x, g, b, rm, rv);
            INDArray got = student.call("inference", new Class<?>[] {INDArray.class, INDArray.class, INDArray.class,
                INDArray.class, INDArray.class}, x, g, b, rm, rv);
            try {
                before.requireUnchanged(call, "x", "gamma", "beta", "runningMean", "runningVar");
            } catch (CheckFailure f) {
                if (f.call().contains(" then running")) {
                    throw new CheckFailure(f.call(), f.expected(), f.got(), UPDATED_IN_INFERENCE);
                }
                throw f;
            }
            Inputs.requireNew(call, got, x);
            double eps = BatchNormForwardCheck.EPS;
            var running = new BatchNormForwardCheck.Case(c.x(), c.gamma(), c.beta(), c.runningMean(),
                    c.runningVar());
            var mistakes = new ArrayList<Mistake>();
            INDArray mean = c.x().mean(0);
            INDArray var = c.x().var(false, 0);
            mistakes.add(Mistake.gives(BatchNormForwardCheck.normalize(c.x(), mean, Transforms.sqrt(var.add(eps)),
                    c.gamma(), c.beta()), BATCH_STATISTICS));
            if (c.x().rows() > 1) {
                mistakes.add(Mistake.gives(BatchNormForwardCheck.normalize(c.x(), mean,
                        Transforms.sqrt(c.x().var(true, 0).add(eps)), c.gamma(), c.beta()), BATCH_STATISTICS));
            }
            mistakes.addAll(BatchNormForwardCheck.outputMistakes(running, c.runningMean(), c.runningVar(), false));
            Mistake.compare(call, BatchNormForwardCheck.normalize(c.x(), c.runningMean(),
                    Transforms.sqrt(c.runningVar().add(eps)), c.gamma(), c.beta()), got, 1e-6, mistakes,
                    Hint.of("the output differs from batch norm's at inference", "(x - runningMean) / "
                            + "sqrt(runningVar + eps), then gamma · x̂ + beta"));
        }
    }
}
