// Batch normalization: 10→50, BN, ReLU, →1 (notebook part 2)
// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. Run it with:
//   jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path "$(cat target/classpath.txt)" notebooks-equivalent/02-batchnorm.jsh < /dev/null
// or, in an interactive jshell started with the same options: /open notebooks-equivalent/02-batchnorm.jsh

import java.util.List;
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
import dev.dl4jlessons.harness.*;
dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs

/** The model with the settings' seed and learning rate. */
public static MultiLayerConfiguration batchnormConfiguration(Settings settings) {
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

var batchnormRuns = NotebookRun.run(List.of(ModelSpec.of("batchnorm", s -> batchnormConfiguration(s))), Settings.NOTEBOOK, System.out);
