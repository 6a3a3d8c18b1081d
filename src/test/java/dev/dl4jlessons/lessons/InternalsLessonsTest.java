package dev.dl4jlessons.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson.Placement;
import dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.testing.Run;

/** The under-the-hood lessons run in smoke mode, print their sections, and measure what they claim. */
class InternalsLessonsTest {
    static {
        CourseRuntime.init(false);
    }

    @Test
    void dropoutInternalsPrintsEverySection() {
        var run = Run.course("dropout-internals", "--epochs", "1");
        assertEquals(0, run.exitCode(), run.err());
        for (String section : List.of("1. Inverted vs original dropout", "2. DL4J's DropoutLayer vs the from-scratch",
                "3. One input through the trained dropout model", "4. The retain-vs-drop slip")) {
            assertTrue(run.out().contains(section), section);
        }
        // five training-mode passes differ, five inference passes are identical
        var passes = run.out().lines().dropWhile(l -> !l.startsWith("pass")).skip(1).limit(5)
                .map(l -> l.trim().split("\\s+")).toList();
        assertEquals(5, passes.size());
        assertEquals(1, passes.stream().map(p -> p[2]).distinct().count(), "inference passes identical");
        assertTrue(passes.stream().map(p -> p[1]).distinct().count() > 1, "training passes differ");
        var slip = run.out().lines().filter(l -> l.startsWith("new DropoutLayer(0.2)")).findFirst().orElseThrow();
        double dropped = Double.parseDouble(slip.trim().split("\\s+")[3]);
        assertEquals(0.8, dropped, 0.03, "DropoutLayer(0.2) drops 80%");
    }

    @Test
    void batchNormInternalsPrintsEverySection() {
        var run = Run.course("batchnorm-internals", "--epochs", "1");
        assertEquals(0, run.exitCode(), run.err());
        for (String section : List.of("1. DL4J's BatchNormalization vs the from-scratch", "2. bn1 after 1 epochs",
                "3. Running statistics at decay 0.9", "4. One row through batch normalization",
                "5. Running variance after one batch", "6. Where dropout goes")) {
            assertTrue(run.out().contains(section), section);
        }
        assertTrue(run.out().contains("output [0.1000, 0.2000, 0.3000, 0.4000]"), "a batch of one outputs beta");
        assertTrue(run.out().contains("ratio 1.111111 = n/(n-1)"), run.out());
    }

    @Test
    void dropoutBeforeBatchNormShiftsItsVariance() {
        var settings = new Settings(3, 3, 10, 0.01, 0.5, null);
        var data = RandomData.linear(400, 10, 0.1, 3);
        var before = NotebookRun.trainQuietly("before",
                BatchNormInternalsLesson.withDropoutAt(Placement.BEFORE_BN, settings), data, settings).net();
        var notebook = NotebookRun.trainQuietly("notebook",
                BatchNormInternalsLesson.withDropoutAt(Placement.NOTEBOOK, settings), data, settings).net();
        double shifted = BatchNormInternalsLesson.varianceShift(before, data.getFeatures()).get(0);
        double clean = BatchNormInternalsLesson.varianceShift(notebook, data.getFeatures()).get(0);
        assertTrue(shifted > 1.5, "dropout before bn1 inflates its running variance: " + shifted);
        assertTrue(Math.abs(clean - 1) < 0.25, "bn1 without dropout before it: " + clean);
    }

    @Test
    void movingTheDropoutKeepsEveryOtherLayer() {
        var s = Settings.NOTEBOOK;
        for (Placement p : Placement.values()) {
            var desc = Networks.describe(BatchNormInternalsLesson.withDropoutAt(p, s));
            assertEquals(Networks.describe(CombinedLesson.configuration(s)).replace(" → Dropout(drop 0.2 = DL4J retain 0.8)", ""),
                    desc.replace(" → Dropout(drop 0.2 = DL4J retain 0.8)", ""), p.name());
        }
        assertEquals(Networks.describe(CombinedLesson.configuration(s)),
                Networks.describe(BatchNormInternalsLesson.withDropoutAt(Placement.NOTEBOOK, s)));
    }
}
