package dev.dl4jlessons.lessons.fashion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.FashionSampleGenerator;
import dev.dl4jlessons.testing.TestData;

/** Lesson 10 on the committed sample: the model, the experiment's records, the verdict rule and the options. */
class FashionLessonTest {
    static FashionMnist sample;

    @BeforeAll
    static void read() {
        CourseRuntime.init(false);
        sample = FashionMnist.read(TestData.file(FashionSampleGenerator.DIR));
    }

    private static FashionLesson.Setup setup(List<FashionVariant> variants, int rows, int epochs, int seeds, Path out) {
        return new FashionLesson.Setup(sample.dir(), variants, rows, seeds, epochs, 200, 10, 0.003, 0, List.of(), 2,
                out);
    }

    @Test
    void theModelIsD2lsMlpWithEachVariantsLayers() {
        var plain = Networks.create(FashionLesson.configuration(FashionVariant.PLAIN, 1, 0.001, 0));
        assertEquals(784L * 256 + 256 + 256L * 256 + 256 + 256L * 10 + 10, plain.numParams());
        var both = FashionLesson.configuration(FashionVariant.BOTH, 1, 0.001, 0);
        long bn = both.getConfs().stream().filter(c -> c.getLayer() instanceof BatchNormalization).count();
        var drops = both.getConfs().stream().filter(c -> c.getLayer() instanceof DropoutLayer).toList();
        assertEquals(2, bn);
        assertEquals(2, drops.size());
        var keep = (org.deeplearning4j.nn.conf.dropout.Dropout) drops.get(0).getLayer().getIDropout();
        assertEquals(0.8, keep.getP(), 1e-12, "PyTorch's 0.2 is DL4J's retain 0.8");
        var half = FashionLesson.configuration(FashionVariant.DROPOUT_05, 1, 0.001, 0);
        assertInstanceOf(DropoutLayer.class, half.getConf(1).getLayer());
        assertEquals(0, FashionLesson.configuration(FashionVariant.DROPOUT_02, 1, 0.001, 0).getConfs().stream()
                .filter(c -> c.getLayer() instanceof BatchNormalization).count());
    }

    @Test
    void thePlainNetworkMemorisesAFewImagesAndTheRecordsHoldEveryEpoch(@TempDir Path out) {
        var setup = setup(List.of(FashionVariant.PLAIN, FashionVariant.DROPOUT_05), 100, 20, 2, out);
        var c = FashionExperiments.compare(setup, sample, new PrintStream(new ByteArrayOutputStream()));
        var plain = c.of(FashionVariant.PLAIN).orElseThrow();
        assertEquals(2, plain.runs().size());
        assertEquals(20, plain.runs().get(0).test().size(), "scored after every epoch");
        assertEquals(20, plain.curve(true, true).size());
        assertTrue(plain.trainAccuracy().mean() > 0.95, "100 images nearly memorised: " + plain.trainAccuracy());
        assertTrue(plain.gap().mean() > 0.15, "and a real gap to the test images: " + plain.gap());
        assertTrue(plain.runs().get(0).lastTest().accuracy() != plain.runs().get(1).lastTest().accuracy(),
                "seeds differ");
        var once = setup(List.of(FashionVariant.PLAIN), 100, 20, 1, out);
        var again = FashionExperiments.compare(once, sample, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(plain.runs().get(0).test(), again.of(FashionVariant.PLAIN).orElseThrow().runs().get(0).test(),
                "the same seed gives the same scores");
        var dropout = c.of(FashionVariant.DROPOUT_05).orElseThrow();
        assertTrue(dropout.trainAccuracy().mean() < plain.trainAccuracy().mean(), "dropout memorises less");
    }

    /**
     * The notebook's cell trains the cell's own {@code configuration}: what the architecture it passes builds is what
     * every run trains (here one with no hidden layer, which cannot memorise), and the cell prints the lesson's table.
     */
    @Test
    void theNotebooksComparisonTrainsTheArchitectureItIsGiven(@TempDir Path out) {
        var setup = setup(List.of(FashionVariant.PLAIN, FashionVariant.DROPOUT_05), 100, 3, 2, out);
        var built = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var buffer = new ByteArrayOutputStream();
        var c = FashionLesson.compare(setup, new PrintStream(buffer, true, StandardCharsets.UTF_8),
                (variant, seed, lr, slowFrom) -> {
                    built.add(variant.label() + " seed " + seed);
                    return new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().seed(seed).list()
                            .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder(
                                    org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MCXENT)
                                    .nIn(FashionMnist.PIXELS).nOut(FashionMnist.CLASSES)
                                    .activation(org.nd4j.linalg.activations.Activation.SOFTMAX).build())
                            .build();
                });
        assertEquals(java.util.Set.of("plain seed 1", "plain seed 2", "dropout-0.5 seed 1", "dropout-0.5 seed 2"),
                java.util.Set.copyOf(built), "one network per variant and seed, from the architecture given");
        assertEquals(4, built.size());
        String printed = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(printed.startsWith("fashion: 100 training images"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("plain ")) && printed.lines()
                .anyMatch(l -> l.startsWith("dropout-0.5 ")), "a row per variant: " + printed);
        assertTrue(!printed.contains("wrote "), "the notebook's comparison writes no file: " + printed);
        assertEquals(2, c.variants().size());
        assertThrows(InputException.class, () -> FashionLesson.compare(setup.withTrainRows(5000), System.out,
                FashionLesson::configuration), "more images than the sample has: refused before training");
    }

