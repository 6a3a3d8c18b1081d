package dev.dl4jlessons.lessons.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.Run;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Limits are checked before work starts: capacity's --widths and --depth are bounded by the memory they need. */
class CapacityLimitsTest {
    @TempDir
    Path tmp;

    private void refused(String problem, String... options) {
        Path out = tmp.resolve("out");
        var args = new java.util.ArrayList<>(List.of("capacity", "--seeds", "1", "--epochs", "1", "--threads", "1",
                "--out", out.toString()));
        args.addAll(List.of(options));
        var run = Run.course(args.toArray(String[]::new));
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + problem), run.err());
        assertTrue(!Files.exists(out.resolve("capacity.png")), "nothing written");
        assertTrue(!run.out().contains("Epoch"), "nothing trained");
    }

    @Test
    void aDepthOrWidthBeyondTheFixedBoundsIsRefusedNamingTheBound() {
        refused("--depth 100000: must be in 1..1000", "--depth", "100000");
        refused("--widths 1000000: every width must be in 1..65536", "--widths", "4,1000000");
    }

    @Test
    void aNetworkThatCannotFitIsRefusedBeforeTrainingWithTheLimit() {
        refused("--depth 1000: needs about ", "--depth", "1000", "--widths", "4096");
        refused("--depth 50: needs about ", "--widths", "4,65536", "--depth", "50");
    }

    /** Any sweep either fits, or is refused naming --depth or --widths with a limit that does fit. */
    @Property(tries = 200)
    void theSuggestedLimitFits(@ForAll @IntRange(min = 1, max = 65_536) int width,
            @ForAll @IntRange(min = 1, max = 1000) int depth, @ForAll @IntRange(min = 1, max = 8) int threads,
            @ForAll @IntRange(min = 16, max = 2048) int budgetMb) {
        var sweep = new Sweep("diabetes", List.of(width), depth, 1, 1, 100, 10, 0.01, 0, threads, Path.of("x"));
        long budget = (long) budgetMb << 20;
        try {
            sweep.requireFits(10, 1, budget);
            assertTrue(Sweep.bytesNeeded(10, 1, width, depth, 10, 1) <= budget);
        } catch (InputException e) {
            var m = java.util.regex.Pattern.compile("at most (--depth|width) (\\d+)").matcher(e.getMessage());
            assertTrue(m.find(), e.getMessage());
            int limit = Integer.parseInt(m.group(2));
            boolean isDepth = m.group(1).equals("--depth");
            assertTrue(e.getMessage().startsWith(isDepth ? "--depth " + depth + ": " : "--widths " + width + ": "),
                    e.getMessage());
            long need = isDepth ? Sweep.bytesNeeded(10, 1, width, limit, 10, 1)
                    : Sweep.bytesNeeded(10, 1, limit, depth, 10, 1);
            assertTrue(need <= budget || limit == 1, e.getMessage());
            assertTrue(isDepth ? limit < depth : limit < width, e.getMessage());
        }
    }
}
