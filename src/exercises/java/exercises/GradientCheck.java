package exercises;

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
        throw new UnsupportedOperationException("not done yet");
    }

    /**
     * The largest element-wise relative error, {@code max |a - b| / max(1e-8, |a| + |b|)}.
     *
     * <p>Example: a = [1, 0], b = [1.1, 0] gives 0.1 / 2.1 ≈ 0.0476.
     */
    public static double relativeError(INDArray a, INDArray b) {
        throw new UnsupportedOperationException("not done yet");
    }

    /**
     * Checks {@link DropoutBackward#backward} against {@link #numericGradient} of
     * {@code L(x) = sum(DropoutForward.train(x, uniform, p) · gradOutput)} on a small DOUBLE input of your choice,
     * with the uniform draws and gradOutput held fixed.
     *
     * @return the relative error; below 1e-6 when both exercises are right
     */
    public static double dropoutBackwardError() {
        throw new UnsupportedOperationException("not done yet");
    }

    /**
     * Checks {@link BatchNormBackward#backward}'s dx against {@link #numericGradient} of
     * {@code L(x) = sum(BatchNormForward.train(x, gamma, beta, runningMean, runningVar) · gradOutput)} on a small
     * DOUBLE input (give each call fresh running statistics: train updates them).
     *
     * @return the relative error; below 1e-6 when both exercises are right
     */
    public static double batchNormBackwardError() {
        throw new UnsupportedOperationException("not done yet");
    }
}
