package dev.dl4jlessons.lessons.capacity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Fit;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.Run;

/** The capacity lesson: its verdict rule, its model, its options, and a small real sweep. */
class CapacityLessonTest {
    static {
        CourseRuntime.init(false);
    }

    @Test
    void aModelThatFitsItsTrainingRowsWorseThanTheBestPredictsNewOnesUnderfits() {
        // best final val of the sweep 0.60; this size's training loss 0.68 is above it
        assertEquals(Fit.UNDERFIT, CapacityLesson.classify(0.68, 0.76, 0.71, 0.60));
        assertEquals(Fit.GOOD, CapacityLesson.classify(0.59, 0.62, 0.60, 0.60), "train just below the best val");
    }

    @Test
    void validationThatRoseAwayFromItsBestWhileTrainingWentOnIsOverfitting() {
        assertEquals(Fit.OVERFIT, CapacityLesson.classify(0.03, 0.98, 0.58, 0.60));
        assertEquals(Fit.GOOD, CapacityLesson.classify(0.03, 0.64, 0.58, 0.60), "within the margin of the best");
        assertEquals(Fit.GOOD, CapacityLesson.classify(0.50, 0.70, 0.68, 0.60),
                "worse than the best, but never better during training: not memorizing");
        assertEquals(Fit.GOOD, CapacityLesson.classify(0.45, 0.60, 0.58, 0.60), "the best size itself");
    }

    @Test
    void configurationHasTheWidthDepthAndDropoutAsked() {
        var task = Datasets.load("diabetes");
        var conf = CapacityLesson.configuration(7, 2, 0.3, task, 1, 0.01);
        var layers = conf.getConfs().stream().map(c -> c.getLayer()).toList();
        assertEquals(5, layers.size(), "dense, dropout, dense, dropout, output");
        assertEquals(10, ((DenseLayer) layers.get(0)).getNIn());
        assertEquals(7, ((DenseLayer) layers.get(0)).getNOut());
        assertEquals(7, ((DenseLayer) layers.get(2)).getNOut());
        assertEquals(0.7, ((Dropout) ((DropoutLayer) layers.get(1)).getIDropout()).getP(), 1e-12, "retain 1 - p");
        assertEquals(1, ((OutputLayer) layers.get(4)).getNOut());
        var plain = CapacityLesson.configuration(3, 1, 0, task, 1, 0.01);
        assertEquals(2, plain.getConfs().size(), "no dropout layer at p = 0");
    }

    @Test
    void badSweepsNameTheOption() {
        var d = Sweep.DEFAULT;
        var e = assertThrows(InputException.class, () -> new Sweep(d.data(), List.of(4, 0), d.depth(), d.seeds(),
                d.epochs(), d.trainRows(), d.batchSize(), d.lr(), d.dropout(), d.threads(), d.out()));
        assertEquals("--widths 0: every width must be in 1..65536", e.getMessage());
        var run = Run.course("capacity", "--depth", "0");
        assertEquals(2, run.exitCode());
        assertEquals("error: --depth 0: must be in 1..1000", run.err().strip());
    }

    /** More training rows than the data holds are refused, as the lab refuses them, never quietly cut down. */
    @Test
    void moreTrainingRowsThanTheDataHoldsAreRefusedAndNothingIsWritten(@TempDir Path out) throws Exception {
        for (String rows : new String[] {"310", "100000"}) {
            var run = Run.course("capacity", "--train-rows", rows, "--widths", "1", "--seeds", "1", "--epochs", "1",
                    "--out", out.toString());
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("error: --train-rows " + rows + ": diabetes has 309 rows left after holding out 30% for "
                    + "validation", run.err().strip());
            assertEquals("", run.out());
        }
        try (var left = java.nio.file.Files.list(out)) {
            assertEquals(List.of(), left.toList(), "nothing is written");
        }
        assertEquals(0, Run.course("capacity", "--train-rows", "309", "--widths", "1", "--seeds", "1", "--epochs",
                "1", "--dropout", "0", "--out", out.toString()).exitCode(), "all 309 rows are allowed");
    }