    @Test
    void scoreIsAccuracyAndCrossEntropyInBlocks() {
        var net = Networks.create(FashionLesson.configuration(FashionVariant.PLAIN, 3, 0.001, 0));
        var test = sample.test();
        var score = FashionExperiments.score(net, test);
        var p = net.output(test.getFeatures(), false);
        double acc = p.argMax(1).eq(test.getLabels().argMax(1)).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                .meanNumber().doubleValue();
        assertEquals(acc, score.accuracy(), 1e-12);
        assertTrue(score.loss() > 1.5 && score.loss() < 3.5, "an untrained net is near ln 10: " + score.loss());
    }

    @Test
    void verdictComparesTheDifferenceWithTheSpread() {
        assertEquals("helps", FashionReport.verdict(0.021, 0.01));
        assertEquals("within the spread", FashionReport.verdict(0.019, 0.01));
        assertEquals("hurts", FashionReport.verdict(-0.03, 0.01));
        assertEquals("one seed, no spread to judge by", FashionReport.verdict(0.05, 0));
    }

    @Test
    void sizeSweepTrainsSmallSetsForAtLeastTheMinimumSteps() {
        assertEquals(10, FashionExperiments.epochsAt(60000, 10, 600, 64));
        assertEquals(150, FashionExperiments.epochsAt(256, 10, 600, 64), "4 steps an epoch: 150 epochs");
        assertEquals(75, FashionExperiments.epochsAt(500, 10, 600, 64), "8 steps an epoch");
    }

    @Test
    void setupRefusesBadValuesNamingTheOption(@TempDir Path out) {
        var e = assertThrows(InputException.class, () -> setup(List.of(FashionVariant.PLAIN), 1, 1, 1, out));
        assertTrue(e.getMessage().startsWith("--train-rows 1:"), e.getMessage());
        var rows = assertThrows(InputException.class, () -> setup(List.of(FashionVariant.PLAIN), 2001, 1, 1, out)
                .requireRows(sample));
        assertTrue(rows.getMessage().contains("has 2000 training images"), rows.getMessage());
        var v = assertThrows(InputException.class, () -> FashionLesson.variants(List.of("dropout")));
        assertTrue(v.getMessage().startsWith("--variants: unknown variant 'dropout'; choose from plain, "),
                v.getMessage());
        assertEquals(List.of(FashionVariant.PLAIN, FashionVariant.BATCHNORM), FashionLesson.variants(List.of(
                "batchnorm", "PLAIN")));
    }

