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
 * Exercise 6: batch norm's backward pass in training, dx, dgamma and dbeta, on exercise 4's inputs (a square batch
 * first, a feature with variance far below eps, random shapes) with random gradients; x, gamma and gradOutput must
 * come back unchanged.
 */
public final class BatchNormBackwardCheck extends Exercise {
    /** Hint: summed over the wrong axis. */
    public static final Hint WRONG_AXIS = Hint.of("summed over the wrong axis: gamma and beta have one value per "
            + "feature", "sum over the batch (axis 0, the rows), giving one number per column");
    /** Hint: averaged instead of summed. */
    public static final Hint MEAN_NOT_SUM = Hint.of("averaged over the batch where the gradient sums: each row adds "
            + "its own contribution to the loss", "sum over axis 0, not mean");
    /** Hint: dgamma without x̂. */
    public static final Hint DGAMMA_NO_XHAT = Hint.of("dgamma is the sum of dy alone: it leaves out what gamma "
            + "multiplies", "y = gamma · x̂ + beta, so dgamma = sum over the batch of dy · x̂");
    /** Hint: dgamma with x instead of x̂. */
    public static final Hint DGAMMA_WITH_X = Hint.of("dgamma multiplies dy by x, but gamma multiplies the "
            + "normalized x̂", "dgamma = sum over the batch of dy · x̂, x̂ = (x - mean) / sqrt(var + eps)");
    /** Hint: dx without the mean terms. */
    public static final Hint DX_NO_MEANS = Hint.of("dx misses the terms that come from the batch mean and variance: "
            + "every row of x moves them", "dx = (gamma / std) · (dy - mean(dy) - x̂ · mean(dy · x̂)), means over "
            + "the batch");
    /** Hint: dx without gamma. */
    public static final Hint DX_NO_GAMMA = Hint.of("dx leaves out gamma, which scales every path from x to y",
            "multiply by gamma / std, per feature");
    /** Hint: the unbiased variance. */
    public static final Hint UNBIASED = Hint.of("the standard deviation uses the unbiased variance (n - 1), where "
            + "the forward pass used the biased one", "std = sqrt(x.var(false, 0) + eps), as in exercise 4");
    /** Hint: eps left out. */
    public static final Hint NO_EPS = Hint.of("the standard deviation leaves out eps (or adds it outside the root), "
            + "so the near-constant feature gets a huge gradient", "std = sqrt(var + eps), eps = 1e-5, as in the "
            + "forward pass");
    /** Hint: a sign flipped in dx. */
    public static final Hint DX_SIGN = Hint.of("a term of dx has the wrong sign", "dx = (gamma / std) · (dy - "
            + "mean(dy) - x̂ · mean(dy · x̂))");

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
        int seed = 80;
        for (var c : BatchNormForwardCheck.cases()) {
            INDArray x = c.x();
            INDArray g = c.gamma();
            INDArray dy = x.rows() == 4 && x.columns() == 3 ? dy() : Inputs.values(seed++, x.rows(), x.columns(), -1,
                    1);
            String call = "backward(" + Inputs.named("x", x) + ", " + Inputs.named("gamma", g) + ", "
                    + Inputs.named("gradOutput", dy) + ")";
            INDArray xs = x.dup();
            INDArray gs = g.dup();
            INDArray dys = dy.dup();
            var before = Inputs.before(xs, gs, dys);
            Object gradients = student.call("backward", new Class<?>[] {INDArray.class, INDArray.class,
                INDArray.class}, xs, gs, dys);
            before.requireUnchanged(call, "x", "gamma", "gradOutput");
            if (gradients == null) {
                throw new CheckFailure(call, "Gradients(dx, dgamma, dbeta)", "null", "return new Gradients(dx, "
                        + "dgamma, dbeta)");
            }
            double eps = BatchNormForwardCheck.EPS;
            INDArray var = x.var(false, 0);
            INDArray std = Transforms.sqrt(var.add(eps));
            INDArray xHat = x.subRowVector(x.mean(0)).divRowVector(std);
            INDArray dbeta = dy.sum(0);
            INDArray dgamma = dy.mul(xHat).sum(0);
            INDArray unbiasedStd = Transforms.sqrt(x.var(true, 0).add(eps));
            INDArray xHatU = x.subRowVector(x.mean(0)).divRowVector(unbiasedStd);
            INDArray noEpsStd = Transforms.sqrt(var);
            INDArray xHatN = x.subRowVector(x.mean(0)).divRowVector(noEpsStd);
            INDArray outStd = Transforms.sqrt(var).add(eps);
            INDArray xHatO = x.subRowVector(x.mean(0)).divRowVector(outStd);
            INDArray gotBeta = component(gradients, "dbeta");
            Inputs.requireNew(call + ".dbeta()", gotBeta, dys);
            Mistake.compare(call + ".dbeta()", dbeta, gotBeta, 1e-6, List.of(
                    Mistake.gives(dy.sum(1), WRONG_AXIS),
                    Mistake.when(a -> a.length() == x.rows() && x.rows() != x.columns(), WRONG_AXIS),
                    Mistake.gives(dy.mean(0), MEAN_NOT_SUM),
                    Mistake.gives(dy.sumNumber().doubleValue() == 0 ? dbeta.add(1) : dbeta.mul(0).add(
                            dy.sumNumber().doubleValue()), WRONG_AXIS)),
                    Hint.of("dbeta is wrong", "dbeta = sum over the batch of dy"));
            Mistake.compare(call + ".dgamma()", dgamma, component(gradients, "dgamma"), 1e-6, List.of(
                    Mistake.gives(dy.mul(xHat).sum(1), WRONG_AXIS),
                    Mistake.when(a -> a.length() == x.rows() && x.rows() != x.columns(), WRONG_AXIS),
                    Mistake.gives(dy.mul(xHat).mean(0), MEAN_NOT_SUM),
                    Mistake.gives(dbeta, DGAMMA_NO_XHAT),
                    Mistake.gives(dy.mul(x).sum(0), DGAMMA_WITH_X),
                    Mistake.gives(dy.mul(xHatU).sum(0), UNBIASED),
                    Mistake.gives(dy.mul(xHatN).sum(0), NO_EPS),
                    Mistake.gives(dy.mul(xHatO).sum(0), NO_EPS)),
                    Hint.of("dgamma is wrong", "dgamma = sum over the batch of dy · x̂"));
            INDArray scale = g.div(std);
            INDArray dx = dxOf(dy, xHat, scale);
            Mistake.compare(call + ".dx()", dx, component(gradients, "dx"), 1e-6, List.of(
                    Mistake.gives(dy.mulRowVector(scale), DX_NO_MEANS),
                    Mistake.gives(dy.subRowVector(dy.mean(0)).mulRowVector(scale), DX_NO_MEANS),
                    Mistake.gives(dy.sub(xHat.mulRowVector(dy.mul(xHat).mean(0))).mulRowVector(scale), DX_NO_MEANS),
                    Mistake.gives(dxOf(dy, xHat, std.rdiv(1)), DX_NO_GAMMA),
                    Mistake.gives(dxOf(dy, xHat, g), DX_NO_GAMMA),
                    Mistake.gives(dxOf(dy, xHatU, g.div(unbiasedStd)), UNBIASED),
                    Mistake.gives(dxOf(dy, xHat, g.div(unbiasedStd)), UNBIASED),
                    Mistake.gives(dxOf(dy, xHatN, g.div(noEpsStd)), NO_EPS),
                    Mistake.gives(dxOf(dy, xHat, g.div(noEpsStd)), NO_EPS),
                    Mistake.gives(dxOf(dy, xHatO, g.div(outStd)), NO_EPS),
                    Mistake.gives(dy.subRowVector(dy.mean(0)).add(xHat.mulRowVector(dy.mul(xHat).mean(0)))
                            .mulRowVector(scale), DX_SIGN),
                    Mistake.gives(dy.addRowVector(dy.mean(0)).sub(xHat.mulRowVector(dy.mul(xHat).mean(0)))
                            .mulRowVector(scale), DX_SIGN),
                    Mistake.gives(dx.neg(), DX_SIGN)),
                    Hint.of("dx is wrong", "dx = (gamma / std) · (dy - mean(dy) - x̂ · mean(dy · x̂)), means over "
                            + "the batch (axis 0)"));
        }
    }

    private static INDArray dxOf(INDArray dy, INDArray xHat, INDArray scale) {
        return dy.subRowVector(dy.mean(0)).sub(xHat.mulRowVector(dy.mul(xHat).mean(0))).mulRowVector(scale);
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
