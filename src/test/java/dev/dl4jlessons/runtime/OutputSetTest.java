package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run's outputs appear as one set or not at all, and concurrent runs never interleave their files. */
class OutputSetTest {
    private static final List<String> NAMES = List.of("results.csv", "curves.png", "sweep.png");

    private static void run(Path dir, String tag, boolean sweep, boolean commit) {
        try (var set = OutputSet.begin(dir, NAMES)) {
            AtomicFiles.writeString(set.file("results.csv"), tag);
            AtomicFiles.writeString(set.file("curves.png"), tag);
            if (sweep) {
                AtomicFiles.writeString(set.file("sweep.png"), tag);
            }
            if (commit) {
                set.commit();
            }
        }
    }

    private static List<String> listing(Path dir) throws IOException {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aRunThatFailsBeforeCommitLeavesThePreviousSetAndNoStaging(@TempDir Path dir) throws IOException {
        run(dir, "first", true, true);
        run(dir, "second", false, false);
        assertEquals(List.of(".course.lock", "curves.png", "results.csv", "sweep.png"), listing(dir));
        assertEquals("first", Files.readString(dir.resolve("results.csv")));
    }

    @Test
    void aNewSetReplacesTheWholeOldSet(@TempDir Path dir) throws IOException {
        run(dir, "sweep run", true, true);
        run(dir, "plain run", false, true);
        assertEquals(List.of(".course.lock", "curves.png", "results.csv"), listing(dir),
                "the old sweep.png does not stay beside the new results");
        assertEquals("plain run", Files.readString(dir.resolve("curves.png")));
    }

    @Test
    void concurrentRunsEndWithOneRunsCompleteSet(@TempDir Path dir) throws Exception {
        for (int round = 0; round < 20; round++) {
            var barrier = new CyclicBarrier(4);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                String tag = "run " + t;
                threads.add(new Thread(() -> {
                    try {
                        barrier.await();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    run(dir, tag, true, true);
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
            String results = Files.readString(dir.resolve("results.csv"));
            assertEquals(results, Files.readString(dir.resolve("curves.png")), "round " + round);
            assertEquals(results, Files.readString(dir.resolve("sweep.png")), "round " + round);
        }
        assertFalse(listing(dir).stream().anyMatch(n -> n.endsWith(".course-tmp")), "no staging left");
    }

    @Test
    void aKilledRunsStagingIsRemovedByTheNextRun(@TempDir Path dir) throws IOException {
        long ended = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Path staging = Files.createDirectory(dir.resolve(".outputs." + ended + ".0123abcd0123abcd.course-tmp"));
        Files.writeString(staging.resolve("results.csv"), "half");
        run(dir, "next", false, true);
        assertTrue(Files.notExists(staging));
    }
}
