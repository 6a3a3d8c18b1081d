package dev.dl4jlessons.lessons;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.runtime.CourseRuntime;

/** What the notebook's layers do in DL4J, measured: dropout's fraction and scaling, inference, BN statistics. */
class LayerBehaviourTest {
    static {
        CourseRuntime.init(false);
    }

    private static INDArray activate(MultiLayerNetwork net, int layer, INDArray input, boolean training) {
        return Networks.activateLayer(net, layer, input, training);
    }

    @ParameterizedTest(name = "{0}: drops {1} of units in training")
    @CsvSource({"dropout, 1, 0.5", "combined, 3, 0.2"})
    void dropoutZeroesThePyTorchFractionAndScalesKeptUnits(String lesson, int layer, double drop) {
        var conf = lesson.equals("dropout") ? DropoutLesson.configuration() : CombinedLesson.configuration();
        var net = Networks.create(conf);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 400, 50); // 20,000 activations
        INDArray out = activate(net, layer, ones, true);
        double zeros = out.eq(0).castTo(DataType.FLOAT).sumNumber().doubleValue() / out.length();
        assertEquals(drop, zeros, 0.03, "fraction zeroed");
        double retain = 1 - drop;
        INDArray kept = Nd4j.create(java.util.Arrays.stream(out.data().asDouble()).filter(v -> v != 0).toArray());
        assertEquals(1 / retain, kept.minNumber().doubleValue(), 1e-5, "kept units are scaled by 1/retain");
        assertEquals(1 / retain, kept.maxNumber().doubleValue(), 1e-5, "kept units are scaled by 1/retain");
        assertEquals(ones, activate(net, layer, ones, false), "inference is the identity");
    }

    @Test
    void inferenceIsDeterministicAndDropoutFree() {
        var net = Networks.create(DropoutLesson.configuration());
        INDArray x = RandomData.notebook(1).getFeatures();
        INDArray a = net.output(x, false);
        INDArray b = net.output(x, false);
        assertEquals(a, b);
        // the same network computed by hand without dropout: relu(x W1 + b1) W2 + b2
        var p = net.paramTable();
        INDArray hidden = Transforms.relu(x.mmul(p.get("0_W")).addRowVector(p.get("0_b")));
        INDArray expected = hidden.mmul(p.get("2_W")).addRowVector(p.get("2_b"));
        assertTrue(expected.equalsWithEps(a, 1e-5), "inference equals the dropout-free forward pass");
        INDArray t1 = net.output(x, true);
        INDArray t2 = net.output(x, true);
        assertNotEquals(t1, t2, "training mode draws new masks");
    }

    @Test
    void batchNormOutputHasZeroMeanUnitVarianceInTraining() {
        var net = Networks.create(BatchNormLesson.configuration());
        INDArray x = RandomData.normal(100, 10, 3).getFeatures().muli(4).addi(2);
        INDArray dense = activate(net, 0, x, true);
        INDArray bn = activate(net, 1, dense, true);
        INDArray mean = bn.mean(0);
        INDArray var = bn.var(false, 0);
        for (int j = 0; j < 50; j++) {
            assertEquals(0, mean.getDouble(j), 1e-4, "feature " + j + " mean");
            assertEquals(1, var.getDouble(j), 1e-3, "feature " + j + " variance");
        }
    }

    @Test
    void runningStatisticsMoveOnlyDuringFit() {
        var net = Networks.create(BatchNormLesson.configuration());
        var data = RandomData.notebook(5);
        INDArray mean0 = net.getLayer(1).getParam("mean").dup();
        INDArray var0 = net.getLayer(1).getParam("var").dup();
        net.output(data.getFeatures(), false);
        net.output(data.getFeatures(), true);
        net.feedForward(data.getFeatures(), false);
        assertEquals(mean0, net.getLayer(1).getParam("mean"), "inference leaves running mean alone");
        assertEquals(var0, net.getLayer(1).getParam("var"), "inference leaves running variance alone");
        net.fit(data);
        assertNotEquals(mean0, net.getLayer(1).getParam("mean"), "fit updates the running mean");
        assertNotEquals(var0, net.getLayer(1).getParam("var"), "fit updates the running variance");
    }

    @Test
    void initialisationMatchesNnLinearBounds() {
        var net = Networks.create(CombinedLesson.configuration(Settings.NOTEBOOK.withSeed(11)));
        for (String layer : new String[] {"0", "4", "7"}) {
            INDArray w = net.getParam(layer + "_W");
            INDArray b = net.getParam(layer + "_b");
            double bound = 1 / Math.sqrt(w.rows());
            assertTrue(Transforms.abs(w).maxNumber().doubleValue() <= bound, layer + " weights within 1/sqrt(fanIn)");
            assertTrue(Transforms.abs(b).maxNumber().doubleValue() <= bound, layer + " biases within 1/sqrt(fanIn)");
            assertTrue(Transforms.abs(b).maxNumber().doubleValue() > 0, layer + " biases are drawn, not 0");
        }
        assertArrayEquals(net.params().toFloatVector(),
                Networks.create(CombinedLesson.configuration(Settings.NOTEBOOK.withSeed(11))).params().toFloatVector(),
                "same seed, same initial parameters");
    }
}
