package dev.dl4jlessons.exercises.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Show;
import dev.dl4jlessons.exercises.Student;

/** Exercise 7: a central-difference gradient check, then used on exercises 2 and 6. */
public final class GradientCheckCheck extends Exercise {
    /** Hint: one-sided differences. */
    public static final String ONE_SIDED = "every element is off by about the same amount: a one-sided difference "
            + "(f(x + h) - f(x)) / h has an error of h · f''/2; the central difference (f(x + h) - f(x - h)) / 2h "
            + "cancels it";
    /** Hint: float32. */
    public static final String FLOAT32 = "the step was taken in float32: with 7 significant digits, x + h loses most "
            + "of h; keep x, the step and f's input in DataType.DOUBLE";
    /** Hint: x not restored. */
    public static final String NOT_RESTORED = "x changed: put each element back after perturbing it (or perturb a "
            + "copy), or later elements are differentiated at the wrong point";
    /** Hint: step too large or too small. */
    public static final String STEP = "the gradient is off on a smooth function: take a step h of about 1e-5 to "
            + "1e-6 in double precision (a large step has truncation error, a tiny one rounding error)";
    /** Hint: relative error without the guard. */
    public static final String NO_GUARD = "where |a| + |b| is 0 or tiny the ratio means nothing (NaN for 0 against "
            + "0, 1 for 1e-10 against 0): divide by max(1e-8, |a| + |b|)";
    /** Hint: the gradient checks of exercises 2 and 6 fail. */
    public static final String BACKWARD_ERROR = "the relative error must be below 1e-6: build the inputs in "
            + "DataType.DOUBLE, compare the backward pass's dL/dx with numericGradient of L(x) = sum(forward(x) · "
            + "gradOutput), and hold everything else (uniform draws, gamma, gradOutput) fixed";

    /** Exercise 7. */
    public GradientCheckCheck() {
        super(7, "GradientCheck", "central differences, then a gradient check of exercises 2 and 6");
    }

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "org/deeplearning4j/gradientcheck/", "org/nd4j/autodiff/",
                "org/nd4j/linalg/api/ops/impl/layers/convolution/BatchNorm");
    }

    @Override
    public List<String> required() {
        return List.of("exercises/DropoutBackward", "exercises/BatchNormBackward");
    }

    private static final Class<?>[] NUMERIC = {Function.class, INDArray.class};

    @Override
    public void check(Student student) throws CheckFailure {
        var seen = new ArrayList<DataType>();
        INDArray x = Nd4j.create(new double[][] {{0.001, -0.002}, {0.003, 0.004}});
        INDArray given = x.dup();
        Function<INDArray, Double> square = a -> {
            seen.add(a.dataType());
            return a.mul(a).sumNumber().doubleValue();
        };
        String call = "numericGradient(f(x) = sum(x²), x [2, 2] = [[0.001, -0.002], [0.003, 0.004]])";
        INDArray got = student.call("numericGradient", NUMERIC, square, given);
        INDArray expected = x.mul(2);
        if (seen.stream().anyMatch(t -> t != DataType.DOUBLE) || got != null && got.dataType() != DataType.DOUBLE) {
            throw new CheckFailure(call, Show.array(expected), Show.array(got), FLOAT32);
        }
        if (!Show.close(x, given, 0)) {
            throw new CheckFailure(call + " then x", Show.array(x), Show.array(given), NOT_RESTORED);
        }
        relative(call, expected, got, List.of(Mistake.when(GradientCheckCheck::constantOffset, ONE_SIDED)), STEP);

        INDArray y = Nd4j.create(new double[][] {{1, 2}, {-1, 0.5}});
        call = "numericGradient(f(x) = sum(exp(x)), x [2, 2] = [[1, 2], [-1, 0.5]])";
        got = student.call("numericGradient", NUMERIC, (Function<INDArray, Double>) a -> Transforms.exp(a)
                .sumNumber().doubleValue(), y.dup());
        relative(call, Transforms.exp(y), got, List.of(), STEP);

        INDArray a = Nd4j.create(new double[] {1, 2, 0, 1e-10});
        INDArray b = Nd4j.create(new double[] {1.1, 2, 0, 0});
        call = "relativeError(a [1, 2, 0, 1e-10], b [1.1, 2, 0, 0])";
        double error = student.<Double>call("relativeError", new Class<?>[] {INDArray.class, INDArray.class}, a, b);
        if (!(Math.abs(error - 0.1 / 2.1) < 1e-9)) {
            throw new CheckFailure(call, Show.number(0.1 / 2.1) + " (max over elements of |a - b| / max(1e-8, "
                    + "|a| + |b|))", Show.number(error), Double.isNaN(error) || Math.abs(error - 1) < 1e-6 ? NO_GUARD
                    : "take the largest element's |a - b| / max(1e-8, |a| + |b|)");
        }
        for (String method : List.of("dropoutBackwardError", "batchNormBackwardError")) {
            double e = student.<Double>call(method, new Class<?>[0]);
            if (!(e >= 0 && e < 1e-6)) {
                throw new CheckFailure(method + "()", "below 1e-6", Student.format("%.3g", e), BACKWARD_ERROR);
            }
        }
    }

    /** Passes when every element's relative error is below 1e-6. */
    private static void relative(String call, INDArray expected, INDArray got, List<Mistake> mistakes,
            String otherwise) throws CheckFailure {
        if (got == null || !Show.sameShape(expected, got)) {
            throw new CheckFailure(call, Show.array(expected), Show.array(got), "return one partial derivative per "
                    + "element of x, in an array of x's shape");
        }
        INDArray g = got.castTo(DataType.DOUBLE);
        INDArray err = Transforms.abs(expected.sub(g)).div(Transforms.max(Transforms.abs(expected)
                .add(Transforms.abs(g)), 1e-8));
        if (err.maxNumber().doubleValue() < 1e-6) {
            return;
        }
        String hint = otherwise;
        for (Mistake m : mistakes) {
            if (m.test().test(g.sub(expected))) {
                hint = m.hint();
                break;
            }
        }
        throw new CheckFailure(call + Student.format(" (largest relative error %.3g, needed below 1e-6)",
                err.maxNumber().doubleValue()), Show.array(expected), Show.array(got), hint);
    }

    /** Every element of the difference about the same, and not zero: the signature of a one-sided difference. */
    private static boolean constantOffset(INDArray diff) {
        double[] d = diff.reshape(diff.length()).toDoubleVector();
        for (double v : d) {
            if (d[0] == 0 || Math.abs(v - d[0]) > 0.05 * Math.abs(d[0])) {
                return false;
            }
        }
        return true;
    }
}
