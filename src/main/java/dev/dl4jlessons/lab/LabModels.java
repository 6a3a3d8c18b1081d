package dev.dl4jlessons.lab;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.combined.CombinedLesson;

/**
 * The lab's models: one network shape (two hidden layers of 50 and 20 units, as the notebook's combined model), with
 * the regularizer switched on or off. Regression tasks get an identity output with MSE, classification a softmax with
 * cross-entropy.
 */
public final class LabModels {
    /** Units of the hidden layers, first first: the combined lesson's 50 and 20. */
    static final int[] HIDDEN = {50, 20};

    private LabModels() {
    }

    // lesson:lab-configuration
    /** The variant's model for {@code task}. */
    public static MultiLayerConfiguration configuration(Variant variant, Task task, long seed, LabSettings s) {
        if (variant == Variant.NOTEBOOK) {
            return notebookBoth(task, seed, s);
        }
        boolean bn = variant == Variant.BATCHNORM || variant == Variant.BN_DROPOUT;
        boolean dropout = variant == Variant.DROPOUT || variant == Variant.BN_DROPOUT;
        var builder = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(s.lr()))
                .weightInit(WeightInit.UNIFORM);
        if (variant == Variant.WEIGHT_DECAY) {
            // decoupled: w -= lr * decay * w beside Adam's step. DL4J M2.1 puts a builder-level weightDecay in
            // each layer's list twice and applies both, so this is PyTorch's AdamW(weight_decay = 2 * decay).
            builder.weightDecay(s.decayFor(variant));
        } else if (variant == Variant.L2) {
            builder.l2(s.decayFor(variant));          // coupled, PyTorch Adam(weight_decay): gradient += decay * w
        }
        var list = builder.list();
        int in = task.features();
        for (int layer = 0; layer < HIDDEN.length; layer++) {
            int width = HIDDEN[layer];
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width)
                    .activation(bn ? Activation.IDENTITY : Activation.RELU).build());
            if (bn) {
                list.layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build());
                list.layer(new ActivationLayer(Activation.RELU));
            }
            if (dropout) {
                list.layer(Regularizers.dropoutLayer(s.dropoutAt(layer)));   // one rate per hidden layer
            }
            in = width;
        }
        list.layer(output(task, in));
        return list.setInputType(InputType.feedForward(task.features())).build();
    }
    // end:lab-configuration

    private static Layer output(Task task, int in) {
        return task.classification()
                ? new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(task.classes())
                        .activation(Activation.SOFTMAX).build()
                : new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(1).activation(Activation.IDENTITY).build();
    }

    /**
     * The combined lesson's own model, with its first layer widened to the task's features and its output layer
     * replaced for classification. Every other layer is the lesson's, unchanged.
     */
    static MultiLayerConfiguration notebookBoth(Task task, long seed, LabSettings s) {
        var lesson = CombinedLesson.configuration(new Settings(seed, 1, s.batchSize(), s.lr(), null, null));
        var list = new NeuralNetConfiguration.Builder().seed(seed).list();
        var confs = lesson.getConfs();
        for (int i = 0; i < confs.size(); i++) {
            Layer layer = confs.get(i).getLayer().clone();
            if (i == 0) {
                ((DenseLayer) layer).setNIn(task.features());
            }
            if (i == confs.size() - 1) {
                layer = output(task, 20);
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).setIUpdater(PyTorchDefaults.adam(s.lr()));
                ((org.deeplearning4j.nn.conf.layers.BaseLayer) layer).setWeightInitFn(WeightInit.UNIFORM.getWeightInitFunction());
            }
            list.layer(layer);
        }
        return list.setInputType(InputType.feedForward(task.features())).build();
    }
}
