package dev.dl4jlessons.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.CourseRuntime;

/** The payoff of lessons 1–3: what it trains, on which rows, and what it concludes. */
class PayoffTest {
    static {
        CourseRuntime.init(false);
    }

    private static ModelLesson lesson(String name) {
        return (ModelLesson) LessonCatalog.find(name).orElseThrow();
    }

    @Test
    void withoutDiffersOnlyByTheRegularizerLayersAndStartsFromTheSameWeights() {
        for (String name : List.of("dropout", "batchnorm", "combined")) {
            var with = lesson(name).model(Settings.NOTEBOOK);
            var without = Payoff.withoutRegularizers(with);
            assertFalse(Payoff.hasRegularizers(without), name);
            // the remaining layers are the lesson's own, in order, with nothing else changed
            List<String> kept = with.getConfs().stream().map(c -> c.getLayer())
                    .filter(l -> !(l instanceof DropoutLayer || l instanceof BatchNormalization))
                    .map(Object::toString).toList();
            assertEquals(kept, without.getConfs().stream().map(c -> c.getLayer().toString()).toList(), name);
            // the dense layers start from the same weights and biases as in the lesson's network
            var a = Networks.create(with);
            var b = Networks.create(without);
            int j = 0;
            for (int i = 0; i < a.getnLayers(); i++) {
                var layer = a.getLayer(i).conf().getLayer();
                if (layer instanceof DropoutLayer || layer instanceof BatchNormalization) {
                    continue;
                }
                assertEquals(a.getLayer(i).params(), b.getLayer(j).params(), name + " layer " + i);
                j++;
            }
            assertEquals(b.getnLayers(), j, name);
        }
    }

    @Test
    void validationIsOnHeldOutRowsAndTheRunsAreReproducible() {
        var dropout = lesson("dropout");
        var r = Payoff.measure(dropout, Settings.NOTEBOOK, 25, 2);
        assertEquals(100, r.trainRows());
        assertEquals(133, r.valRows());
        assertEquals(2, r.with().size());
        assertEquals(25, r.with().get(0).val().size());
        // the split keeps validation rows out of training
        Split split = Split.of(Datasets.load(Payoff.DATA).data(), 1, Payoff.TRAIN_ROWS, true);
        assertTrue(disjoint(split.train(), split.validation()));
        // without dropout the 50-unit network memorises its 100 rows: measured on those rows the loss is far lower
        // than on the held-out ones, which would be equal if validation reused training rows
        for (var c : r.without()) {
            double train = c.train().get(24);
            double val = c.val().get(24);
            assertTrue(train < 0.25 && val > train + 0.3, "train " + train + ", val " + val);
        }
        // dropout costs training fit: its final training loss is above the unregularized one for every seed
        for (int s = 0; s < 2; s++) {
            assertTrue(r.with().get(s).train().get(24) > r.without().get(s).train().get(24), "seed " + (s + 1));
        }
        assertEquals(r, Payoff.measure(dropout, Settings.NOTEBOOK.withSeed(7), 25, 2), "measured once per JVM");
        var again = Payoff.measureNow(dropout, Settings.NOTEBOOK, 25, 2);
        assertEquals(r.with(), again.with(), "same seeds, same curves");
        assertEquals(r.without(), again.without(), "same seeds, same curves");
        assertNotEquals(r.with().get(0).val(), r.with().get(1).val(), "another seed, another run");
        // dropout and batch norm are removed to the same network: both lessons' "without" rows are one model
        var bn = Payoff.measure(lesson("batchnorm"), Settings.NOTEBOOK, 25, 2);
        assertEquals(r.without(), bn.without());
    }

    @Test
    void thePayoffFollowsARunOfTheNotebooksOwnSettings() {
        assertTrue(Payoff.follows(Settings.NOTEBOOK));
        assertTrue(Payoff.follows(new Settings(3, 5, 10, 0.01, 0.2, null)), "another seed or drop probability");
        assertFalse(Payoff.follows(Settings.NOTEBOOK.withEpochs(20)));
        assertFalse(Payoff.follows(new Settings(42, 5, 20, 0.01, null, null)));
        assertFalse(Payoff.follows(new Settings(42, 5, 10, 0.1, null, null)));
        assertFalse(Payoff.follows(new Settings(42, 5, 10, 0.01, null, java.nio.file.Path.of("x.csv"))));
    }

    @Test
    void theVerdictComparesTheGainWithTheSpreadOverSeeds() {
        assertTrue(Payoff.verdict(result(0.60, 0.62, 0.90, 0.92), "dropout").endsWith("the regularizer helps."));
        assertTrue(Payoff.verdict(result(0.90, 0.92, 0.60, 0.62), "dropout").endsWith("the regularizer hurts."));
        String unclear = Payoff.verdict(result(0.70, 0.90, 0.70, 0.86), "batch norm");
        assertEquals("With batch norm the final validation loss moves by +0.020, within the spread over seeds "
                + "(±0.141): on this data the regularizer does not clearly help.", unclear);
    }

    /** Two seeds each: final validation losses a, b with the regularizer and c, d without. */
    private static Payoff.Result result(double a, double b, double c, double d) {
        return new Payoff.Result(List.of(curve(1, true, a), curve(2, true, b)),
                List.of(curve(1, false, c), curve(2, false, d)), 1.0, 100, 133);
    }

    private static Payoff.Curve curve(long seed, boolean regularized, double finalVal) {
        return new Payoff.Curve(seed, regularized, List.of(0.5, 0.4), List.of(0.8, finalVal));
    }

    private static boolean disjoint(DataSet a, DataSet b) {
        var rows = new java.util.HashSet<List<Double>>();
        for (double[] row : a.getFeatures().toDoubleMatrix()) {
            rows.add(java.util.Arrays.stream(row).boxed().toList());
        }
        for (double[] row : b.getFeatures().toDoubleMatrix()) {
            if (rows.contains(java.util.Arrays.stream(row).boxed().toList())) {
                return false;
            }
        }
        return true;
    }
}
