package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;

import dev.dl4jlessons.exercises.ExerciseCompiler;
import dev.dl4jlessons.playground.PlaygroundSettings.Act;
import dev.dl4jlessons.playground.PlaygroundSettings.Optimizer;
import dev.dl4jlessons.playground.PlaygroundSettings.Placement;

/** Every setting maps to the configuration, and the Java the page shows builds exactly that configuration. */
class PlaygroundModelTest {
    private static PlaygroundSettings settings(List<Integer> units, List<Double> drop, List<Boolean> bn,
            Placement placement) {
        return new PlaygroundSettings(Problem.CIRCLE, 10, 50, 100, 10, units, drop, bn, placement, Act.RELU,
                Optimizer.SGD, 0.1, 0.001, 7, 10);
    }

    private static List<Class<?>> types(MultiLayerConfiguration conf) {
        var out = new ArrayList<Class<?>>();
        for (var c : conf.getConfs()) {
            out.add(c.getLayer().getClass());
        }
        return out;
    }

    @Test
    void eachPlacementGivesItsOrderOfLayers() {
        var none = PlaygroundModel.configuration(settings(List.of(4), List.of(0.0), List.of(false), Placement.AFTER));
        assertEquals(List.of(DenseLayer.class, OutputLayer.class), types(none));

        var after = PlaygroundModel.configuration(settings(List.of(4), List.of(0.25), List.of(true), Placement.AFTER));
        assertEquals(List.of(DenseLayer.class, BatchNormalization.class, ActivationLayer.class, DropoutLayer.class,
                OutputLayer.class), types(after));
        assertInstanceOf(ActivationIdentity.class, ((DenseLayer) after.getConf(0).getLayer()).getActivationFn(),
                "a dense layer that feeds batch norm is linear");
        assertInstanceOf(ActivationReLU.class, ((ActivationLayer) after.getConf(2).getLayer()).getActivationFn());
        assertEquals(0.75, ((Dropout) after.getConf(3).getLayer().getIDropout()).getP(), 1e-12,
                "drop p = 0.25 is DL4J's retain 0.75");

        var before = PlaygroundModel.configuration(settings(List.of(4), List.of(0.5), List.of(true), Placement.BEFORE));
        assertEquals(List.of(DenseLayer.class, DropoutLayer.class, BatchNormalization.class, OutputLayer.class),
                types(before));
        assertInstanceOf(ActivationReLU.class, ((DenseLayer) before.getConf(0).getLayer()).getActivationFn());
    }

    @Test
    void blocksPointAtTheirLayers() {
        var s = settings(List.of(3, 5, 2), List.of(0.5, 0.0, 0.2), List.of(true, true, false), Placement.AFTER);
        var conf = PlaygroundModel.configuration(s);
        var blocks = PlaygroundModel.blocks(s);
        assertEquals(3, blocks.size());
        for (var b : blocks) {
            if (b.dropout() >= 0) {
                assertInstanceOf(DropoutLayer.class, conf.getConf(b.dropout()).getLayer());
            }
            if (b.batchNorm() >= 0) {
                assertInstanceOf(BatchNormalization.class, conf.getConf(b.batchNorm()).getLayer());
            }
        }
        assertEquals(List.of(3, 5, 2), blocks.stream().map(b -> (int) ((org.deeplearning4j.nn.conf.layers
                .FeedForwardLayer) firstDense(conf, b)).getNOut()).toList());
        assertEquals(conf.getConfs().size() - 2, blocks.get(2).output(), "the last block ends before the output");
        var before = settings(List.of(3), List.of(0.5), List.of(true), Placement.BEFORE);
        assertEquals(new PlaygroundModel.Block(2, 1, 2), PlaygroundModel.blocks(before).get(0));
    }

