package dev.dl4jlessons.lessons.dropout;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
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
 * Notebook part 1: {@code ModelWithDropout}. Linear(10→50), ReLU, Dropout(0.5), Linear(50→1).
 *
 * <p>Guide: {@code lessons/01-dropout.md}.
 */
public final class DropoutLesson extends ModelLesson {
    /** The notebook's {@code nn.Dropout(0.5)}: PyTorch's probability of dropping a unit. */
    public static final double DROP_PROBABILITY = 0.5;

    /** The lesson's name, title and place in the syllabus. */
    public DropoutLesson() {
        super("dropout", "Dropout: 10→50 ReLU, drop " + DROP_PROBABILITY + ", →1 (notebook part 1)", 10, true);
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
                .layer(new DenseLayer.Builder()              // fc1, then torch.relu
                        .nIn(10).nOut(50).activation(Activation.RELU).build())
                .layer(Regularizers.dropoutLayer(            // self.dropout: PyTorch p=0.5 is DL4J retain 0.5
                        settings.dropOr(DROP_PROBABILITY)))
                .layer(new OutputLayer.Builder(LossFunction.MSE)   // fc2 and nn.MSELoss()
                        .nIn(50).nOut(1).activation(Activation.IDENTITY).build())
                .build();
    }
    // end:configuration

    @Override
    public String regularizer() {
        return "dropout";
    }

    @Override
    public MultiLayerConfiguration model(Settings settings) {
        return configuration(settings);
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("dropout", args);
    }
}
