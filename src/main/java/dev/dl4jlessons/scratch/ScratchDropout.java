package dev.dl4jlessons.scratch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Dropout written out in ND4J, in both of its formulations.
 *
 * <ul>
 * <li><b>Inverted</b> (PyTorch, DL4J): in training multiply by a mask of 0 and 1/retain; at inference do nothing.
 * <li><b>Original</b> (Srivastava et al. 2014, and the notebook's text): in training multiply by a mask of 0 and 1;
 * at inference multiply by the retain probability.
 * </ul>
 *
 * Both keep the expected activation the same in training and at inference. The inverted form does the bookkeeping
 * in training so inference is one plain forward pass.
 */
public final class ScratchDropout {
    private ScratchDropout() {
    }

    /** A keep/drop pattern: 1 where a unit is kept (with probability {@code retain}), 0 where it is dropped. */
    public static INDArray keepPattern(long[] shape, double retain, Random rng) {
        INDArray uniform = Nd4j.rand(rng, shape).castTo(DataType.FLOAT);
        return uniform.lt(retain).castTo(DataType.FLOAT);
    }

    /** The inverted-dropout mask for a keep pattern: kept units become 1/retain, dropped units 0. */
    public static INDArray invertedMask(INDArray keep, double retain) {
        return keep.div(retain);
    }

    /** Inverted dropout, training: {@code x * mask} with mask values 0 or 1/retain. */
    public static INDArray invertedForward(INDArray x, INDArray mask) {
        return x.mul(mask);
    }

    /** Inverted dropout, backward: the gradient flows only through kept units, scaled like them. */
    public static INDArray invertedBackward(INDArray gradOutput, INDArray mask) {
        return gradOutput.mul(mask);
    }

    /** Inverted dropout, inference: the identity. */
    public static INDArray invertedInference(INDArray x) {
        return x.dup();
    }

    /** Original dropout, training: {@code x * keep} with keep values 0 or 1, no scaling. */
    public static INDArray originalForward(INDArray x, INDArray keep) {
        return x.mul(keep);
    }

    /** Original dropout, inference: every unit present, scaled by the retain probability. */
    public static INDArray originalInference(INDArray x, double retain) {
        return x.mul(retain);
    }
}
