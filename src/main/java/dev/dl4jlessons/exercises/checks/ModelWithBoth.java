package dev.dl4jlessons.exercises.checks;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.harness.PyTorchDefaults;

/**
 * The seed notebook's {@code ModelWithBoth}, frozen as exercise 3 asks for it: the notebook's Dropout(0.2), Adam at
 * 0.01, PyTorch's batch-norm defaults. It is deliberately a copy, not {@code CombinedLesson.configuration}: an
 * instructor may change the combined lesson's settings before class, and a student's correct port of the notebook
 * must still pass.
 */
public final class ModelWithBoth {
    /** The notebook's {@code nn.Dropout(0.2)}, which is DL4J's retain probability 0.8. */
    public static final double RETAIN = 0.8;
    /** The notebook's learning rate. */
    public static final double LEARNING_RATE = 0.01;

    private ModelWithBoth() {
    }

    /** The notebook's model with {@code seed} for its initial weights. */
    public static MultiLayerConfiguration configuration(long seed) {
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(LEARNING_RATE))
                .weightInit(WeightInit.UNIFORM)
                .list()
                .layer(new DenseLayer.Builder().nIn(10).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new DropoutLayer(RETAIN))
                .layer(new DenseLayer.Builder().nIn(50).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(20).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(10))
                .build();
    }
}
