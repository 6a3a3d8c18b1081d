package dev.dl4jlessons.harness;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.Split;

/**
 * Losses on held-out data, in inference mode ({@code output(x, false)}: dropout off, batch norm on its running
 * statistics), and the trivial predictor every model is compared with.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /** Mean squared error, or mean cross-entropy for classification, of the inference-mode output. */
    public static double loss(MultiLayerNetwork net, DataSet data, boolean classification) {
        INDArray out = net.output(data.getFeatures(), false);
        INDArray y = data.getLabels();
        if (classification) {
            return -Transforms.log(out.add(1e-12), false).mul(y).sum(1).meanNumber().doubleValue();
        }
        INDArray diff = out.sub(y);
        return diff.mul(diff).meanNumber().doubleValue();
    }

    /** Share of rows whose most probable class is the labelled one. */
    public static double accuracy(MultiLayerNetwork net, DataSet data) {
        INDArray predicted = net.output(data.getFeatures(), false).argMax(1);
        INDArray actual = data.getLabels().argMax(1);
        return predicted.eq(actual).castTo(DataType.FLOAT).meanNumber().doubleValue();
    }

    /**
     * The validation loss of always predicting the training mean (regression) or the training class frequencies:
     * what a model scores that learned nothing from the features.
     */
    public static double trivialLoss(Split split, boolean classification) {
        INDArray train = split.train().getLabels();
        INDArray val = split.validation().getLabels();
        if (classification) {
            INDArray freq = train.mean(0).add(1e-12);
            return -val.mulRowVector(Transforms.log(freq, true)).sum(1).meanNumber().doubleValue();
        }
        INDArray diff = val.subRowVector(train.mean(0));
        return diff.mul(diff).meanNumber().doubleValue();
    }
}
