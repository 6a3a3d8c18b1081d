package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.Run;

/** A diverged loss on data of a huge scale is named as a data problem, not a learning-rate one. */
class HugeValuesTest {
    /** 100 rows of 10 features drawn from N(0, scale²) and a target from N(0, 1). */
    private static Path csv(Path dir, double scale) throws IOException {
        var random = new Random(7);
        var text = new StringBuilder("x0,x1,x2,x3,x4,x5,x6,x7,x8,x9,y\n");
        for (int r = 0; r < 100; r++) {
            for (int c = 0; c < 10; c++) {
                text.append(String.format(Locale.ROOT, "%.6e,", random.nextGaussian() * scale));
            }
            text.append(String.format(Locale.ROOT, "%.6f%n", random.nextGaussian()));
        }
        return Files.writeString(dir.resolve("scale-" + scale + ".csv"), text);
    }

    @Test
    void hugeFeaturesAreADataProblem(@TempDir Path dir) throws IOException {
        var run = Run.course("dropout", "--data", csv(dir, 1e20).toString(), "--epochs", "1");
        assertEquals(1, run.exitCode(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().matches("(?s)error: dropout: the loss became (Infinity|NaN) at epoch 1, step \\d+; "
                + "training stopped\\. The data's features reach [0-9.]+e\\+2\\d in absolute value: this is a data "
                + "problem, not a learning-rate one; scale the data \\(for example to mean 0 and standard deviation 1"
                + "\\) and run again\\.\\s*"), run.err());
    }

    @Test
    void aTooLargeLearningRateOnOrdinaryDataIsStillCalledThat() {
        var run = Run.course("dropout", "--epochs", "1", "--lr", "1e30");
        assertEquals(1, run.exitCode(), run.err());
        assertTrue(run.err().contains("The learning rate is probably too large for this model"), run.err());
        assertTrue(!run.err().contains("data problem"), run.err());
    }
}
