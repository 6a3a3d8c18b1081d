package dev.dl4jlessons.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.testing.Run;

/** The benchmark prints the line format the PyTorch side prints too (timings themselves are not tested). */
class BenchTest {

    @Test
    void printsOneLinePerModelAndTheNotebookWall() {
        var run = Run.course("bench", "--steps", "20", "--warmup", "5");
        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        assertEquals(6, lines.size(), run.out());
        String[] expected = {"dropout batch=10", "batchnorm batch=10", "combined batch=10", "digits batch=32",
            "diabetes batch=10"};
        for (int i = 0; i < expected.length; i++) {
            assertTrue(lines.get(i).matches("bench model=" + expected[i] + " step_us=\\d+\\.\\d p90_us=\\d+\\.\\d"),
                    lines.get(i));
        }
        assertTrue(lines.get(5).matches("bench notebook_wall_s=\\d+\\.\\d{3}"), lines.get(5));
    }

    @Test
    void aBatchSizeGivenAppliesToEveryModel() {
        var run = Run.course("bench", "--models", "digits,dropout", "--batch-size", "16", "--steps", "10",
                "--warmup", "0");
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("bench model=digits batch=16 ") && run.out().contains("bench model=dropout batch=16 "),
                run.out());
    }

    @Tag("slow") // thousands of steps; -Pproofs
    @Test
    void soakReportsMemoryGrowth() {
        var run = Run.course("bench", "--soak", "4000");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(4, run.out().lines().filter(l -> l.startsWith("soak steps=")).count());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("bench soak_steps=4000 rss_after_warmup_mb=\\d+ "
                + "rss_end_mb=\\d+ rss_max_mb=\\d+ growth_pct=-?\\d+\\.\\d")), run.out());
    }

    @Test
    void badOptionsAreRefused() {
        var run = Run.course("bench", "--models", "resnet");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: --models resnet: choose from dropout, batchnorm, combined, digits, diabetes"), run.err());
    }

    @Test
    void leversChangeTheNetworksTypeAndWorkspaces() {
        dev.dl4jlessons.runtime.CourseRuntime.init(false);
        var levers = new Bench.Levers(org.nd4j.linalg.api.buffer.DataType.DOUBLE,
                org.deeplearning4j.nn.conf.WorkspaceMode.NONE);
        var net = levers.network(Bench.Workload.DIGITS);
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, net.params().dataType());
        assertEquals(org.deeplearning4j.nn.conf.WorkspaceMode.NONE,
                net.getLayerWiseConfigurations().getTrainingWorkspaceMode());
        assertEquals(org.nd4j.linalg.api.buffer.DataType.DOUBLE, levers.data(Bench.Workload.DIGITS).getFeatures()
                .dataType());
        assertEquals(org.nd4j.linalg.api.buffer.DataType.FLOAT, Bench.Levers.COURSE.network(Bench.Workload.DIGITS)
                .params().dataType());
        assertTrue(Bench.step(Bench.Workload.DIGITS, 32, 0, 10, levers).medianUs() > 0);
    }

    @Test
    void leverOptionsAreCheckedAndFashionTakesLargeBatches() {
        var bad = Run.course("bench", "--models", "digits", "--dtype", "half");
        assertEquals(2, bad.exitCode());
        assertTrue(bad.err().startsWith("error: --dtype half: choose float or double"), bad.err());
        var ws = Run.course("bench", "--models", "digits", "--workspaces", "single");
        assertEquals(2, ws.exitCode());
        assertTrue(ws.err().startsWith("error: --workspaces single: choose enabled or none"), ws.err());
        var big = Run.course("bench", "--models", "digits", "--batch-size", "512");
        assertEquals(2, big.exitCode());
        assertTrue(big.err().startsWith("error: --batch-size 512: must be in 2..100"), big.err());
    }
}
