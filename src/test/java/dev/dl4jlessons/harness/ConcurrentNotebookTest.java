package dev.dl4jlessons.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.runtime.CourseRuntime;

/** Training the notebook's models concurrently prints exactly what training them in turn prints. */
class ConcurrentNotebookTest {
    static {
        CourseRuntime.init(false);
    }

    private record Output(byte[] bytes, List<History> histories, RuntimeException failure) {
    }

    private static Output run(List<? extends ModelSpec> models, Settings settings, int threads) {
        var buffer = new ByteArrayOutputStream();
        try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            List<History> histories = null;
            RuntimeException failure = null;
            try {
                histories = NotebookRun.run(models, settings, out, threads);
            } catch (RuntimeException e) {
                failure = e;
            }
            return new Output(buffer.toByteArray(), histories, failure);
        }
    }

    @Test
    void concurrentOutputAndLossesAreByteIdenticalToTheSequentialRun() {
        var settings = new Settings(7, 3, 10, 0.01, null, null);
        Output sequential = run(LessonCatalog.notebook(), settings, 1);
        for (int threads : new int[] {2, 3}) {
            Output concurrent = run(LessonCatalog.notebook(), settings, threads);
            assertArrayEquals(sequential.bytes(), concurrent.bytes(), threads + " threads");
            for (int i = 0; i < 3; i++) {
                assertEquals(sequential.histories().get(i).stepLosses(), concurrent.histories().get(i).stepLosses());
            }
        }
        String text = new String(sequential.bytes(), StandardCharsets.UTF_8);
        assertTrue(text.indexOf("dropout: ") < text.indexOf("batchnorm: ")
                && text.indexOf("batchnorm: ") < text.indexOf("combined: "), text);
    }

    @Test
    void aFailingModelStopsTheRunAtTheSamePlaceWithTheSameOutput() {
        // the second model diverges; the sequential run prints the first model, the failing model's lines, and stops
        List<ModelSpec> models = List.of(
                ModelSpec.of("dropout", DropoutLesson::configuration),
                ModelSpec.of("exploding", s -> BatchNormLesson.configuration(
                        new Settings(s.seed(), s.epochs(), s.batchSize(), 1e30, null, null))),
                ModelSpec.of("combined", CombinedLesson::configuration));
        Output sequential = run(models, Settings.NOTEBOOK, 1);
        Output concurrent = run(models, Settings.NOTEBOOK, 3);
        assertTrue(sequential.failure() instanceof TrainingFailedException, String.valueOf(sequential.failure()));
        assertEquals(sequential.failure().getClass(), concurrent.failure().getClass());
        assertEquals(sequential.failure().getMessage(), concurrent.failure().getMessage());
        assertArrayEquals(sequential.bytes(), concurrent.bytes());
        assertTrue(!new String(concurrent.bytes(), StandardCharsets.UTF_8).contains("combined: "));
    }

    @Test
    void defaultThreadsIsOnePerModelUpToTheCores() {
        assertEquals(1, NotebookRun.defaultThreads(1));
        assertEquals(Math.min(3, Runtime.getRuntime().availableProcessors()), NotebookRun.defaultThreads(3));
    }
}
