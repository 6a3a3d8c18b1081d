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
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Inputs;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Show;
import dev.dl4jlessons.exercises.Student;

/**
 * Exercise 7: a central-difference gradient check, then used on exercises 2 and 6. The numeric gradient is checked on
 * several functions and shapes (a vector among them), with the point compared before and after; the relative error on
 * several pairs; and the two gradient checks are themselves checked: run against a deliberately wrong backward pass
 * (a variant of exercises 2 and 6 that the checker compiles), each must report a large error.
 */
public final class GradientCheckCheck extends Exercise {
    /** Hint: one-sided differences. */
    public static final Hint ONE_SIDED = Hint.of("every element is off by about the same amount: that is the error "
            + "of a one-sided difference", "the central difference (f(x + h) - f(x - h)) / 2h cancels the h · f''/2 "
            + "error of (f(x + h) - f(x)) / h");
    /** Hint: float32. */
    public static final Hint FLOAT32 = Hint.of("the step was taken in float32, where x + h loses most of h",
            "keep x, the step and f's input in DataType.DOUBLE");
    /** Hint: x not restored. */
    public static final Hint NOT_RESTORED = Hint.of("x changed: an element was perturbed and not put back",
            "put each element back after perturbing it, or perturb a copy (x.dup())");
    /** Hint: step too large or too small. */
    public static final Hint STEP = Hint.of("the gradient is off on a smooth function: the step h is too large or too "
            + "small, or the difference is not divided by the right width", "take h about 1e-5 to 1e-6 in double "
            + "precision and divide f(x + h) - f(x - h) by 2h");
    /** Hint: elements mixed up. */
    public static final Hint ELEMENTS = Hint.of("the partial derivatives are not where their elements are: each "
            + "element of the result is the derivative by that element of x", "perturb x's element i alone, and "
            + "write the result into element i");
    /** Hint: relative error without the guard. */
    public static final Hint NO_GUARD = Hint.of("where |a| + |b| is 0 or tiny the ratio means nothing (NaN for 0 "
            + "against 0, 1 for 1e-10 against 0)", "divide by max(1e-8, |a| + |b|)");
    /** Hint: relative error summed or averaged. */
    public static final Hint ERROR_SUMMED = Hint.of("the errors are added up or averaged over the elements; a "
            + "gradient check reports the worst element", "take the largest element's |a - b| / max(1e-8, |a| + |b|)");
    /** Hint: relative error with the wrong denominator. */
    public static final Hint ERROR_FORMULA = Hint.of("the relative error is computed with another formula",
            "max over elements of |a - b| / max(1e-8, |a| + |b|)");
    /** Hint: the gradient checks of exercises 2 and 6 fail. */
    public static final Hint BACKWARD_ERROR = Hint.of("the gradient check reports an error above 1e-6 for your "
            + "(passing) exercises", "build the inputs in DataType.DOUBLE, compare the backward pass's dL/dx with "
            + "numericGradient of L(x) = sum(forward(x) · gradOutput), and hold everything else (uniform draws, "
            + "gamma, gradOutput) fixed");
    /** Hint: the gradient check cannot fail. */
    public static final Hint CANNOT_FAIL = Hint.of("your gradient check passed a wrong backward pass, so it proves "
            + "nothing: it cannot fail", "compare the backward pass's dL/dx with numericGradient of the forward "
            + "pass's L(x) = sum(forward(x) · gradOutput), not with itself; use a gradOutput without zeros and draws "
            + "that keep some units and drop others");

