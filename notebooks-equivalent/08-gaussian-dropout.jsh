// Gaussian dropout: multiplicative noise instead of zeros (worked example)
// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. Run it with:
//   jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path "$(cat target/classpath.txt)" notebooks-equivalent/08-gaussian-dropout.jsh < /dev/null
// or, in an interactive jshell started with the same options: /open notebooks-equivalent/08-gaussian-dropout.jsh

import java.util.List;
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
import dev.dl4jlessons.harness.*;
import static dev.dl4jlessons.lessons.gaussiandropout.GaussianDropoutLesson.RATE;
dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs

/** 10→50 ReLU, then Gaussian noise on the output layer's inputs, →1; {@code --dropout} sets the rate. */
public static MultiLayerConfiguration gaussianDropoutConfiguration(Settings settings) {
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

var gaussianDropoutRuns = NotebookRun.run(List.of(ModelSpec.of("gaussian-dropout", s -> gaussianDropoutConfiguration(s))), Settings.NOTEBOOK, System.out);
