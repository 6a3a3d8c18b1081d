package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Inputs;
import dev.dl4jlessons.exercises.Show;
import dev.dl4jlessons.exercises.Student;

/**
 * Exercise 9, the worked example of lessons/ADDING-AN-EXERCISE.md: Gaussian dropout's training pass on given normal
 * draws, on several shapes and drop probabilities. A wrong answer is named by the noise it applied: the factor
 * {@code (y / x - 1) / z} is one number per call, and which number it is says what went wrong.
 */
public final class GaussianDropoutForwardCheck extends Exercise {
    /** Hint: sigma taken as p. */
    public static final Hint SIGMA_IS_P = Hint.of("the noise's standard deviation is taken as p itself",
            "sigma = sqrt(p / (1 - p)): with p = 0.5 it is 1");
    /** Hint: the square root left out. */
    public static final Hint SIGMA_NO_ROOT = Hint.of("the noise's standard deviation is its variance: the square "
            + "root is missing", "sigma = sqrt(p / (1 - p))");
    /** Hint: p and 1 - p swapped. */
    public static final Hint SIGMA_INVERTED = Hint.of("p and 1 - p are swapped in the noise's standard deviation",
            "sigma = sqrt(p / (1 - p)): more dropping, more noise");
    /** Hint: additive noise. */
    public static final Hint ADDED = Hint.of("the noise is added to x, but Gaussian dropout multiplies (that is "
            + "GaussianNoise)", "return x · (1 + sigma · z)");
    /** Hint: the drop probability fixed in the code. */
    public static final Hint HARD_CODED_P = DropoutForwardCheck.HARD_CODED_P;
    /** Hint: anything else. */
    public static final Hint OTHERWISE = Hint.of("the result is not x times one noise factor per unit",
            "multiply each activation by 1 + sigma · z, sigma = sqrt(p / (1 - p))");

    /** Exercise 9. */
    public GaussianDropoutForwardCheck() {
        super(9, "GaussianDropoutForward", "Gaussian dropout in training, given the normal draws");
    }

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "org/deeplearning4j/nn/conf/dropout/");
    }

    @Override
    public void check(Student student) throws CheckFailure {
        var cases = List.of(new Object[] {Nd4j.create(new double[][] {{1, 2}, {3, 4}}),
            Nd4j.create(new double[][] {{0.5, -1}, {2, 0.25}}), 0.2},
            new Object[] {Inputs.values(101, 3, 4, -2, 2), Inputs.values(102, 3, 4, -2, 2), 0.5},
            new Object[] {Inputs.values(103, 1, 5, -3, 3), Inputs.values(104, 1, 5, -2, 2), 0.1},
            new Object[] {Inputs.values(105, 2, 2, -1, 1), Inputs.values(106, 2, 2, -2, 2), 0.0});
        for (Object[] c : cases) {
            INDArray x = ((INDArray) c[0]).dup();
            INDArray z = ((INDArray) c[1]).dup();
            double p = (Double) c[2];
            String call = "train(" + Inputs.named("x", x) + ", " + Inputs.named("z", z) + ", p " + Inputs.number(p)
                    + ")";
            var before = Inputs.before(x, z);
            INDArray got = student.call("train", new Class<?>[] {INDArray.class, INDArray.class, double.class},
                    x, z, p);
            before.requireUnchanged(call, "x", "z");
            Inputs.requireNew(call, got, x, z);
            INDArray expected = x.mul(z.mul(sigma(p)).add(1));
            if (got == null || !Show.close(expected, got, 1e-6)) {
                throw new CheckFailure(call, Show.array(expected), Show.array(got), name(x, z, p, got));
            }
        }
    }

    static double sigma(double p) {
        return Math.sqrt(p / (1 - p));
    }

    /** Names the noise the answer applied, from the one factor s with {@code y = x · (1 + s · z)}. */
    private static Hint name(INDArray x, INDArray z, double p, INDArray got) {
        if (got == null || !Show.sameShape(x, got)) {
            return OTHERWISE;
        }
        double[] xs = x.castTo(DataType.DOUBLE).reshape(x.length()).toDoubleVector();
        double[] zs = z.castTo(DataType.DOUBLE).reshape(z.length()).toDoubleVector();
        double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
        if (constant(xs, zs, g, (xi, zi, gi) -> (gi - xi) / zi)) {
            return ADDED;
        }
        if (!constant(xs, zs, g, (xi, zi, gi) -> (gi / xi - 1) / zi)) {
            return OTHERWISE;
        }
        double s = (g[0] / xs[0] - 1) / zs[0];
        if (near(s, p)) {
            return SIGMA_IS_P;
        }
        if (near(s, p / (1 - p))) {
            return SIGMA_NO_ROOT;
        }
        if (p > 0 && near(s, Math.sqrt((1 - p) / p))) {
            return SIGMA_INVERTED;
        }
        for (double q : DropoutForwardCheck.COMMON_P) {
            if (Math.abs(q - p) > 1e-9 && near(s, sigma(q))) {
                return HARD_CODED_P;
            }
        }
        return OTHERWISE;
    }

    private interface Factor {
        double of(double x, double z, double got);
    }

    private static boolean constant(double[] x, double[] z, double[] g, Factor f) {
        double first = f.of(x[0], z[0], g[0]);
        for (int i = 1; i < x.length; i++) {
            if (!near(f.of(x[i], z[i], g[i]), first)) {
                return false;
            }
        }
        return Double.isFinite(first);
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    }
}
