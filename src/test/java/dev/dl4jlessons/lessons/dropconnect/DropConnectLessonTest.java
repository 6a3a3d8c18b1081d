package dev.dl4jlessons.lessons.dropconnect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.dropconnect.DropConnectLesson.Regularizer;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.scratch.InvertedDropConnect;

/**
 * Lesson 9: the two DL4J M2.1 DropConnect facts the lesson teaches, pinned, and the course's fix checked against
 * DL4J's in training and against the right output at inference.
 */
class DropConnectLessonTest {
    static {
        CourseRuntime.init(false);
    }

    private static final Settings SETTINGS = Settings.NOTEBOOK;

    private static MultiLayerNetwork net(Regularizer r) {
        return Networks.create(DropConnectLesson.configuration(r, SETTINGS));
    }

    private static long count(INDArray booleans) {
        return booleans.castTo(DataType.FLOAT).sumNumber().longValue();
    }

    @Test
    void dl4jDropConnectKeepsWeightsUnscaledInTrainingAndUsesTheFullWeightsAtInference() {
        var net = net(Regularizer.DL4J);
        INDArray w = net.getLayer(0).getParam("W");
        INDArray drawn = DropConnectLesson.noisyParameter(net, 0, "W", true);
        INDArray kept = drawn.neq(0);
        long keptCount = count(kept);
        assertTrue(keptCount > 200 && keptCount < 300, "about half of 500 weights kept: " + keptCount);
        // not inverted: every kept weight is exactly the stored weight, not W / 0.5
        INDArray keptW = w.mul(kept.castTo(w.dataType()));
        assertEquals(0.0, Transforms.abs(drawn.sub(keptW)).maxNumber().doubleValue(), 0.0);
        assertEquals(0.5, DropConnectLesson.meanDrawOverWeight(net, 400), 0.05, "expected weight is retain × W");
        assertEquals(w, DropConnectLesson.noisyParameter(net, 0, "W", false), "inference: the full W");
    }

    @Test
    void aModelTrainedWithDl4jDropConnectIsOffAtInferenceUntilItsWeightsAreScaledByRetain() {
        Settings s = SETTINGS.withEpochs(20);
        DataSet train = RandomData.linear(200, 10, 0.1, 42);
        DataSet test = RandomData.linear(200, 10, 0.1, 1042);
        var net = NotebookRun.trainQuietly("dl4j", DropConnectLesson.configuration(Regularizer.DL4J, s), train, s)
                .net();
        double raw = Evaluation.loss(net, test, false);
        net.getLayer(0).getParam("W").muli(0.5);
        double scaled = Evaluation.loss(net, test, false);
        assertTrue(raw > 1.0 && scaled < 0.3 && raw > 10 * scaled, "raw " + raw + ", scaled " + scaled);
    }

    @Test
    void dl4jDropConnectOnBiasesZeroesBiasesAtInference() {
        var net = Networks.create(DropConnectLesson.dl4jOnBiasesToo(SETTINGS));
        var noise = (DropConnect) ((BaseLayer) net.getLayer(0).conf().getLayer()).getWeightNoise();
        assertTrue(noise.isApplyToBiases());
        INDArray b = DropConnectLesson.noisyParameter(net, 0, "b", false);   // train = false
        long zeroed = count(b.eq(0));
        assertTrue(zeroed >= 10 && zeroed <= 40, "about half of 50 biases zeroed at inference: " + zeroed);
        assertEquals(0, count(DropConnectLesson.noisyParameter(net, 0, "W", false).eq(0)), "weights are spared");
        INDArray x = RandomData.synthetic(20, 3).getFeatures();
        assertNotEquals(net.output(x, false), net.output(x, false), "so inference is random");
    }

