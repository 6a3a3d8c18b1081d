package exercises;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 9: Gaussian dropout in training (lesson 8). Check it with {@code course check GaussianDropoutForward}.
 */
public final class GaussianDropoutForward {
    private GaussianDropoutForward() {
    }

    /**
     * Multiplies each activation by its own noise {@code 1 + sigma · z}, where z is a standard normal draw (given, so
     * that the answer is deterministic) and {@code sigma = sqrt(p / (1 - p))} for a drop probability p, as DL4J's
     * {@code GaussianDropout(p)} draws it.
     *
     * <p>Example: x = [[2]], z = [[0.5]], p = 0.5: sigma = 1, so the result is [[2 · 1.5]] = [[3]].
     *
     * @param x               activations, shape [batch, features]
     * @param z               one draw from N(0, 1) per activation, same shape as x
     * @param dropProbability p, in [0, 1)
     * @return a new array of x's shape
     */
    public static INDArray train(INDArray x, INDArray z, double dropProbability) {
        throw new UnsupportedOperationException("not done yet");
    }
}
