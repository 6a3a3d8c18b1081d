// Capacity: underfitting and overfitting by model size, and where dropout moves the curve
// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. Run it with:
//   jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path "$(cat target/classpath.txt)" notebooks-equivalent/00-capacity.jsh < /dev/null
// or, in an interactive jshell started with the same options: /open notebooks-equivalent/00-capacity.jsh

import java.util.List;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.harness.*;
import dev.dl4jlessons.lessons.capacity.CapacityLesson;
import dev.dl4jlessons.lessons.capacity.*;
import static dev.dl4jlessons.lessons.capacity.CapacityLesson.MARGIN;
dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs

/**
 * {@code depth} hidden layers of {@code width} ReLU units, PyTorch dropout {@code drop} after each (none at 0),
 * then one linear output: the size is the only thing the sweep changes.
 */
public static MultiLayerConfiguration configuration(int width, int depth, double drop, Task task, long seed,
        double lr) {
    var list = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(PyTorchDefaults.adam(lr))
            .weightInit(WeightInit.UNIFORM)
            .list();
    int in = task.features();
    for (int layer = 0; layer < depth; layer++) {
        list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
        if (drop > 0) {
            list.layer(Regularizers.dropoutLayer(drop));
        }
        in = width;
    }
    return list.layer(task.classification()
                    ? new OutputLayer.Builder(LossFunction.MCXENT)
                            .nIn(in).nOut(task.classes()).activation(Activation.SOFTMAX).build()
                    : new OutputLayer.Builder(LossFunction.MSE)
                            .nIn(in).nOut(1).activation(Activation.IDENTITY).build())
            .build();
}

var capacity = CapacityLesson.run(CapacityLesson.Sweep.DEFAULT, System.out,
        (width, depth, drop, task, seed, lr) -> configuration(width, depth, drop, task, seed, lr));
Charts.show(CapacityLesson.chart(capacity, CapacityLesson.Sweep.DEFAULT));
