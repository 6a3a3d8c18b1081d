package dev.dl4jlessons.lessons.gaussiandropout;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
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
 * The worked example of {@code lessons/ADDING-A-LESSON.md}: Gaussian dropout, DL4J's multiplicative-noise
 * relative of dropout, applied through a layer's own {@code dropOut(...)} setting instead of a separate layer.
 *
 * <p>Guide: {@code lessons/08-gaussian-dropout.md}.
 */
public final class GaussianDropoutLesson extends ModelLesson {
    /** The noise rate: the multiplier has mean 1 and standard deviation sqrt(rate / (1 - rate)), 1.0 at 0.5. */
    public static final double RATE = 0.5;

    /** The lesson's name, title and place in the syllabus. */
    public GaussianDropoutLesson() {
        super("gaussian-dropout", "Gaussian dropout: multiplicative noise instead of zeros (worked example)", 80,
                false);
    }

    /** The lesson's model with the default rate. */
    public static MultiLayerConfiguration configuration() {
        return configuration(Settings.NOTEBOOK);
    }

    // lesson:configuration
    /** 10→50 ReLU, then Gaussian noise on the output layer's inputs, →1; {@code --dropout} sets the rate. */
    public static MultiLayerConfiguration configuration(Settings settings) {
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(PyTorchDefaults.adam(settings.learningRate()))
                .weightInit(WeightInit.UNIFORM)
                .list()
                .layer(new DenseLayer.Builder()
                        .nIn(10).nOut(50).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE)
                        .nIn(50).nOut(1).activation(Activation.IDENTITY)
                        .dropOut(new GaussianDropout(settings.dropOr(RATE)))  // noise on this layer's input
                        .build())
                .build();
    }
    // end:configuration

    @Override
    public MultiLayerConfiguration model(Settings settings) {
        return configuration(settings);
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("gaussian-dropout", args);
    }
}
