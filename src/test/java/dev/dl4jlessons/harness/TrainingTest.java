package dev.dl4jlessons.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;

/** The shared loop: reproducibility, learning, and its guards. */
class TrainingTest {
    static {
        CourseRuntime.init(false);
    }

    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private static ModelLesson lesson(String name) {
        return (ModelLesson) LessonCatalog.find(name).orElseThrow();
    }

    private static History train(String lesson, Settings settings, DataSet data) {
        return NotebookRun.trainOne(lesson(lesson), settings, data, QUIET);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "batchnorm", "combined"})
    void sameSeedGivesIdenticalLossesAndAnotherSeedDoesNot(String name) {
        var s = Settings.NOTEBOOK.withEpochs(2);
        List<Double> a = train(name, s, RandomData.notebook(42)).stepLosses();
        List<Double> b = train(name, s, RandomData.notebook(42)).stepLosses();
        List<Double> c = train(name, s.withSeed(43), RandomData.notebook(42)).stepLosses();
        assertEquals(20, a.size(), "10 steps per epoch");
        assertEquals(a, b, "same seed, bit-identical losses");
        assertNotEquals(a, c, "another seed, other losses");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "batchnorm", "combined"})
    void lossFallsOnALearnableLinearTarget(String name) {
        DataSet data = RandomData.normal(200, 10, 9);
        var w = org.nd4j.linalg.factory.Nd4j.linspace(-1, 1, 10).reshape(10, 1).castTo(data.getFeatures().dataType());
        data.setLabels(data.getFeatures().mmul(w));
        var h = train(name, Settings.NOTEBOOK.withEpochs(30), data);
        double first = h.epochs().get(0).meanLoss();
        double last = h.epochs().get(h.epochs().size() - 1).meanLoss();
        assertTrue(last < 0.3 * first, name + ": loss " + first + " -> " + last);
    }

    @Test
    void notANumberStopsTrainingNamingModelEpochAndStep() {
        var data = RandomData.notebook(1);
        data.getLabels().putScalar(3, 0, Float.NaN);
        var e = assertThrows(TrainingFailedException.class, () -> train("dropout", Settings.NOTEBOOK, data));
        assertTrue(e.getMessage().startsWith("dropout: the loss became NaN at epoch 1, step "), e.getMessage());
        assertTrue(e.getMessage().contains("--lr"), e.getMessage());
        assertTrue(e.history().stepLosses().size() <= 10, "stops at the first bad step");
    }

    @Test
    void batchOfOneIsRefusedForBatchNormOnly() {
        var e = assertThrows(InputException.class, () -> Trainer.checkBatchNormBatches("batchnorm", true, 100, 33));
        assertTrue(e.getMessage().startsWith("--batch-size 33: with 100 rows, the last batch has 1 row"),
                e.getMessage());
        assertThrows(InputException.class, () -> Trainer.checkBatchNormBatches("combined", true, 100, 1));
        Trainer.checkBatchNormBatches("batchnorm", true, 100, 10);
        Trainer.checkBatchNormBatches("dropout", false, 100, 1);
        // the per-batch guard catches what the up-front check could not see
        var net = Networks.create(lesson("batchnorm").model(Settings.NOTEBOOK));
        var batches = new ShuffledBatches(RandomData.normal(5, 10, 1), 2, 1);
        var e2 = assertThrows(InputException.class, () -> Trainer.train("batchnorm", net, batches, 1,
                Trainer.Listener.SILENT));
        assertTrue(e2.getMessage().contains("a batch of 1 row reached batch normalization"), e2.getMessage());
    }

    @Test
    void dropoutTrainsWithBatchSizeOne() {
        var h = train("dropout", new Settings(1, 1, 1, 0.01, null, null), RandomData.normal(7, 10, 2));
        assertEquals(7, h.stepLosses().size());
    }

    @Test
    void settingsNameTheBadOption() {
        assertEquals("--epochs 0: must be in 1..100000",
                assertThrows(InputException.class, () -> new Settings(1, 0, 10, 0.01, null, null)).getMessage());
        assertTrue(assertThrows(InputException.class, () -> new Settings(1, 1, 10, Double.NaN, null, null))
                .getMessage().startsWith("--lr NaN"));
        assertTrue(assertThrows(InputException.class, () -> new Settings(1, 1, 10, 0.1, 1.0, null))
                .getMessage().startsWith("--dropout 1.0"));
    }
}
