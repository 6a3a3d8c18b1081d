package exercises;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 4: batch normalization in training, as DL4J computes it. Check it with
 * {@code course check BatchNormForward}.
 */
public final class BatchNormForward {
    private BatchNormForward() {
    }

    /**
     * Normalizes each feature (column) with the batch's mean and <b>biased</b> variance (divided by n), with
     * {@code eps = 1e-5} inside the square root, then scales by gamma and shifts by beta:
     * {@code y = gamma · (x - mean) / sqrt(var + eps) + beta}. Also updates the running statistics in place, as
     * DL4J does with {@code decay = 0.9}: {@code running = decay · running + (1 - decay) · batch statistic}, for the
     * mean and for the (biased) variance.
     *
     * <p>Example: x = [[1], [3]], gamma = [1], beta = [0], runningMean = [0], runningVar = [1]. The mean is 2 and
     * the biased variance 1, so y ≈ [[-1], [1]] (exactly ±1/sqrt(1 + 1e-5)); afterwards runningMean = [0.2] and
     * runningVar = [1.0].
     *
     * @param x           a batch, shape [batch, features]
     * @param gamma       scale, shape [features]
     * @param beta        shift, shape [features]
     * @param runningMean running mean, shape [features]: update it in place
     * @param runningVar  running variance, shape [features]: update it in place
     * @return y, a new array of x's shape
     */
    public static INDArray train(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
            INDArray runningVar) {
        throw new UnsupportedOperationException("not done yet");
    }
}
