package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What the presets teach, measured on the sessions the page drives: the figures the guide quotes are checked here
 * (and printed, so a run shows them).
 */
class SessionTest {
    /** Trains {@code steps} steps, observing every one; returns the last snapshot. */
    private static JsonObject train(Session s, int steps) {
        for (int i = 0; i < steps; i++) {
            s.step(true);
        }
        return s.snapshot(false);
    }

    private static double mean(JsonArray a) {
        return a.stream().mapToDouble(o -> ((Number) o).doubleValue()).average().orElseThrow();
    }

    @Test
    void theSpiralsLossFalls() {
        var s = new Session(Preset.SPIRAL.settings());
        double before = s.snapshot(false).getDouble("testLoss");
        var after = train(s, 300);
        System.out.printf(Locale.ROOT, "spiral: test loss %.4f -> %.4f after 300 steps (15 epochs)%n", before,
                after.getDouble("testLoss"));
        assertTrue(after.getDouble("testLoss") < before - 0.05, before + " -> " + after.getDouble("testLoss"));
        assertEquals(15, after.getLong("epoch"));
    }

    @Test
    void theShownMaskDropsAboutPOfTheUnitsAndIsTheOneThatTrained() {
        var s = new Session(Preset.DROPOUT_CLOSES_THE_GAP.settings());
        long dropped = 0;
        long seen = 0;
        for (int i = 0; i < 50; i++) {
            s.step(true);
            JsonArray masks = s.snapshot(false).getJsonArray("dropped");
            assertEquals(4, masks.size());
            for (Object m : masks) {
                String mask = (String) m;
                assertEquals(32, mask.length());
                seen += mask.length();
                dropped += mask.chars().filter(c -> c == '1').count();
            }
        }
        double fraction = (double) dropped / seen;
        System.out.printf(Locale.ROOT, "dropout p = 0.5: %d of %d units shown dropped (%.3f)%n", dropped, seen,
                fraction);
        assertEquals(0.5, fraction, 0.03);
    }

    @Test
    void everyStepDrawsANewMaskWithOrWithoutBatchNorm() {
        for (Preset preset : List.of(Preset.DROPOUT_CLOSES_THE_GAP, Preset.DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT)) {
            var s = new Session(preset.settings());
            var masks = new java.util.HashSet<String>();
            for (int i = 0; i < 20; i++) {
                s.step(true);
                masks.add(s.snapshot(false).getJsonArray("dropped").getString(0));
            }
            assertTrue(masks.size() >= 15, preset.key() + ": 20 steps, " + masks.size() + " different masks");
        }
    }

    @Test
    void withoutDropoutNoMaskIsShown() {
        var s = new Session(Preset.MEMORISE_THE_NOISE.settings());
        s.step(true);
        var state = s.snapshot(false);
        assertEquals(Collections.nCopies(4, null), state.getJsonArray("dropped").getList());
        assertEquals(null, state.getValue("batchNorm"));
        assertEquals(4, state.getJsonArray("units").size());
        assertEquals(32, state.getJsonArray("units").getJsonArray(0).size());
    }

    @Test
    void memorisingTheNoiseOpensAGapThatDropoutNarrows() {
        var plain = train(new Session(Preset.MEMORISE_THE_NOISE.settings()), 300);
        var dropout = train(new Session(Preset.DROPOUT_CLOSES_THE_GAP.settings()), 300);
        double gapPlain = plain.getDouble("testLoss") - plain.getDouble("trainLoss");
        double gapDropout = dropout.getDouble("testLoss") - dropout.getDouble("trainLoss");
        System.out.printf(Locale.ROOT, "after 300 steps (100 epochs): no dropout train %.4f test %.4f gap %.4f; "
                + "dropout 0.5 train %.4f test %.4f gap %.4f%n", plain.getDouble("trainLoss"),
                plain.getDouble("testLoss"), gapPlain, dropout.getDouble("trainLoss"), dropout.getDouble("testLoss"),
                gapDropout);
        assertTrue(gapPlain > 0.3, "the big network memorises: gap " + gapPlain);
        assertTrue(gapDropout < gapPlain / 2, "dropout narrows the gap: " + gapDropout + " vs " + gapPlain);
    }

    @Test
    void batchNormLetsTheHighLearningRateTrain() {
        var bn = Preset.BN_LETS_A_HIGH_LEARNING_RATE_TRAIN.settings();
        var off = bn.withLayers(bn.units(), bn.dropout(), Collections.nCopies(bn.layers(), false));
        var withBn = train(new Session(bn), 400);
        var without = train(new Session(off), 400);
        System.out.printf(Locale.ROOT, "sigmoid x6, SGD lr 2, 400 steps (100 epochs): with BN test loss %.4f "
                + "accuracy %.3f; without BN %.4f accuracy %.3f%n", withBn.getDouble("testLoss"),
                withBn.getDouble("testAccuracy"), without.getDouble("testLoss"), without.getDouble("testAccuracy"));
        assertTrue(withBn.getDouble("testAccuracy") > 0.9, "with batch norm it learns the circle: " + withBn);
        assertTrue(without.getDouble("testLoss") > 0.6, "without, the loss stays near ln 2: " + without);
    }

    @Test
    void dropoutBeforeBatchNormShiftsTheVariance() {
        var s = new Session(Preset.DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT.settings());
        var state = train(s, 200);
        JsonArray bn = state.getJsonArray("batchNorm");
        assertNotNull(bn);
        for (int i = 0; i < bn.size(); i++) {
            var layer = bn.getJsonObject(i);
            double running = mean(layer.getJsonArray("runningStd"));
            double batch = mean(layer.getJsonArray("batchStd"));
            double atTest = mean(layer.getJsonArray("testStd"));
            System.out.printf(Locale.ROOT, "dropout 0.5 before BN, layer %d after 200 steps: training batch std "
                    + "%.3f, running std %.3f, std at test time %.3f (ratio %.2f)%n", i + 1, batch, running, atTest,
                    running / atTest);
            assertTrue(running > 1.15 * atTest, "layer " + (i + 1) + ": " + running + " vs " + atTest);
            double after = mean(layer.getJsonArray("afterStd"));
            assertTrue(after > 0.5 && after < 1.5, "after BN the batch is normalized: " + after);
        }
    }

    @Test
    void theCurveAndThePlaneAreRegressions() {
        var curve = PlaygroundSettings.defaults();
        curve = new PlaygroundSettings(Problem.CURVE, 10, 50, 100, 10, List.of(8), List.of(0.0), List.of(false),
                curve.placement(), curve.activation(), curve.optimizer(), 0.01, 0, 1, 10);
        var state = train(new Session(curve), 5);
        assertEquals(null, state.getValue("testAccuracy"));
        assertEquals(Session.CURVE_POINTS, java.util.Base64.getDecoder().decode(
                state.getJsonObject("boundary").getString("values")).length);
        var points = new Session(curve).points();
        assertEquals(50, points.getJsonArray("train").size());
        assertEquals(2, points.getJsonArray("train").getJsonArray(0).size(), "x and y");
    }
}
