// Dropout: 10→50 ReLU, drop 0.5, →1 (notebook part 1)
// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. Run it with:
//   jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path "$(cat target/classpath.txt)" notebooks-equivalent/01-dropout.jsh < /dev/null
// or, in an interactive jshell started with the same options: /open notebooks-equivalent/01-dropout.jsh

import java.util.List;
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
import dev.dl4jlessons.harness.*;
import static dev.dl4jlessons.lessons.dropout.DropoutLesson.DROP_PROBABILITY;
dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs

/** The model with the settings' seed, learning rate and (optionally) drop probability. */
public static MultiLayerConfiguration dropoutConfiguration(Settings settings) {
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

var dropoutRuns = NotebookRun.run(List.of(ModelSpec.of("dropout", s -> dropoutConfiguration(s))), Settings.NOTEBOOK, System.out);