    @Test
    void tableNamesEveryVariantWithItsSpread(@TempDir Path out) {
        var setup = setup(List.of(FashionVariant.PLAIN, FashionVariant.BATCHNORM), 40, 1, 2, out);
        var c = FashionExperiments.compare(setup, sample, new PrintStream(new ByteArrayOutputStream()));
        var buffer = new ByteArrayOutputStream();
        FashionReport.comparison(c, setup, sample, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String text = buffer.toString(StandardCharsets.UTF_8);
        var b = c.of(FashionVariant.BATCHNORM).orElseThrow();
        assertTrue(text.contains("batchnorm        " + b.trainAccuracy() + "   " + b.testAccuracy()), text);
        double diff = b.testAccuracy().mean() - c.of(FashionVariant.PLAIN).orElseThrow().testAccuracy().mean();
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "batchnorm        %+.3f", diff)), text);
        assertTrue(text.contains("0.883      MLP 256-128-100"), text);
    }

    @Test
    void theLearningRateStepsDownToATenthAtTheGivenStep() {
        var batch = sample.trainSubset(20, 1);
        var constant = Networks.create(FashionLesson.configuration(FashionVariant.PLAIN, 5, 0.001, 0));
        var slowed = Networks.create(FashionLesson.configuration(FashionVariant.PLAIN, 5, 0.001, 2));
        for (int step = 0; step < 2; step++) {
            constant.fit(batch);
            slowed.fit(batch);
        }
        var before = slowed.params().dup();
        assertEquals(before, constant.params(), "the same for the first two steps");
        constant.fit(batch);
        slowed.fit(batch);
        // the same state and gradient, so Adam's third update differs only by the learning rate: exactly a tenth
        var full = constant.params().sub(before);
        var tenth = slowed.params().sub(before);
        assertTrue(full.norm2Number().doubleValue() > 1e-4, "the constant network moved");
        assertEquals(0, tenth.sub(full.mul(0.1)).norm2Number().doubleValue(), 1e-3 * full.norm2Number().doubleValue());
        assertEquals(21, FashionExperiments.slowFrom(30), "the last third of 30 epochs: 21 to 30");
        assertEquals(3, FashionExperiments.slowFrom(3));
    }

    @Test
    void curvesScoreASubsetOfTheTestImagesAndTheTableAllOfThem(@TempDir Path out) {
        var setup = setup(List.of(FashionVariant.PLAIN), 100, 3, 1, out);    // 200 of the sample's 500 test images
        var c = FashionExperiments.compare(setup, sample, new PrintStream(new ByteArrayOutputStream()));
        var run = c.variants().get(0).runs().get(0);
        assertEquals(200, c.epochTestRows());
        assertEquals(3, run.test().size());
        for (var score : run.test()) {
            assertEquals(Math.rint(score.accuracy() * 200), score.accuracy() * 200, 1e-9, "a count out of 200");
        }
        assertEquals(Math.rint(run.lastTest().accuracy() * 500), run.lastTest().accuracy() * 500, 1e-9,
                "the table's figure is a count out of all 500");
        int[] perClass = new int[FashionMnist.CLASSES];
        var labels = sample.testSubset(200, 1).getLabels().argMax(1).toIntVector();
        for (int label : labels) {
            perClass[label]++;
        }
        for (int n : perClass) {
            assertEquals(20, n, "class-balanced");
        }
    }

    @Test
    void theClosingRunScoresAllTestImagesAfterEveryEpoch(@TempDir Path out) {
        var setup = new FashionLesson.Setup(sample.dir(), List.of(FashionVariant.PLAIN), 100, 1, 1, 200, 50, 0.001,
                3, List.of(), 1, out);
        var c = FashionExperiments.compare(setup, sample, new PrintStream(new ByteArrayOutputStream()));
        var full = FashionExperiments.full(c.best(), setup, sample, new PrintStream(new ByteArrayOutputStream()));
        assertEquals(2000, full.rows());
        assertEquals(3, full.test().size());
        assertEquals(3, full.slowFrom());
        assertTrue(full.lastTest().accuracy() > c.best().testAccuracy().mean(), "20 times the images: "
                + full.lastTest() + " against " + c.best().testAccuracy());
        var buffer = new ByteArrayOutputStream();
        FashionReport.full(full, setup, new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertTrue(text.contains("All 2000 training images, plain, seed 1, 3 epochs, Adam lr 0.001 (0.0001 from "
                + "epoch 3):"), text);
        assertTrue(text.contains(String.format(java.util.Locale.ROOT, "test accuracy after epochs 1-3: %.3f %.3f %.3f",
                full.test().get(0).accuracy(), full.test().get(1).accuracy(), full.test().get(2).accuracy())), text);
    }
}
