package dev.dl4jlessons.scratch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Batch normalization over a [batch, features] input, written out in ND4J with DL4J's conventions: running
 * statistics updated as {@code running = decay * running + (1 - decay) * batch}, and the <b>biased</b> batch
 * variance (divided by n) both for normalizing and for the running variance.
 */
public final class ScratchBatchNorm {
    private final double decay;
    private final double eps;
    private INDArray gamma;
    private INDArray beta;
    private INDArray runningMean;
    private INDArray runningVar;

    /** What a training forward pass keeps for the backward pass. */
    private INDArray xHat;
    private INDArray std;

    /** The gradients of one backward pass. */
    public record Gradients(INDArray input, INDArray gamma, INDArray beta) {
    }

    /**
     * A layer of {@code features} units with gamma 1, beta 0, running mean 0 and running variance 1, as DL4J and
     * PyTorch initialise it.
     */
    public ScratchBatchNorm(int features, double decay, double eps) {
        this.decay = decay;
        this.eps = eps;
        this.gamma = Nd4j.ones(features);
        this.beta = Nd4j.zeros(features);
        this.runningMean = Nd4j.zeros(features);
        this.runningVar = Nd4j.ones(features);
    }

    /** Sets gamma and beta, for example to a trained layer's values. */
    public ScratchBatchNorm withScaleShift(INDArray newGamma, INDArray newBeta) {
        this.gamma = newGamma.reshape(newGamma.length()).dup();
        this.beta = newBeta.reshape(newBeta.length()).dup();
        return this;
    }

    /** Training: normalize with the batch's own statistics, then scale and shift; update the running statistics. */
    public INDArray forwardTrain(INDArray x) {
        INDArray mean = x.mean(0);
        INDArray var = x.var(false, 0); // biased: divide by n
        std = Transforms.sqrt(var.add(eps));
        xHat = x.subRowVector(mean).divRowVector(std);
        runningMean = runningMean.mul(decay).add(mean.mul(1 - decay));
        runningVar = runningVar.mul(decay).add(var.mul(1 - decay));
        return xHat.mulRowVector(gamma).addRowVector(beta);
    }

    /** Inference: normalize with the running statistics. */
    public INDArray forwardInference(INDArray x) {
        INDArray s = Transforms.sqrt(runningVar.add(eps));
        return x.subRowVector(runningMean).divRowVector(s).mulRowVector(gamma).addRowVector(beta);
    }

    /**
     * The backward pass of the last {@link #forwardTrain}: given dL/dy, returns dL/dx, dL/dgamma and dL/dbeta.
     *
     * <p>dx = (gamma / std) · (dy − mean(dy) − x̂ · mean(dy · x̂)), all means over the batch.
     */
    public Gradients backward(INDArray gradOutput) {
        if (xHat == null) {
            throw new IllegalStateException("backward() needs a forwardTrain() first");
        }
        INDArray dBeta = gradOutput.sum(0);
        INDArray dGamma = gradOutput.mul(xHat).sum(0);
        INDArray meanDy = gradOutput.mean(0);
        INDArray meanDyXhat = gradOutput.mul(xHat).mean(0);
        INDArray dx = gradOutput.subRowVector(meanDy).sub(xHat.mulRowVector(meanDyXhat))
                .mulRowVector(gamma.div(std));
        return new Gradients(dx, dGamma, dBeta);
    }

    /** Running mean, one value per feature. */
    public INDArray runningMean() {
        return runningMean;
    }

    /** Running (biased) variance, one value per feature. */
    public INDArray runningVar() {
        return runningVar;
    }
}
