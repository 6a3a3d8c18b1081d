package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Student;

/** Exercise 2: the gradient of inverted dropout, through the same mask as the forward pass. */
public final class DropoutBackwardCheck extends Exercise {
    /** Hint: the gradient not scaled. */
    public static final String NO_SCALING = "the gradient is masked but not scaled: the forward pass multiplied "
            + "kept units by 1/(1 - p), so their gradient is multiplied by 1/(1 - p) too";
    /** Hint: the gradient not masked. */
    public static final String NOT_MASKED = "the gradient reaches dropped units: a unit zeroed in the forward pass "
            + "had no effect on the loss, so its gradient is 0 (multiply by the same mask as the forward pass)";
    /** Hint: the drop probability used as the retain probability. */
    public static final String DROP_AS_RETAIN = DropoutForwardCheck.DROP_AS_RETAIN;

    /** Exercise 2. */
    public DropoutBackwardCheck() {
        super(2, "DropoutBackward", "the gradient of inverted dropout through its mask");
    }

    @Override
    public List<String> forbidden() {
        return new DropoutForwardCheck().forbidden();
    }

    @Override
    public void check(Student student) throws CheckFailure {
        INDArray dy = Nd4j.create(new double[][] {{0.5, -1, 2, 1}, {-0.5, 1.5, 3, -2}});
        INDArray u = DropoutForwardCheck.uniform();
        double p = DropoutForwardCheck.P;
        double retain = 1 - p;
        INDArray keep = DropoutForwardCheck.keep(u, retain);
        String call = "backward(gradOutput [2, 4] = [[0.5, -1, 2, 1], [-0.5, 1.5, 3, -2]], uniform [2, 4], p 0.2)";
        INDArray got = student.call("backward", new Class<?>[] {INDArray.class, INDArray.class, double.class},
                dy.dup(), u.dup(), p);
        INDArray wrongKeep = DropoutForwardCheck.keep(u, p);
        Mistake.compare(call, dy.mul(keep).div(retain), got, 1e-6, List.of(
                Mistake.gives(dy.mul(keep), NO_SCALING),
                Mistake.gives(dy.div(retain), NOT_MASKED),
                Mistake.gives(dy, NOT_MASKED),
                Mistake.gives(dy.mul(wrongKeep).div(p), DROP_AS_RETAIN),
                Mistake.gives(dy.mul(wrongKeep).div(retain), DROP_AS_RETAIN)),
                "multiply the gradient by the forward pass's mask: 0 for a dropped unit, 1/(1 - p) for a kept one");
    }
}
