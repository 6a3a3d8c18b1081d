package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Inputs;
import dev.dl4jlessons.exercises.Student;

/**
 * Exercise 2: the gradient of inverted dropout, through the same mask as the forward pass. Checked on the same
 * kinds of input as exercise 1, and named the same way: which units pass the gradient, and by which factor.
 */
public final class DropoutBackwardCheck extends Exercise {
    /** Hint: the gradient not scaled. */
    public static final Hint NO_SCALING = Hint.of("the gradient is masked but not scaled, though the forward pass "
            + "scaled the kept units", "multiply the kept units' gradient by 1/(1 - p) too");
    /** Hint: the gradient not masked. */
    public static final Hint NOT_MASKED = Hint.of("the gradient reaches units the forward pass dropped: a dropped "
            + "unit had no effect on the loss", "multiply dL/dy by the forward pass's mask: 0 for a dropped unit, "
            + "1/(1 - p) for a kept one");
    /** Hint: the drop probability used as the retain probability. */
    public static final Hint DROP_AS_RETAIN = DropoutForwardCheck.DROP_AS_RETAIN;

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
        var cases = new java.util.ArrayList<>(DropoutForwardCheck.cases());
        cases.set(0, new DropoutForwardCheck.Case(Nd4j.create(new double[][] {{0.5, -1, 2, 1}, {-0.5, 1.5, 3, -2}}),
                DropoutForwardCheck.uniform(), DropoutForwardCheck.P));
        for (var c : cases) {
            String call = "backward(" + Inputs.named("gradOutput", c.x()) + ", " + Inputs.named("uniform", c.u())
                    + ", p " + Inputs.number(c.p()) + ")";
            INDArray dy = c.x().dup();
            INDArray u = c.u().dup();
            var before = Inputs.before(dy, u);
            INDArray got = student.call("backward", new Class<?>[] {INDArray.class, INDArray.class, double.class},
                    dy, u, c.p());
            before.requireUnchanged(call, "gradOutput", "uniform");
            Inputs.requireNew(call, got, dy, u);
            try {
                DropoutForwardCheck.masked(call, c, got, true);
            } catch (CheckFailure f) {
                if (DropoutForwardCheck.NO_SCALING.mistake().equals(f.hint())) {
                    throw new CheckFailure(f.call(), f.expected(), f.got(), NO_SCALING);
                }
                throw f;
            }
        }
    }
}
