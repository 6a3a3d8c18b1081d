package dev.dl4jlessons.scratch;

import java.util.function.Function;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DL4J {@link IDropout} that applies masks it is given instead of drawing them: the same mask a from-scratch
 * implementation or a PyTorch run used. Masks hold the multiplier per unit (0 or 1/retain for inverted dropout).
 *
 * <p>Install it on a built network with {@code net.getLayer(i).conf().getLayer().setIDropout(...)}.
 */
public final class MaskDropout implements IDropout {
    private static final long serialVersionUID = 1L;

    private final transient Function<long[], INDArray> masks;
    private transient INDArray mask;

    /** @param masks gives the mask for each forward pass in training, from the input's shape */
    public MaskDropout(Function<long[], INDArray> masks) {
        this.masks = masks;
    }

    @Override
    public INDArray applyDropout(INDArray input, INDArray output, int iteration, int epoch,
            LayerWorkspaceMgr workspaceMgr) {
        mask = masks.apply(input.shape()).castTo(output.dataType());
        output.assign(input.castTo(output.dataType()).mul(mask));
        return output;
    }

    @Override
    public INDArray backprop(INDArray gradAtOutput, INDArray gradAtInput, int iteration, int epoch) {
        gradAtInput.assign(gradAtOutput.mul(mask.castTo(gradAtOutput.dataType())));
        return gradAtInput;
    }

    @Override
    public void clear() {
        mask = null;
    }

    @Override
    public MaskDropout clone() {
        return new MaskDropout(masks);
    }
}
