package dev.dl4jlessons.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.CsvData;
import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/** The generalization lab: splits, standardization, early stopping, outputs and determinism. */
class LabTest {
    static {
        CourseRuntime.init(false);
    }

    private static LabSettings settings(List<Variant> variants, int seeds, int epochs, int threads) {
        return new LabSettings("synthetic", variants, seeds, epochs, 60, 10, 0.01, List.of(0.5), 1.0, 3, false, threads,
                Path.of("target/lab-test"));
    }

    /** Row identity: the row's feature values as a string. */
    private static Set<String> rows(DataSet d, Split split, boolean standardized) {
        var copy = d.copy();
        if (standardized) {
            split.normalizer().revert(copy);
        }
        Set<String> out = new HashSet<>();
        for (int i = 0; i < copy.numExamples(); i++) {
            var sb = new StringBuilder();
            for (float v : copy.getFeatures().getRow(i).toFloatVector()) {
                sb.append(String.format(java.util.Locale.ROOT, "%.3f,", v)); // revert() rounds in the last bits
            }
            out.add(sb.toString());
        }
        return out;
    }

    @Test
    void splitIsDisjointAndDeterministic() {
        DataSet all = RandomData.synthetic(200, 7);
        Split a = Split.of(all, 3, 0, true);
        Split b = Split.of(all, 3, 0, true);
        Split c = Split.of(all, 4, 0, true);
        assertEquals(140, a.train().numExamples());
        assertEquals(60, a.validation().numExamples());
        assertEquals(a.train().getFeatures(), b.train().getFeatures(), "same seed, same split");
        assertFalse(a.train().getFeatures().equals(c.train().getFeatures()), "another seed, another split");
        Set<String> train = rows(a.train(), a, true);
        Set<String> val = rows(a.validation(), a, true);
        train.retainAll(val);
        assertTrue(train.isEmpty(), "no row is in both");
        Split few = Split.of(all, 3, 50, true);
        assertEquals(50, few.train().numExamples(), "--train-rows");
        assertEquals(rows(a.validation(), a, true), rows(few.validation(), few, true),
                "fewer training rows keep the same validation rows");
    }

    @Test
    void standardizationUsesTrainingStatisticsOnly() {
        DataSet all = RandomData.synthetic(200, 7);
        all.getFeatures().getColumn(0).addi(5); // shift a feature so the statistics are not trivially 0 and 1
        Split split = Split.of(all, 3, 40, true);
        INDArray trainMean = split.train().getFeatures().mean(0);
        INDArray trainStd = split.train().getFeatures().std(false, 0);
        for (int j = 0; j < 10; j++) {
            assertEquals(0, trainMean.getDouble(j), 1e-4, "training features have mean 0");
            assertEquals(1, trainStd.getDouble(j), 1e-3, "training features have std 1");
        }
        assertEquals(0, split.train().getLabels().meanNumber().doubleValue(), 1e-4, "target standardized too");
        // the validation rows were transformed with the training statistics, so their mean is not exactly 0
        double valMean = split.validation().getFeatures().mean(0).getDouble(0);
        assertTrue(Math.abs(valMean) > 1e-3, "validation is not re-centred on itself: " + valMean);
        var raw = split.validation().copy();
        split.normalizer().revert(raw);
        INDArray expected = raw.getFeatures().subRowVector(split.normalizer().getMean())
                .divRowVector(split.normalizer().getStd());
        assertTrue(expected.equalsWithEps(split.validation().getFeatures(), 1e-4));
    }

    @Test
    void earlyStoppingStopsAndRestoresTheBestEpoch() {
        var s = new LabSettings("synthetic", List.of(Variant.EARLY_STOPPING), 1, 200, 60, 10, 0.01, List.of(0.5), 1.0, 5,
                false, 1, Path.of("target"));
        var task = Datasets.load("synthetic");
        var run = LabRunner.runOne(new LabRunner.Job("early-stopping", Double.NaN, Variant.EARLY_STOPPING, 1, s),
                task);
        assertTrue(run.epochs().size() < 200, "stopped early after " + run.epochs().size() + " epochs");
        var best = run.best();
        assertEquals(run.epochs().size() - 5, best.epoch(), "stopped 5 epochs after the best one");
        assertEquals(best.valLoss(), run.last().valLoss(), 1e-6, "the restored model is the best epoch's");
        assertEquals(best.trainLoss(), run.last().trainLoss(), 1e-6);
    }