    @Test
    void courseDropConnectIsDl4jsDrawOverRetainInTrainingAndUntouchedAtInference() {
        var dl4j = net(Regularizer.DL4J);
        INDArray w = dl4j.getLayer(0).getParam("W");
        INDArray dl4jDraw = DropConnectLesson.noisyParameter(dl4j, 0, "W", true);
        INDArray course = InvertedDropConnect.apply(w, dl4jDraw.neq(0), 0.5);
        assertEquals(0.0, Transforms.abs(course.sub(dl4jDraw.mul(2))).maxNumber().doubleValue(), 1e-7,
                "same keep pattern: course = DL4J / retain");

        var conf = DropConnectLesson.configuration(Regularizer.COURSE, SETTINGS);
        ((BaseLayer) conf.getConf(0).getLayer()).setWeightNoise(new InvertedDropConnect(0.5, true));
        var own = Networks.create(conf);
        INDArray drawn = DropConnectLesson.noisyParameter(own, 0, "W", true);
        INDArray kept = drawn.neq(0).castTo(w.dataType());
        assertEquals(0.0, Transforms.abs(drawn.sub(own.getLayer(0).getParam("W").mul(kept).mul(2))).maxNumber()
                .doubleValue(), 1e-6, "kept weights are W / retain");
        assertEquals(1.0, DropConnectLesson.meanDrawOverWeight(own, 400), 0.05, "expected weight is W");
        long droppedBiases = count(DropConnectLesson.noisyParameter(own, 0, "b", true).eq(0));
        assertTrue(droppedBiases > 10 && droppedBiases < 40, "biases dropped in training: " + droppedBiases);
        assertEquals(own.getLayer(0).getParam("W"), DropConnectLesson.noisyParameter(own, 0, "W", false));
        assertEquals(own.getLayer(0).getParam("b"), DropConnectLesson.noisyParameter(own, 0, "b", false),
                "biases too are left alone at inference");
    }

    @Test
    void aModelTrainedWithTheCourseDropConnectPredictsWithItsStoredWeights() {
        Settings s = SETTINGS.withEpochs(20);
        DataSet train = RandomData.linear(200, 10, 0.1, 42);
        DataSet test = RandomData.linear(200, 10, 0.1, 1042);
        var net = NotebookRun.trainQuietly("course", DropConnectLesson.configuration(Regularizer.COURSE, s), train, s)
                .net();
        INDArray out = net.output(test.getFeatures(), false);
        assertEquals(out, net.output(test.getFeatures(), false), "deterministic");
        assertEquals(0.0, Transforms.abs(out.sub(DropConnectLesson.byHand(net, test.getFeatures(), 1)))
                .maxNumber().doubleValue(), 1e-5, "relu(x·W1 + b1)·W2 + b2 with the stored weights");
        assertTrue(Evaluation.loss(net, test, false) < 0.3, "and it learned: " + Evaluation.loss(net, test, false));
    }

    @Test
    void dropoutOptionSetsTheDropProbabilityOfEveryVariant() {
        Settings s = new Settings(1, 1, 10, 0.01, 0.2, null);
        var course = (InvertedDropConnect) ((BaseLayer) DropConnectLesson.configuration(Regularizer.COURSE, s)
                .getConf(0).getLayer()).getWeightNoise();
        assertEquals(0.2, course.getDropProbability(), 1e-12);
        var dl4j = assertInstanceOf(DropConnect.class, ((BaseLayer) DropConnectLesson
                .configuration(Regularizer.DL4J, s).getConf(0).getLayer()).getWeightNoise());
        assertEquals(0.8, dl4j.getWeightRetainProb(), 1e-12, "DL4J takes the retain probability");
        var dropout = DropConnectLesson.configuration(Regularizer.DROPOUT, s).getConf(1).getLayer().getIDropout();
        assertEquals(0.8, ((org.deeplearning4j.nn.conf.dropout.Dropout) dropout).getP(), 1e-12);
        assertTrue(new DropConnectLesson().readsDropout());
        assertThrows(IllegalArgumentException.class, () -> new InvertedDropConnect(1.0, false));
    }

    @Test
    void theLayerUpdatesDroppedWeightsTooWhateverTheWeightNoise() {
        for (Regularizer r : new Regularizer[] {Regularizer.DL4J, Regularizer.COURSE}) {
            var net = net(r);
            INDArray before = net.getLayer(0).getParam("W").dup();
            net.fit(RandomData.synthetic(10, 7));   // one Adam step: a weight moves iff its gradient is not 0
            long changed = count(net.getLayer(0).getParam("W").neq(before));
            // a masked gradient would leave the ~250 dropped weights where they were
            assertTrue(changed > 450, r + ": weights updated " + changed + " of 500 (gradient inputᵀ·δ, unmasked)");
        }
    }
}