    /** The wrong backward passes that the student's gradient checks must catch. */
    static final java.util.Map<String, String> WRONG = java.util.Map.of(
            "exercises.DropoutBackward", """
                    package exercises;

                    import org.nd4j.linalg.api.ndarray.INDArray;

                    /** Wrong on purpose: reaches dropped units, and 10% short on kept ones. */
                    public final class DropoutBackward {
                        private DropoutBackward() {
                        }

                        public static INDArray backward(INDArray gradOutput, INDArray uniform, double p) {
                            return gradOutput.mul(0.9).div(1 - p);
                        }
                    }
                    """,
            "exercises.BatchNormBackward", """
                    package exercises;

                    import org.nd4j.linalg.api.ndarray.INDArray;
                    import org.nd4j.linalg.ops.transforms.Transforms;

                    /** Wrong on purpose: dx leaves out the mean terms and is 10% short. */
                    public final class BatchNormBackward {
                        private BatchNormBackward() {
                        }

                        public record Gradients(INDArray dx, INDArray dgamma, INDArray dbeta) {
                        }

                        public static Gradients backward(INDArray x, INDArray gamma, INDArray gradOutput) {
                            INDArray std = Transforms.sqrt(x.var(false, 0).add(1e-5));
                            INDArray xHat = x.subRowVector(x.mean(0)).divRowVector(std);
                            return new Gradients(gradOutput.mulRowVector(gamma.div(std)).mul(0.9),
                                    gradOutput.mul(xHat).sum(0), gradOutput.sum(0));
                        }
                    }
                    """);

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

    @Override
    public java.util.Map<String, String> variants() {
        return WRONG;
    }

    private static final Class<?>[] NUMERIC = {Function.class, INDArray.class};

    /** A function to differentiate, its printed name and its exact gradient. */
    private record Fn(String name, Function<INDArray, Double> f, Function<INDArray, INDArray> gradient) {
    }

    @Override
    public void check(Student student) throws CheckFailure {
        INDArray w = Nd4j.create(new double[] {0.5, -1.5, 2, 0.25});
        var cases = List.of(
                new Object[] {new Fn("sum(x²)", a -> a.mul(a).sumNumber().doubleValue(), a -> a.mul(2)),
                    Nd4j.create(new double[][] {{0.001, -0.002}, {0.003, 0.004}})},
                new Object[] {new Fn("sum(exp(x))", a -> Transforms.exp(a).sumNumber().doubleValue(),
                    a -> Transforms.exp(a)), Nd4j.create(new double[][] {{1, 2}, {-1, 0.5}})},
                new Object[] {new Fn("sum(x · w), w = [0.5, -1.5, 2, 0.25]", a -> a.mul(w).sumNumber().doubleValue(),
                    a -> w.dup()), Nd4j.create(new double[] {0.3, -0.7, 1.1, 2.0})},
                new Object[] {new Fn("sum(x)²", a -> Math.pow(a.sumNumber().doubleValue(), 2),
                    a -> a.mul(0).add(2 * a.sumNumber().doubleValue())), Inputs.values(91, 3, 2, -1, 1)},
                new Object[] {new Fn("sum(sin(x) · x[0][0])", a -> Transforms.sin(a).sumNumber().doubleValue()
                    * a.getDouble(0), a -> {
                        INDArray g = Transforms.cos(a).mul(a.getDouble(0));
                        g.putScalar(0, g.getDouble(0) + Transforms.sin(a).sumNumber().doubleValue());
                        return g;
                    }), Inputs.values(92, 2, 3, -2, 2)});
        for (Object[] c : cases) {
            Fn fn = (Fn) c[0];
            INDArray x = (INDArray) c[1];
            var seen = new ArrayList<DataType>();
            Function<INDArray, Double> f = a -> {
                seen.add(a.dataType());
                return fn.f().apply(a);
            };
            INDArray given = x.dup();
            String call = "numericGradient(f(x) = " + fn.name() + ", " + Inputs.named("x", x) + ")";
            INDArray got = student.call("numericGradient", NUMERIC, f, given);
            INDArray expected = fn.gradient().apply(x);
            if (seen.stream().anyMatch(t -> t != DataType.DOUBLE) || got != null && got.dataType() != DataType.DOUBLE) {
                throw new CheckFailure(call, Show.array(expected), Show.array(got), FLOAT32);
            }
            if (!Show.close(x, given, 0)) {
                throw new CheckFailure(call + " then x", Show.array(x), Show.array(given), NOT_RESTORED);
            }
            Inputs.requireNew(call, got, given);
            relative(call, expected, got, List.of(Mistake.when(GradientCheckCheck::constantOffset, ONE_SIDED)),
                    x.length() > 1 && got != null && Show.sameShape(expected, got) && sorted(expected).equals(
                            sorted(got)) ? ELEMENTS : STEP);
        }

        relativeError(student, new double[] {1, 2, 0, 1e-10}, new double[] {1.1, 2, 0, 0});
        relativeError(student, new double[] {-1, 3, 0.5}, new double[] {-1, 2, 0.5});
        relativeError(student, new double[] {1, 1, 4}, new double[] {1.1, 1.1, 4});
        relativeError(student, new double[] {0, 0}, new double[] {0, 0});

        for (String method : List.of("dropoutBackwardError", "batchNormBackwardError")) {
            double e = student.<Double>call(method, new Class<?>[0]);
            if (!(e >= 0 && e < 1e-6)) {
                throw new CheckFailure(method + "()", "below 1e-6", Student.format("%.3g", e), BACKWARD_ERROR);
            }
            String wrong = method.startsWith("dropout") ? "DropoutBackward.backward replaced by a wrong one "
                    + "(gradOutput · 0.9 / (1 - p), unmasked)" : "BatchNormBackward.backward replaced by a wrong one "
                    + "(dx = 0.9 · gamma / std · dy, without the mean terms)";
            double caught = student.variant().<Double>call(method, new Class<?>[0]);
            if (!(caught > 1e-3)) {
                throw new CheckFailure(method + "() with " + wrong, "an error above 1e-3",
                        Student.format("%.3g", caught), CANNOT_FAIL);
            }
        }
    }

