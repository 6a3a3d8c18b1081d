package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * Fault injection into the commit of an output set: a child JVM writes a new set over an old one and halts after
 * step k of the swap (1 = journal written, 2-4 = the three old files moved aside, 5-6 = the two new files moved in,
 * 7 = journal deleted). Whatever k, the next run finds either exactly the old set or exactly the new set, and no
 * file of either is lost.
 */
class CommitCrashTest {
    static final List<String> NAMES = List.of("results.csv", "curves.png", "sweep.png");

    /** The child: commits a two-file set into {@code args[0]} and halts after step {@code args[1]}. */
    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        int haltAfter = Integer.parseInt(args[1]);
        OutputSet.afterStep = k -> {
            if (k == haltAfter) {
                Runtime.getRuntime().halt(86);
            }
        };
        try (var set = OutputSet.begin(dir, NAMES)) {
            AtomicFiles.writeString(set.file("results.csv"), "new results");
            AtomicFiles.writeString(set.file("curves.png"), "new curves");
            set.commit();
        }
        System.exit(0);
    }

    private static Map<String, String> outputs(Path dir) throws IOException {
        Map<String, String> found = new TreeMap<>();
        for (String name : NAMES) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                found.put(name, Files.readString(file));
            }
        }
        return found;
    }

    @ParameterizedTest(name = "halted after step {0}")
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7})
    void aKillAtAnyStepLeavesTheOldSetOrTheNewSet(int k, @TempDir Path dir) throws Exception {
        try (var set = OutputSet.begin(dir, NAMES)) {
            for (String name : NAMES) {
                AtomicFiles.writeString(set.file(name), "old " + name);
            }
            set.commit();
        }
        Map<String, String> oldSet = outputs(dir);

        List<String> cmd = ChildJvm.command(List.of("-Xmx128m", "-Dcourse.relaunch=false"),
                CommitCrashTest.class.getName(), dir.toString(), Integer.toString(k));
        Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        child.getInputStream().readAllBytes();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(86, child.exitValue(), "the child halted at step " + k);

        // The next run into the directory: it restores (or, after the commit point, keeps) a whole set.
        try (var next = OutputSet.begin(dir, NAMES)) {
            // begins and abandons, as a run that fails before its commit would
        }
        Map<String, String> after = outputs(dir);
        Map<String, String> newSet = new TreeMap<>(Map.of("results.csv", "new results", "curves.png", "new curves"));
        if (k < 7) {
            assertEquals(oldSet, after, "before the journal is deleted the old set is restored whole");
        } else {
            assertEquals(newSet, after, "once the journal is deleted the new set stands");
        }
        try (var listing = Files.list(dir)) {
            List<String> left = listing.map(p -> p.getFileName().toString())
                    .filter(n -> !NAMES.contains(n) && !n.equals(OutputSet.LOCK)).toList();
            assertEquals(List.of(), left, "no journal, staging or moved-aside directory is left behind");
        }
    }
}
