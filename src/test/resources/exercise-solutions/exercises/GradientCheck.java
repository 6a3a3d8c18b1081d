package exercises;

// Reference answer, kept with the tests: copy it over src/exercises/java/exercises/ to see every check pass.

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;
import java.util.function.Function;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 7: a numeric gradient check, then used on your exercises 2 and 6. Check it with
 * {@code course check GradientCheck}.
 */
public final class GradientCheck {
    private GradientCheck() {
    }

    /**
     * The gradient of a scalar function by central differences: for each element x_i,
     * {@code (f(x + h·e_i) - f(x - h·e_i)) / 2h}, in double precision with h about 1e-6. Leave x as it was.
     *
     * <p>Example: f(x) = sum(x²) at x = [[1, -2]] gives about [[2, -4]].
     *
     * @param f a function of an array, called with arrays of x's shape and data type
     * @param x the point, a DataType.DOUBLE array
     * @return df/dx, a new DOUBLE array of x's shape
     */
    public static INDArray numericGradient(Function<INDArray, Double> f, INDArray x) {
        double h = 1e-6;
        INDArray point = x.dup();
        INDArray grad = Nd4j.zeros(DataType.DOUBLE, x.shape());
        for (long i = 0; i < point.length(); i++) {
            double original = point.getDouble(i);
            point.putScalar(i, original + h);
            double plus = f.apply(point.dup());
            point.putScalar(i, original - h);
            double minus = f.apply(point.dup());
            point.putScalar(i, original);
            grad.putScalar(i, (plus - minus) / (2 * h));
        }
        return grad;
    }

    /**
     * The largest element-wise relative error, {@code max |a - b| / max(1e-8, |a| + |b|)}.
     *
     * <p>Example: a = [1, 0], b = [1.1, 0] gives 0.1 / 2.1 ≈ 0.0476.
     */
    public static double relativeError(INDArray a, INDArray b) {
        INDArray diff = Transforms.abs(a.sub(b));
        INDArray scale = Transforms.max(Transforms.abs(a).add(Transforms.abs(b)), 1e-8);
        return diff.div(scale).maxNumber().doubleValue();
    }

    /**
     * Checks {@link DropoutBackward#backward} against {@link #numericGradient} of
     * {@code L(x) = sum(DropoutForward.train(x, uniform, p) · gradOutput)} on a small DOUBLE input of your choice,
     * with the uniform draws and gradOutput held fixed.
     *
     * @return the relative error; below 1e-6 when both exercises are right
     */
    public static double dropoutBackwardError() {
        INDArray x = Nd4j.create(new double[][] {{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}});
        INDArray uniform = Nd4j.create(new double[][] {{0.1, 0.9, 0.4}, {0.6, 0.2, 0.95}});
        INDArray dy = Nd4j.create(new double[][] {{1.0, -0.5, 0.25}, {0.75, 2.0, -1.0}});
        double p = 0.3;
        INDArray numeric = numericGradient(a -> DropoutForward.train(a, uniform, p).mul(dy).sumNumber().doubleValue(),
                x);
        return relativeError(DropoutBackward.backward(dy, uniform, p), numeric);
    }

    /**
     * Checks {@link BatchNormBackward#backward}'s dx against {@link #numericGradient} of
     * {@code L(x) = sum(BatchNormForward.train(x, gamma, beta, runningMean, runningVar) · gradOutput)} on a small
     * DOUBLE input (give each call fresh running statistics: train updates them).
     *
     * @return the relative error; below 1e-6 when both exercises are right
     */
    public static double batchNormBackwardError() {
        INDArray x = Nd4j.create(new double[][] {{0.5, -1.2, 2.0}, {1.5, 0.3, -0.7}, {-0.4, 0.8, 0.1},
            {2.2, -0.3, 1.4}});
        INDArray gamma = Nd4j.create(new double[] {1.5, 0.7, -0.4});
        INDArray beta = Nd4j.create(new double[] {0.1, 0.2, 0.3});
        INDArray dy = Nd4j.create(new double[][] {{1.0, -0.5, 0.25}, {0.75, 2.0, -1.0}, {0.3, 0.1, 0.6},
            {-0.2, 0.9, 0.4}});
        INDArray numeric = numericGradient(a -> BatchNormForward.train(a, gamma, beta,
                Nd4j.zeros(DataType.DOUBLE, 3), Nd4j.ones(DataType.DOUBLE, 3)).mul(dy).sumNumber().doubleValue(), x);
        return relativeError(BatchNormBackward.backward(x, gamma, dy).dx(), numeric);
    }
}