    @Test
    void parallelRunEqualsSequentialRun() {
        var variants = List.of(Variant.BASELINE, Variant.DROPOUT, Variant.BN_DROPOUT);
        var task = Datasets.load("synthetic");
        var sequential = LabRunner.run(settings(variants, 2, 3, 1), task, (d, t, r) -> { });
        var parallel = LabRunner.run(settings(variants, 2, 3, 2), task, (d, t, r) -> { });
        assertEquals(LabReport.csv(sequential, task), LabReport.csv(parallel, task));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"random, 100, 10, 0", "synthetic, 200, 10, 0", "diabetes, 442, 10, 0", "digits, 1797, 64, 10"})
    void datasetsLoadWithTheirShapes(String name, int rows, int features, int classes) {
        var task = Datasets.load(name);
        assertEquals(rows, task.data().numExamples());
        assertEquals(features, task.features());
        assertEquals(classes, task.classes());
        assertEquals(classes == 0 ? 1 : classes, task.data().getLabels().columns());
    }

    @Test
    void syntheticGeneratorReproducesTheCommittedFile() {
        var file = CsvData.load(TestData.file("synthetic-200x10.csv"), CsvData.Spec.regression(10)).data();
        var generated = RandomData.synthetic(200, 7);
        assertEquals(generated.getFeatures(), file.getFeatures());
        assertEquals(generated.getLabels(), file.getLabels());
    }

    @Test
    void smokeRunWritesTableCsvAndCharts(@TempDir Path out) throws IOException {
        var run = Run.course("lab", "--data", "digits", "--train-rows", "120", "--epochs", "2", "--seeds", "2",
                "--variants", "baseline,dropout,early-stopping", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        for (String row : List.of("baseline", "dropout", "early-stopping", "trivial")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(row + " ")), row + " row in\n" + run.out());
        }
        assertTrue(run.out().contains("val accuracy"), "classification reports accuracy");
        assertTrue(run.err().contains("runs done"), "progress with time left");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals("dataset,variant,seed,epoch,train_loss,val_loss,val_accuracy", csv.get(0));
        assertEquals(1 + 3 * 2 * 2, csv.size(), "one row per (variant, seed, epoch)");
        assertTrue(csv.get(1).startsWith("digits,baseline,1,1,"));
        BufferedImage png = ImageIO.read(out.resolve("curves.png").toFile());
        assertEquals(LabReport.WIDTH, png.getWidth());
        assertTrue(png.getHeight() > 200, "one row of three panels under the key: " + png.getHeight());
    }

    @Test
    void l2AndWeightDecayBothRunAndReachResultsCsv(@TempDir Path out) throws IOException {
        var run = Run.course("lab", "--data", "diabetes", "--train-rows", "60", "--epochs", "1", "--seeds", "1",
                "--variants", "l2,weight-decay", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        var variants = Files.readAllLines(out.resolve("results.csv")).stream().skip(1).map(l -> l.split(",")[1])
                .distinct().toList();
        assertEquals(List.of("l2", "weight-decay"), variants);
    }

    /**
     * Adam(weight_decay) is DL4J's L2, added to the gradient; AdamW is DL4J's weight decay, times the lr, and the
     * builder-level form is in the list twice (the guide's factor 2).
     */
    @Test
    void l2IsCoupledAndWeightDecayIsDecoupled() {
        var task = Datasets.load("synthetic");
        var s = settings(List.of(Variant.L2, Variant.WEIGHT_DECAY), 1, 1, 1);
        var l2 = LabModels.configuration(Variant.L2, task, 1, s).getConf(0).getLayer();
        var wd = LabModels.configuration(Variant.WEIGHT_DECAY, task, 1, s).getConf(0).getLayer();
        var base = LabModels.configuration(Variant.BASELINE, task, 1, s).getConf(0).getLayer();
        var l2Reg = (L2Regularization) ((BaseLayer) l2).getRegularization().get(0);
        assertEquals(1.0, l2Reg.getL2().valueAt(0, 0), 1e-12);
        assertEquals(Regularization.ApplyStep.BEFORE_UPDATER, l2Reg.applyStep(), "added to the gradient, as Adam's");
        assertEquals(1, ((BaseLayer) l2).getRegularization().size(), "L2 is added once");
        assertEquals(2, ((BaseLayer) wd).getRegularization().size(),
                "DL4J M2.1 adds a builder-level weight decay twice: the variant is AdamW at twice --weight-decay");
        var decay = (WeightDecay) ((BaseLayer) wd).getRegularization().get(0);
        assertEquals(1.0, decay.getCoeff().valueAt(0, 0), 1e-12);
        assertTrue(decay.isApplyLR(), "multiplied by the learning rate, as AdamW's");
        assertEquals(Regularization.ApplyStep.POST_UPDATER, decay.applyStep(), "beside Adam's step, as AdamW's");
        assertTrue(((BaseLayer) base).getRegularization().isEmpty(), "the baseline has neither");
        assertTrue(((BaseLayer) wd).getRegularizationBias().isEmpty(), "the biases are not decayed");
    }

    @Test
    void dropoutTakesOneRatePerHiddenLayer() {
        var task = Datasets.load("synthetic");
        var s = new LabSettings("synthetic", List.of(Variant.DROPOUT), 1, 1, 60, 10, 0.01, List.of(0.2, 0.5), 1.0, 3,
                false, 1, Path.of("target/lab-test"));
        var retain = LabModels.configuration(Variant.DROPOUT, task, 1, s).getConfs().stream()
                .filter(c -> c.getLayer() instanceof DropoutLayer)
                .map(c -> ((Dropout) c.getLayer().getIDropout()).getP()).toList();
        assertEquals(List.of(0.8, 0.5), retain, "DL4J retain = 1 - p, first hidden layer first");
        var one = new LabSettings("synthetic", List.of(Variant.BN_DROPOUT), 1, 1, 60, 10, 0.01, List.of(0.3), 1.0, 3,
                false, 1, Path.of("target/lab-test"));
        assertEquals(0.3, one.dropoutAt(0), 1e-12);
        assertEquals(0.3, one.dropoutAt(1), 1e-12, "one rate applies to every hidden layer");
    }

    @Test
    void curvesAreOnePanelPerVariantOnSharedAxes() {
        var task = Datasets.load("synthetic");
        var runs = LabRunner.run(settings(List.of(Variant.BASELINE, Variant.DROPOUT, Variant.L2, Variant.BATCHNORM),
                2, 3, 2), task, (d, t, r) -> { });
        var figure = LabReport.curves(runs, task, 0.9, "test");
        assertEquals(4, figure.panels().size(), "one panel per variant");
        var first = figure.panels().get(0).getStyler();
        for (var panel : figure.panels()) {
            assertEquals(List.of("train", "validation", "reference"), List.copyOf(panel.getSeriesMap().keySet()));
            assertEquals(first.getYAxisMax(), panel.getStyler().getYAxisMax(), "shared y axis");
            assertEquals(first.getXAxisMax(), panel.getStyler().getXAxisMax(), "shared x axis");
            // a log epoch axis: epoch e is drawn at log2(e), labelled 1, 2, 4, ...
            assertArrayEquals(new double[] {0, 1, Math.log(3) / Math.log(2)},
                    panel.getSeriesMap().get("train").getXData(), 1e-12);
        }
        assertEquals("4", Charts.LOG2_LABELS.apply(2.0));
        assertEquals("", Charts.LOG2_LABELS.apply(1.5), "no label between powers of two");
        // each panel plots the mean over seeds of its variant's per-epoch losses
        var baseline = runs.stream().filter(r -> r.variant().equals("baseline")).toList();
        double[] val = figure.panels().get(0).getSeriesMap().get("validation").getYData();
        for (int e = 0; e < 3; e++) {
            int k = e;
            assertEquals(baseline.stream().mapToDouble(r -> r.epochs().get(k).valLoss()).average().orElseThrow(),
                    val[e], 1e-12);
        }
        assertEquals(LabReport.WIDTH, figure.image().getWidth());
    }

    @Test
    void earlyStoppingsPanelMarksTheRestoredEpochOfEachSeed() {
        var task = Datasets.load("synthetic");
        var s = new LabSettings("synthetic", List.of(Variant.EARLY_STOPPING), 2, 200, 60, 10, 0.01, List.of(0.5), null,
                5, false, 2, Path.of("target"));
        var runs = LabRunner.run(s, task, (d, t, r) -> { });
        var panel = LabReport.curves(runs, task, 0.9, "test").panels().get(0);
        var marked = panel.getSeriesMap().get("marked");
        for (int seed = 0; seed < 2; seed++) {
            var run = runs.get(seed);
            int restored = LabReport.restoredEpoch(run);
            assertEquals(run.epochs().size() - 5, restored, "stopped 5 epochs after the restored one");
            assertEquals(Math.log(restored) / Math.log(2), marked.getXData()[seed], 1e-12);
            assertEquals(run.last().valLoss(), marked.getYData()[seed], 1e-12, "the restored model's loss");
            assertEquals(run.epochs().get(restored - 1).valLoss(), run.last().valLoss(), 1e-6,
                    "the restored model is that epoch's model");
        }
        assertTrue(panel.getTitle().startsWith("early-stopping, kept epoch "), panel.getTitle());
    }

    @Test
    void aReferenceFarAboveTheCurvesIsLeftOutAndZoomFitsTheLaterEpochs() {
        var panel = new Charts.Panel("p", new double[] {0, 1, 2, 3}, new double[] {1.5, 0.1, 0.05, 0.02},
                new double[] {1.6, 0.4, 0.3, 0.35});
        var plain = new Charts.Layout("t", "x", "y", 2.6, "trivial", Charts.LOG2_LABELS);
        assertArrayEquals(new double[] {0, 1.6}, Charts.yRange(plain, List.of(panel)), 1e-12,
                "2.6 is more than 1.5 × the highest curve: not in the range");
        var zoomed = new Charts.Layout("t", "x", "y", 2.3, "trivial", Charts.LOG2_LABELS, null, true);
        assertArrayEquals(new double[] {0, 1.2 * 0.35}, Charts.yRange(zoomed, List.of(panel)), 1e-12,
                "fitted to the later half of the curves");
        var near = new Charts.Layout("t", "x", "y", 1.0, "trivial", Charts.LOG2_LABELS);
        assertArrayEquals(new double[] {0, 1.6}, Charts.yRange(near, List.of(panel)), 1e-12);
        var above = new Charts.Layout("t", "x", "y", 2.0, "trivial", Charts.LOG2_LABELS);
        assertArrayEquals(new double[] {0, 2.0}, Charts.yRange(above, List.of(panel)), 1e-12,
                "a reference within 1.5 × the curves is in the range");
    }

    @Test
    void eachWeightPenaltyHasItsOwnDefaultAndTheSweepSaysWhatItPlots() {
        var s = settings(List.of(Variant.L2), 1, 1, 1);
        var own = new LabSettings("synthetic", List.of(Variant.L2, Variant.WEIGHT_DECAY), 1, 1, 60, 10, 0.01,
                List.of(0.5), null, 3, false, 1, Path.of("target"));
        assertEquals(0.1, own.decayFor(Variant.L2), 1e-12, "L2 under Adam at 1.0 flattens the network");
        assertEquals(1.0, own.decayFor(Variant.WEIGHT_DECAY), 1e-12);
        assertEquals(1.0, s.decayFor(Variant.L2), 1e-12, "--weight-decay sets both");
        var task = Datasets.load("synthetic");
        var l2 = (BaseLayer) LabModels.configuration(Variant.L2, task, 1, own).getConf(0).getLayer();
        assertEquals(0.1, ((L2Regularization) l2.getRegularization().get(0)).getL2().valueAt(0, 0), 1e-12);
        var runs = LabRunner.run(new LabSettings("synthetic", List.of(Variant.DROPOUT), 2, 2, 40, 10, 0.01,
                List.of(0.5), null, 3, true, 2, Path.of("target")), task, (d, t, r) -> { });
        var chart = LabReport.sweep(runs, task, "sweep");
        assertEquals("loss after the last epoch (standardized MSE, inference mode)", chart.getYAxisTitle());
        var validation = chart.getSeriesMap().get("validation (mean ± std)");
        var dropout0 = runs.stream().filter(r -> r.rate() == 0.0).toList();
        assertEquals(dropout0.stream().mapToDouble(r -> r.last().valLoss()).average().orElseThrow(),
                validation.getYData()[0], 1e-12, "p = 0: the mean final validation loss over seeds");
        assertEquals(9, validation.getXData().length, "0.0 to 0.8");
    }

    @Test
    void sweepWritesTheSweepChart(@TempDir Path out) throws IOException {
        var run = Run.course("lab", "--sweep", "dropout", "--data", "synthetic", "--train-rows", "40", "--epochs", "1",
                "--seeds", "2", "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(1 + 9 * 2, csv.size(), "nine rates × two seeds × one epoch");
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("synthetic,dropout-0.8,2,1,")));
        BufferedImage png = ImageIO.read(out.resolve("sweep.png").toFile());
        assertEquals(LabReport.WIDTH, png.getWidth());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "--seeds 0 | error: --seeds 0: must be in 1..1000",
        "--variants baseline,ridge | error: --variants: unknown variant 'ridge'",
        "--data nosuch | error: --data nosuch: not a dataset name",
        "--sweep lr | error: --sweep lr: only 'dropout' can be swept",
        "--data random --train-rows 500 | error: --train-rows 500: random has 70 rows left",
        "--dropout 1 | error: --dropout 1.0: must be a drop probability in [0, 1)",
        "--dropout 0.2,0.5,0.1 | error: --dropout 0.2,0.5,0.1: give one drop probability, or one per hidden layer",
        "--dropout 0.2,1 | error: --dropout 0.2,1.0: each must be a drop probability in [0, 1)",
        "--batch-size 1 | error: --batch-size 1: must be at least 2",
        "--epochs x | error: Invalid value for option '--epochs'"})
    void badOptionsGetOneLineAndExitTwo(String args, String expected) {
        var run = Run.course(("lab " + args).split(" "));
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith(expected), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void anUnwritableOutputDirectoryIsReportedBeforeTraining(@TempDir Path tmp) throws IOException {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        var run = Run.course("lab", "--out", file.resolve("sub").toString(), "--epochs", "1", "--seeds", "1");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: --out " + file.resolve("sub") + ": " + file + " is a file, not a "
                + "directory"),
                run.err());
        assertFalse(run.err().contains("runs done"), "nothing trained");
    }
}
