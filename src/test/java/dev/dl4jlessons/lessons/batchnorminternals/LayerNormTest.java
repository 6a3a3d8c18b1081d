package dev.dl4jlessons.lessons.batchnorminternals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.runtime.CourseRuntime;

/**
 * What DL4J M2.1's {@code DenseLayer.hasLayerNorm(true)} computes, pinned: x·W normalized over each row's units
 * (biased variance), times a per-unit gain g initialised to 1, plus the layer's bias; no batch statistics,
 * so one row gives the same output alone or in a batch, in training and at inference.
 */
class LayerNormTest {
    static {
        CourseRuntime.init(false);
    }

    @Test
    void layerNormNormalizesEachRowOverItsUnitsThenAppliesGainAndBias() {
        var conf = BatchNormInternalsLesson.withLayerNorm(Settings.NOTEBOOK);
        assertTrue(((DenseLayer) conf.getConf(0).getLayer()).isHasLayerNorm());
        assertTrue(conf.getConfs().stream().noneMatch(c -> c.getLayer() instanceof BatchNormalization));
        var net = Networks.create(conf);
        var fc1 = net.getLayer(0);
        assertEquals(Set.of("W", "b", "g"), fc1.paramTable().keySet(), "a gain g beside W and b");
        assertEquals(1.0, fc1.getParam("g").minNumber().doubleValue(), 0.0, "gain starts at 1");
        assertEquals(1.0, fc1.getParam("g").maxNumber().doubleValue(), 0.0);

        var rng = Nd4j.getRandomFactory().getNewRandomInstance(5);
        fc1.setParam("g", Nd4j.rand(rng, 1, 50).castTo(DataType.FLOAT).addi(0.5));
        fc1.setParam("b", Nd4j.randn(rng, new long[] {1, 50}).castTo(DataType.FLOAT));
        INDArray x = Nd4j.randn(rng, new long[] {6, 10}).castTo(DataType.FLOAT).muli(3).addi(2);

        INDArray z = x.mmul(fc1.getParam("W"));
        INDArray centred = z.subColumnVector(z.mean(1).reshape(6, 1));
        INDArray std = Transforms.sqrt(centred.mul(centred).mean(1).reshape(6, 1).addi(1e-5), false);
        INDArray expected = centred.divColumnVector(std).mulRowVector(fc1.getParam("g"))
                .addRowVector(fc1.getParam("b"));

        INDArray training = Networks.activateLayer(net, 0, x, true);
        INDArray inference = Networks.activateLayer(net, 0, x, false);
        assertEquals(0.0, Transforms.abs(training.sub(expected)).maxNumber().doubleValue(), 1e-4,
                "g ⊙ (xW − row mean) / sqrt(biased row var) + b");
        assertEquals(0.0, Transforms.abs(inference.sub(training)).maxNumber().doubleValue(), 0.0,
                "no running statistics: inference = training");
        INDArray oneRow = Networks.activateLayer(net, 0, x.getRow(3, true), true);
        assertEquals(0.0, Transforms.abs(oneRow.sub(training.getRow(3, true))).maxNumber().doubleValue(), 1e-6,
                "a row alone is normalized exactly as in a batch of 6");
    }

    @Test
    void batchNormDegradesOnSmallBatchesAndLayerNormDoesNot() {
        var r = BatchNormInternalsLesson.smallBatches(new int[] {2, 32}, 1, Settings.NOTEBOOK.withEpochs(5));
        var bn = BatchNormInternalsLesson.Norm.BATCH;
        var ln = BatchNormInternalsLesson.Norm.LAYER;
        assertTrue(r.mean(bn, 0) > 1.5 * r.mean(bn, 1), "batch norm at batch 2 vs 32: " + r.mean(bn, 0) + " vs "
                + r.mean(bn, 1));
        assertTrue(r.mean(ln, 0) < 1.2 * r.mean(ln, 1), "layer norm at batch 2 vs 32: " + r.mean(ln, 0) + " vs "
                + r.mean(ln, 1));
        assertTrue(r.mean(ln, 0) < r.mean(bn, 0), "at batch 2 layer norm wins");
    }
}
