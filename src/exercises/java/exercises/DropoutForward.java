package exercises;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 1: inverted dropout, the form PyTorch and DL4J use. Check it with {@code course check DropoutForward}.
 */
public final class DropoutForward {
    private DropoutForward() {
    }

    /**
     * Dropout in training. A unit is kept where its uniform draw is below the retain probability {@code 1 - p} and
     * zeroed elsewhere, and the kept units are divided by {@code 1 - p} so that the expected output equals x.
     * The draws are given so that the answer is deterministic.
     *
     * <p>Example: x = [[2, 4]], uniform = [[0.3, 0.9]], p = 0.2. Retain 0.8: the first unit is kept (0.3 &lt; 0.8) and
     * the second dropped, so the result is [[2 / 0.8, 0]] = [[2.5, 0]].
     *
     * @param x               activations, shape [batch, features]
     * @param uniform         one draw from U(0, 1) per activation, same shape as x
     * @param dropProbability p, the probability of dropping a unit (PyTorch's {@code nn.Dropout(p)})
     * @return a new array of x's shape
     */
    public static INDArray train(INDArray x, INDArray uniform, double dropProbability) {
        throw new UnsupportedOperationException("not done yet");
    }

    /**
     * Dropout at inference.
     *
     * <p>Example: x = [[2, 4]], p = 0.2 gives [[2, 4]]. Why that is right for the inverted form is the point.
     *
     * @param x               activations, shape [batch, features]
     * @param dropProbability p, as in training
     * @return a new array of x's shape
     */
    public static INDArray inference(INDArray x, double dropProbability) {
        throw new UnsupportedOperationException("not done yet");
    }
}