    @Test
    void aSmallSweepPrintsVerdictsAndDrawsOnePanelPerDropoutSetting(@TempDir Path out) throws Exception {
        var sweep = new Sweep("diabetes", List.of(1, 64), 1, 1, 30, 100, 10, 0.01, 0.5, 2, out);
        var buffer = new ByteArrayOutputStream();
        var sessions = java.util.concurrent.ConcurrentHashMap.<String>newKeySet();
        var result = dev.dl4jlessons.harness.TrainingWatch.with((session, net, steps) -> sessions.add(session),
                () -> CapacityLesson.run(sweep, new PrintStream(buffer, true, StandardCharsets.UTF_8)));
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertEquals(4, result.rows().size(), "two widths, without and with dropout");
        assertEquals(java.util.Set.of("width1-seed1", "width64-seed1", "width1-dropout-seed1", "width64-dropout-seed1"),
                sessions, "--ui sees every run of the sweep as a session of its own");
        assertTrue(printed.contains("Without dropout:") && printed.contains("With dropout 0.5"), printed);
        for (var row : result.rows()) {
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(row.width() + " ") && l.endsWith(row.fit().toString())),
                    printed);
        }
        assertTrue(result.at(0).get(1).train().mean() < result.at(0).get(0).train().mean(),
                "64 units fit the training rows better than 1");
        assertTrue(result.trivial() > 0.7 && result.trivial() < 1.3, "the training mean scores near 1: "
                + result.trivial());
        var figure = CapacityLesson.chart(result, sweep);
        assertEquals(2, figure.panels().size());
        assertEquals(figure.image().getWidth(), ImageIO.read(Files.newInputStream(out.resolve("capacity.png")))
                .getWidth());
        // the width chart's error bars are the standard deviations over seeds (one seed here: zero)
        for (int panel = 0; panel < 2; panel++) {
            var rows = result.at(panel == 0 ? 0 : 0.5);
            var series = figure.panels().get(panel).getSeriesMap();
            assertArrayEquals(rows.stream().mapToDouble(r -> r.val().mean()).toArray(),
                    series.get("validation").getYData(), 1e-12);
            assertArrayEquals(rows.stream().mapToDouble(r -> r.val().std()).toArray(),
                    series.get("validation").getExtraValues(), 1e-12);
            assertArrayEquals(rows.stream().mapToDouble(r -> r.train().std()).toArray(),
                    series.get("train").getExtraValues(), 1e-12);
        }
        // the learning curves: one point per epoch, ending at the table's final losses, drawn on a log2 epoch axis
        for (var row : result.rows()) {
            assertEquals(30, row.trainCurve().size());
            assertEquals(30, row.valCurve().size());
            assertEquals(row.val().mean(), row.valCurve().get(29), 1e-12);
            assertEquals(row.train().mean(), row.trainCurve().get(29), 1e-12);
            assertEquals(row.bestEpochVal().mean(), row.valCurve().stream().mapToDouble(v -> v).min().orElseThrow(),
                    1e-12, "one seed: the best epoch is the curve's minimum");
        }
        var curves = CapacityReport.curvesChart(result, sweep);
        assertEquals(2, curves.panels().size(), "two widths, no dropout");
        var wide = curves.panels().get(1).getSeriesMap();
        assertArrayEquals(result.at(0).get(1).valCurve().stream().mapToDouble(v -> v).toArray(),
                wide.get("validation").getYData(), 1e-12);
        assertEquals(0, wide.get("validation").getXData()[0], 1e-12, "epoch 1 at log2 = 0");
        assertEquals(Math.log(30) / Math.log(2), wide.get("validation").getXData()[29], 1e-12);
        // 64 units memorise: training keeps falling while validation ends above its best epoch
        var w64 = result.at(0).get(1);
        assertTrue(w64.trainCurve().get(29) < w64.trainCurve().get(2), "training falls");
        assertTrue(w64.valCurve().get(29) > w64.bestEpochVal().mean() + 0.05, "validation rose from its best");
        assertTrue(printed.contains("Learning curves without dropout"), printed);
        assertTrue(Files.isRegularFile(out.resolve("capacity-curves.png")));
        assertEquals(List.of(1, 3, 10, 30, 100), CapacityReport.tableEpochs(100));
        assertEquals(List.of(1, 3, 10, 30), CapacityReport.tableEpochs(30));
    }
}
