package exercises;

// Reference answer, kept with the tests: copy it over src/exercises/java/exercises/ to see every check pass.

import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Exercise 6: the backward pass of batch normalization in training. Check it with
 * {@code course check BatchNormBackward}.
 */
public final class BatchNormBackward {
    private BatchNormBackward() {
    }

    /**
     * The three gradients of one backward pass.
     *
     * @param dx     dL/dx, shape [batch, features]
     * @param dgamma dL/dgamma, shape [features]
     * @param dbeta  dL/dbeta, shape [features]
     */
    public record Gradients(INDArray dx, INDArray dgamma, INDArray dbeta) {
    }

    /**
     * Given the training pass's input x (normalized with the batch's mean and biased variance, eps = 1e-5 inside the
     * root, as in exercise 4) and dL/dy, returns dL/dx, dL/dgamma and dL/dbeta. Recompute x̂ = (x - mean) / std
     * from x. gamma and beta are per feature, so their gradients sum over the batch; every row of x also moves the
     * batch's mean and variance, which gives dx two terms besides {@code gamma / std · dy}.
     *
     * <p>Example: x = [[1], [3]], gamma = [2], gradOutput = [[1], [1]]: x̂ ≈ [[-1], [1]], so dbeta = [2],
     * dgamma ≈ [0], and dx ≈ [[0], [0]] (adding the same amount to every output of a feature cannot be caused by
     * x, since the mean is subtracted).
     *
     * @param x          the forward pass's input, shape [batch, features]
     * @param gamma      scale, shape [features]
     * @param gradOutput dL/dy, shape [batch, features]
     * @return the gradients
     */
    public static Gradients backward(INDArray x, INDArray gamma, INDArray gradOutput) {
        INDArray std = Transforms.sqrt(x.var(false, 0).add(1e-5));
        INDArray xHat = x.subRowVector(x.mean(0)).divRowVector(std);
        INDArray dbeta = gradOutput.sum(0);
        INDArray dgamma = gradOutput.mul(xHat).sum(0);
        INDArray dx = gradOutput.subRowVector(gradOutput.mean(0))
                .sub(xHat.mulRowVector(gradOutput.mul(xHat).mean(0))).mulRowVector(gamma.div(std));
        return new Gradients(dx, dgamma, dbeta);
    }
}
