package exercises;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 2: the backward pass of inverted dropout. Check it with {@code course check DropoutBackward}.
 */
public final class DropoutBackward {
    private DropoutBackward() {
    }

    /**
     * The gradient dL/dx of {@link DropoutForward#train}, given dL/dy and the same uniform draws as the forward pass.
     * Since y = x · mask, where the mask holds 0 for a dropped unit and 1/(1 - p) for a kept one, dL/dx =
     * dL/dy · mask.
     *
     * <p>Example: gradOutput = [[1, 1]], uniform = [[0.3, 0.9]], p = 0.2 gives [[1.25, 0]].
     *
     * @param gradOutput      dL/dy, shape [batch, features]
     * @param uniform         the forward pass's uniform draws, same shape
     * @param dropProbability p, the probability of dropping a unit
     * @return dL/dx, a new array of gradOutput's shape
     */
    public static INDArray backward(INDArray gradOutput, INDArray uniform, double dropProbability) {
        throw new UnsupportedOperationException("not done yet");
    }
}
