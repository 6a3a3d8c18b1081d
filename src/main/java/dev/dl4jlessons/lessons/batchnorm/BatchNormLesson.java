package dev.dl4jlessons.lessons.batchnorm;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Notebook part 2: {@code ModelWithBatchNorm}. Linear(10→50), BatchNorm1d(50), ReLU, Linear(50→1).
 *
 * <p>Guide: {@code lessons/02-batch-normalization.md}.
 */
public final class BatchNormLesson extends ModelLesson {
    /** The lesson's name, title and place in the syllabus. */
    public BatchNormLesson() {
        super("batchnorm", "Batch normalization: 10→50, BN, ReLU, →1 (notebook part 2)", 20, true);
    }

    /** The notebook's exact model. */
    public static MultiLayerConfiguration configuration() {
        return configuration(Settings.NOTEBOOK);
    }

    // lesson:configuration
    /** The model with the settings' seed and learning rate. */
    public static MultiLayerConfiguration configuration(Settings settings) {
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(PyTorchDefaults.adam(settings.learningRate())) // optim.Adam(lr=...)
                .weightInit(WeightInit.UNIFORM)              // U(±1/√fanIn), as nn.Linear draws its weights
                .list()
                .layer(new DenseLayer.Builder()              // fc1: no activation yet (DL4J's default is sigmoid)
                        .nIn(10).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder()      // bn1: decay 0.9 = PyTorch momentum 0.1, eps 1e-5
                        .decay(0.9).eps(1e-5).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU)) // torch.relu after the normalization
                .layer(new OutputLayer.Builder(LossFunction.MSE)   // fc2 and nn.MSELoss()
                        .nIn(50).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(10))
                .build();
    }
    // end:configuration

    @Override
    public String regularizer() {
        return "batch norm";
    }

    @Override
    public MultiLayerConfiguration model(Settings settings) {
        return configuration(settings);
    }

    @Override
    public String guide() {
        return "02-batch-normalization.md";
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("batchnorm", args);
    }
}
