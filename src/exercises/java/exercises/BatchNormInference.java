package exercises;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 5: batch normalization at inference. Check it with {@code course check BatchNormInference}.
 */
public final class BatchNormInference {
    private BatchNormInference() {
    }

    /**
     * Normalizes with the running statistics that training left, so that each row's output depends on that row
     * alone: {@code y = gamma · (x - runningMean) / sqrt(runningVar + eps) + beta}, eps = 1e-5. Nothing else changes.
     *
     * <p>Example: x = [[1], [3]], gamma = [1], beta = [0], runningMean = [1], runningVar = [4] gives
     * y ≈ [[0], [1]] (exactly 2/sqrt(4 + 1e-5) for the second row).
     *
     * @param x           a batch, shape [batch, features]
     * @param gamma       scale, shape [features]
     * @param beta        shift, shape [features]
     * @param runningMean running mean, shape [features]
     * @param runningVar  running variance, shape [features]
     * @return y, a new array of x's shape
     */
    public static INDArray inference(INDArray x, INDArray gamma, INDArray beta, INDArray runningMean,
            INDArray runningVar) {
        throw new UnsupportedOperationException("not done yet");
    }
}
