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
    void theVerdictWeighsThePairedDifferenceAtTheEndAndAtTheBestEpoch() {
        // five seeds: with the regularizer final 0.60..0.64, best 0.55..0.59; without final 0.90..0.94
        double[] lowFinal = {0.60, 0.61, 0.62, 0.63, 0.64};
        double[] highFinal = {0.90, 0.91, 0.92, 0.93, 0.94};
        double[] lowBest = {0.55, 0.56, 0.57, 0.58, 0.59};
        double[] highBest = {0.80, 0.81, 0.82, 0.83, 0.84};
        assertTrue(Payoff.verdict(result(lowBest, lowFinal, highBest, highFinal), "dropout")
                .endsWith("the regularizer helps."), "lower at the end and at the best epoch");
        assertTrue(Payoff.verdict(result(lowBest, highFinal, lowBest, lowFinal), "dropout")
                .endsWith("no clear difference on this data."), "higher at the end only");
        assertTrue(Payoff.verdict(result(new double[] {0.9, 0.9, 0.9, 0.9, 0.9}, highFinal, lowBest, lowFinal),
                "dropout").endsWith("the regularizer hurts."), "higher at the end and at the best epoch");
        // the plain model overfits past its best epoch, which is about as good as the regularized one's: the
        // regularizer only stands in for early stopping
        String same = Payoff.verdict(result(lowBest, lowFinal, new double[] {0.57, 0.55, 0.58, 0.57, 0.63},
                highFinal), "batch norm");
        assertEquals("With batch norm the validation loss is lower by 0.300 (± 0.000) after the last epoch and lower by "
                + "0.010 (± 0.009) at the best epoch: no clear difference at the best epoch, so on this data it helps "
                + "only a model trained past its best epoch, as stopping early would.", same);
        // the plain model stopped at its best epoch is better: the regularizer only slows the damage down
        String worse = Payoff.verdict(result(lowBest, lowFinal, new double[] {0.50, 0.51, 0.52, 0.53, 0.54},
                highFinal), "batch norm");
        assertTrue(worse.endsWith("so on this data stopping early beats the regularizer."), worse);
        assertTrue(worse.contains("higher by 0.050 (± 0.000) at the best epoch"), worse);
        // within the noise at both points
        String noise = Payoff.verdict(result(lowBest, new double[] {0.60, 0.70, 0.62, 0.71, 0.64}, lowBest,
                new double[] {0.66, 0.61, 0.69, 0.62, 0.65}), "dropout");
        assertTrue(noise.endsWith("no clear difference on this data."), noise);
        assertEquals("Rule: a difference counts when its mean over the 5 paired seeds is more than 2 standard errors "
                + "from 0, after the last epoch and at each run's best epoch.", Payoff.rule(result(lowBest, lowFinal,
                        lowBest, highFinal)));
    }

    @Test
    void thePayoffRunsAtLeastFiveSeeds() {
        assertTrue(Payoff.SEEDS >= 5, "the verdict's rule needs at least five paired seeds");
    }

    /** Per seed: the best and final validation loss with the regularizer, then without. */
    private static Payoff.Result result(double[] bestWith, double[] finalWith, double[] bestWithout,
            double[] finalWithout) {
        List<Payoff.Curve> with = new java.util.ArrayList<>();
        List<Payoff.Curve> without = new java.util.ArrayList<>();
        for (int s = 0; s < finalWith.length; s++) {
            with.add(curve(s + 1, true, bestWith[s], finalWith[s]));
            without.add(curve(s + 1, false, bestWithout[s], finalWithout[s]));
        }
        return new Payoff.Result(with, without, 1.0, 100, 133);
    }

    private static Payoff.Curve curve(long seed, boolean regularized, double best, double finalVal) {
        return new Payoff.Curve(seed, regularized, List.of(0.5, 0.4, 0.3), List.of(0.8, Math.min(best, finalVal),
                finalVal));
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
