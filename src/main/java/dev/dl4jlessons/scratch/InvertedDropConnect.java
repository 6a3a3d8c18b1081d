package dev.dl4jlessons.scratch;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * DropConnect as the course teaches it: in training each weight is kept with probability {@code retain} and the kept
 * ones are divided by {@code retain} (inverted, so the expected weight is the weight); at inference the parameters
 * are used as they are, biases included.
 *
 * <p>DL4J's own {@code DropConnect} differs in both places: its kept weights are not scaled, so a model trained with
 * it is too strong at inference, and with {@code applyToBiases} it keeps dropping biases at inference. Set it on a
 * layer with {@code .weightNoise(new InvertedDropConnect(drop, false))}.
 */
public final class InvertedDropConnect implements IWeightNoise {
    private static final long serialVersionUID = 1L;

    private final double dropProbability;
    private final boolean applyToBiases;

    /**
     * @param dropProbability chance that a weight is dropped in one training step, in [0, 1), as in PyTorch's
     *                        dropout (DL4J's DropConnect takes the retain probability instead)
     * @param applyToBiases   drop biases too, in training only
     */
    public InvertedDropConnect(@JsonProperty("dropProbability") double dropProbability,
            @JsonProperty("applyToBiases") boolean applyToBiases) {
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("drop probability must be in [0, 1), got " + dropProbability);
        }
        this.dropProbability = dropProbability;
        this.applyToBiases = applyToBiases;
    }

    /** The chance that a weight is dropped in one training step. */
    public double getDropProbability() {
        return dropProbability;
    }

    /** Whether biases are dropped too (in training only). */
    public boolean isApplyToBiases() {
        return applyToBiases;
    }

    // lesson:get-parameter
    @Override
    public INDArray getParameter(Layer layer, String paramKey, int iteration, int epoch, boolean train,
            LayerWorkspaceMgr workspaceMgr) {
        INDArray param = layer.getParam(paramKey);
        var conf = layer.conf().getLayer();
        ParamInitializer init = conf.initializer();
        // the parentheses DL4J's own getParameter lacks: noise only in training, and only on the chosen parameters
        boolean noisy = train && (init.isWeightParam(conf, paramKey)
                || (applyToBiases && init.isBiasParam(conf, paramKey)));
        if (!noisy || dropProbability == 0) {
            return param;
        }
        double retain = 1 - dropProbability;
        INDArray keep = Nd4j.rand(param.dataType(), param.shape()).lt(retain).castTo(param.dataType());
        return apply(param, keep, retain);
    }

    /**
     * The training-time parameter for one keep pattern: {@code param × keep / retain}. Kept entries grow by
     * 1/retain so that, averaged over patterns, the parameter is unchanged and inference can use it as it is.
     */
    public static INDArray apply(INDArray param, INDArray keep, double retain) {
        return param.mul(keep.castTo(param.dataType())).divi(retain);
    }
    // end:get-parameter

    @Override
    public InvertedDropConnect clone() {
        return new InvertedDropConnect(dropProbability, applyToBiases);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvertedDropConnect other && other.dropProbability == dropProbability
                && other.applyToBiases == applyToBiases;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(dropProbability) * 31 + Boolean.hashCode(applyToBiases);
    }

    @Override
    public String toString() {
        return "InvertedDropConnect(drop " + dropProbability + (applyToBiases ? ", biases too)" : ")");
    }
}
