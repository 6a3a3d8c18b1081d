// Fashion-MNIST: a wide MLP memorises a few thousand images; dropout and batch norm on 10,000 test images
// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. Run it with:
//   jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path "$(cat target/classpath.txt)" notebooks-equivalent/10-fashion.jsh < /dev/null
// or, in an interactive jshell started with the same options: /open notebooks-equivalent/10-fashion.jsh

import java.util.List;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
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
import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.harness.*;
import dev.dl4jlessons.lessons.fashion.FashionLesson;
import dev.dl4jlessons.lessons.fashion.*;
import static dev.dl4jlessons.lessons.fashion.FashionLesson.HIDDEN;
dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs

/**
 * 784→256→256→10: each hidden layer a product, batch norm for the batch-norm variants (so the product has no
 * activation of its own), ReLU, and dropout for the dropout variants; a softmax output with cross-entropy.
 * Adam runs at {@code lr}, and at a tenth of it from step {@code slowFrom} on (0: never): the run on all training
 * images slows down for its last third, so that its last epoch is not scored in the middle of a jump.
 */
public static MultiLayerConfiguration configuration(FashionVariant variant, long seed, double lr, int slowFrom) {
    var list = new NeuralNetConfiguration.Builder()
            .seed(seed)
            .updater(slowFrom == 0 ? PyTorchDefaults.adam(lr) : PyTorchDefaults.adam(lr, slowFrom, lr / 10))
            .weightInit(WeightInit.UNIFORM)                  // PyTorch's nn.Linear initialisation
            .list();
    int in = FashionMnist.PIXELS;
    for (int width : HIDDEN) {
        list.layer(new DenseLayer.Builder().nIn(in).nOut(width)
                .activation(variant.batchNorm() ? Activation.IDENTITY : Activation.RELU).build());
        if (variant.batchNorm()) {
            list.layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build());
            list.layer(new ActivationLayer(Activation.RELU));
        }
        if (variant.drop() > 0) {
            list.layer(Regularizers.dropoutLayer(variant.drop()));   // PyTorch's p; DL4J keeps 1 - p
        }
        in = width;
    }
    list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(FashionMnist.CLASSES)
            .activation(Activation.SOFTMAX).build());
    return list.setInputType(InputType.feedForward(FashionMnist.PIXELS)).build();
}

// The committed sample (test-data/fashion-mnist-sample, 2,000 training and 500 test images), as the
// guide's sample command runs it: seconds. The guide's full run, on all of Fashion-MNIST, is
// `./course fashion` (minutes).
var setup = FashionLesson.Setup.defaults(ProjectFiles.testData("fashion-mnist-sample"));
setup = setup.withTrainRows(400).withEpochs(8).withSeeds(2);
setup = setup.withVariants(FashionVariant.PLAIN, FashionVariant.DROPOUT_05);
var comparison = FashionLesson.compare(setup, System.out,
        (variant, seed, lr, slowFrom) -> configuration(variant, seed, lr, slowFrom));
Charts.show(FashionPictures.accuracy(comparison));