    private static List<Double> sorted(INDArray a) {
        return java.util.Arrays.stream(a.castTo(DataType.DOUBLE).reshape(a.length()).toDoubleVector())
                .map(v -> Math.round(v * 1e4) / 1e4).sorted().boxed().toList();
    }

    private static void relativeError(Student student, double[] av, double[] bv) throws CheckFailure {
        INDArray a = Nd4j.create(av);
        INDArray b = Nd4j.create(bv);
        double want = 0;
        double sum = 0;
        double plain = 0;
        for (int i = 0; i < av.length; i++) {
            double e = Math.abs(av[i] - bv[i]) / Math.max(1e-8, Math.abs(av[i]) + Math.abs(bv[i]));
            want = Math.max(want, e);
            sum += e;
            double d = Math.abs(av[i]) + Math.abs(bv[i]);
            plain = Math.max(plain, d == 0 ? Double.NaN : Math.abs(av[i] - bv[i]) / d);
        }
        String call = "relativeError(" + Inputs.named("a", a) + ", " + Inputs.named("b", b) + ")";
        var before = Inputs.before(a, b);
        double error = student.<Double>call("relativeError", new Class<?>[] {INDArray.class, INDArray.class}, a, b);
        before.requireUnchanged(call, "a", "b");
        if (!(Math.abs(error - want) < 1e-9)) {
            Hint hint = Double.isNaN(error) || Math.abs(error - 1) < 1e-6 && want < 0.5 ? NO_GUARD
                    : Math.abs(error - sum) < 1e-9 || Math.abs(error - sum / av.length) < 1e-9 ? ERROR_SUMMED
                    : ERROR_FORMULA;
            throw new CheckFailure(call, Inputs.number(want) + " (max over elements of |a - b| / max(1e-8, |a| + "
                    + "|b|))", Inputs.number(error), hint);
        }
    }

    /** Passes when every element's relative error is below 1e-6. */
    private static void relative(String call, INDArray expected, INDArray got, List<Mistake> mistakes,
            Hint otherwise) throws CheckFailure {
        if (got == null || !Show.sameShape(expected, got)) {
            throw new CheckFailure(call, Show.array(expected), Show.array(got), Hint.only("return one partial "
                    + "derivative per element of x, in an array of x's shape"));
        }
        INDArray g = got.castTo(DataType.DOUBLE);
        INDArray err = Transforms.abs(expected.sub(g)).div(Transforms.max(Transforms.abs(expected)
                .add(Transforms.abs(g)), 1e-8));
        if (err.maxNumber().doubleValue() < 1e-6) {
            return;
        }
        Hint hint = otherwise;
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