    private static Layer firstDense(MultiLayerConfiguration conf, PlaygroundModel.Block b) {
        for (int i = b.output(); i >= 0; i--) {
            if (conf.getConf(i).getLayer() instanceof DenseLayer d) {
                return d;
            }
        }
        throw new AssertionError("no dense layer");
    }

    @Test
    void theSettingsReachTheConfiguration() {
        var s = settings(List.of(6, 6), List.of(0.0, 0.0), List.of(false, false), Placement.AFTER);
        var conf = PlaygroundModel.configuration(s);
        var first = (DenseLayer) conf.getConf(0).getLayer();
        assertEquals(2, first.getNIn(), "two inputs for a 2-D problem");
        assertEquals(0.1, ((Sgd) first.getIUpdater()).getLearningRate(), 1e-12);
        assertEquals(7, conf.getConf(0).getSeed());
        var adam = PlaygroundModel.configuration(new PlaygroundSettings(Problem.CURVE, 0, 50, 100, 10, List.of(2),
                List.of(0.0), List.of(false), Placement.AFTER, Act.TANH, Optimizer.ADAM, 0.003, 0, 1, 10));
        assertEquals(0.003, ((Adam) ((DenseLayer) adam.getConf(0).getLayer()).getIUpdater()).getLearningRate(),
                1e-12);
        assertEquals(1, ((DenseLayer) adam.getConf(0).getLayer()).getNIn(), "one input for the curve");
    }

    /** The page's Java, compiled and run, builds the same configuration as {@code configuration(...)}, for many settings. */
    @Test
    void theShownJavaBuildsTheSameConfiguration(@TempDir Path dir) throws Exception {
        var random = new Random(3);
        var cases = new ArrayList<PlaygroundSettings>();
        for (Preset p : Preset.values()) {
            cases.add(p.settings());
        }
        for (int k = 0; k < 8; k++) {
            int layers = 1 + random.nextInt(PlaygroundSettings.MAX_LAYERS);
            var units = new ArrayList<Integer>();
            var drop = new ArrayList<Double>();
            var bn = new ArrayList<Boolean>();
            for (int i = 0; i < layers; i++) {
                units.add(1 + random.nextInt(PlaygroundSettings.MAX_UNITS));
                drop.add(random.nextBoolean() ? 0.0 : 0.05 * (1 + random.nextInt(18)));
                bn.add(random.nextBoolean());
            }
            cases.add(new PlaygroundSettings(Problem.values()[random.nextInt(6)], 10, 50, 200, 10, units, drop, bn,
                    Placement.values()[random.nextInt(2)], Act.values()[random.nextInt(4)],
                    Optimizer.values()[random.nextInt(2)], 1e-4 + random.nextDouble(), random.nextDouble() * 0.01,
                    random.nextInt(1000), 10));
        }
        var source = new StringBuilder(PlaygroundModel.javaImports()).append("public class Shown {\n");
        for (int i = 0; i < cases.size(); i++) {
            source.append("public static MultiLayerConfiguration c").append(i).append("() {\n")
                    .append(PlaygroundModel.javaCode(cases.get(i))).append("return conf;\n}\n");
        }
        source.append("}\n");
        Files.writeString(dir.resolve("Shown.java"), source);
        var compiled = ExerciseCompiler.compile(dir, "Shown.java");
        var loader = new ClassLoader(getClass().getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                byte[] b = compiled.classes().get(name);
                if (b == null) {
                    throw new ClassNotFoundException(name);
                }
                return defineClass(name, b, 0, b.length);
            }
        };
        Class<?> shown = loader.loadClass("Shown");
        for (int i = 0; i < cases.size(); i++) {
            var fromPage = (MultiLayerConfiguration) shown.getMethod("c" + i).invoke(null);
            assertEquals(PlaygroundModel.configuration(cases.get(i)).toJson(), fromPage.toJson(),
                    "case " + i + ": " + cases.get(i));
        }
        assertTrue(PlaygroundModel.javaCode(cases.get(0)).contains(".build();"));
    }
}
