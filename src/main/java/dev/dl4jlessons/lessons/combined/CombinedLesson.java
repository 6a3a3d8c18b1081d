package dev.dl4jlessons.lessons.combined;

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
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Notebook part 3: {@code ModelWithBoth}. Linear(10→50), BN, ReLU, Dropout(0.2), Linear(50→20), BN, ReLU,
 * Linear(20→1).
 *
 * <p>Guide: {@code lessons/03-combining.md}.
 */
public final class CombinedLesson extends ModelLesson {
    /** The notebook's {@code nn.Dropout(0.2)}: drop 20%, which is DL4J retain probability <b>0.8</b>. */
    public static final double DROP_PROBABILITY = 0.2;

    /** The lesson's name, title and place in the syllabus. */
    public CombinedLesson() {
        super("combined", "Both: 10→50, BN, ReLU, drop " + DROP_PROBABILITY + ", →20, BN, ReLU, →1 (notebook part 3)",
                30, true);
    }

    /** The notebook's exact model. */
    public static MultiLayerConfiguration configuration() {
        return configuration(Settings.NOTEBOOK);
    }

    // lesson:configuration
    /** The model with the settings' seed, learning rate and (optionally) drop probability. */
    public static MultiLayerConfiguration configuration(Settings settings) {
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(PyTorchDefaults.adam(settings.learningRate())) // optim.Adam(lr=...)
                .weightInit(WeightInit.UNIFORM)              // U(±1/√fanIn), as nn.Linear draws its weights
                .list()
                .layer(new DenseLayer.Builder()              // fc1
                        .nIn(10).nOut(50).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder()      // bn1, before the activation
                        .decay(0.9).eps(1e-5).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU)) // torch.relu
                .layer(Regularizers.dropoutLayer(            // self.dropout: PyTorch p=0.2 is DL4J retain 0.8
                        settings.dropOr(DROP_PROBABILITY)))
                .layer(new DenseLayer.Builder()              // fc2
                        .nIn(50).nOut(20).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder()      // bn2
                        .decay(0.9).eps(1e-5).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU)) // torch.relu
                .layer(new OutputLayer.Builder(LossFunction.MSE)   // fc3 and nn.MSELoss()
                        .nIn(20).nOut(1).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(10))
                .build();
    }
    // end:configuration

    @Override
    public String regularizer() {
        return "batch norm and dropout";
    }

    @Override
    public MultiLayerConfiguration model(Settings settings) {
        return configuration(settings);
    }

    @Override
    public String guide() {
        return "03-combining.md";
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("combined", args);
    }
}
