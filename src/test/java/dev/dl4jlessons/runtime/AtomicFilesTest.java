package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.ChildJvm;

/** An interrupted writer never leaves a truncated file where a good one was. */
class AtomicFilesTest {

    /** Writes half of a large file, says so, then waits to be killed. Run in its own JVM by the test. */
    public static final class SlowWriter {
        public static void main(String[] args) {
            AtomicFiles.write(Path.of(args[0]), out -> {
                out.write("new content, first half\n".repeat(10_000).getBytes());
                out.flush();
                System.out.println("halfway");
                System.out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                out.write("second half\n".getBytes());
            });
        }
    }

    @Test
    void killingTheWriterLeavesTheOldFileIntact(@TempDir Path dir) throws Exception {
        Path target = dir.resolve("results.csv");
        Files.writeString(target, "old, good content\n");
        var process = new ProcessBuilder(ChildJvm.command(List.of(), SlowWriter.class.getName(), target.toString()))
                .redirectErrorStream(true).start();
        try (var reader = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream()))) {
            String line;
            while ((line = reader.readLine()) != null && !line.equals("halfway")) {
                // wait for the writer to be in the middle of its file
            }
            assertEquals("halfway", line);
            process.destroyForcibly();
            assertTrue(process.waitFor(20, TimeUnit.SECONDS));
        }
        assertEquals("old, good content\n", Files.readString(target), "the old file is untouched");
        try (var files = Files.list(dir)) {
            List<Path> left = files.filter(p -> !p.equals(target)).toList();
            assertTrue(left.stream().allMatch(p -> p.getFileName().toString().startsWith(".")),
                    "only a hidden temporary file may remain: " + left);
        }
    }

    @Test
    void aCompleteWriteReplacesTheFile(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("chart.png");
        Files.writeString(target, "old");
        AtomicFiles.writeString(target, "new");
        assertEquals("new", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left behind");
        }
    }

    @Test
    void anUnwritableDirectoryIsReportedBeforeWork(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        var e = assertThrows(InputException.class, () -> AtomicFiles.requireWritableDirectory(file.resolve("out"),
                "--out"));
        assertTrue(e.getMessage().startsWith("--out " + file.resolve("out") + ": " + file + " is a file"),
                e.getMessage());
    }

    @Test
    void aRewriteKeepsTheOldModeAndANewFileGetsTheUmasksMode(@TempDir Path dir) throws IOException {
        Path guide = dir.resolve("guide.md");
        Files.writeString(guide, "old");
        Files.setPosixFilePermissions(guide, PosixFilePermissions.fromString("rw-r-----"));
        AtomicFiles.writeString(guide, "new");
        assertEquals("rw-r-----", PosixFilePermissions.toString(Files.getPosixFilePermissions(guide)));

        Path plain = Files.createFile(dir.resolve("made-the-usual-way"));
        Path fresh = dir.resolve("fresh.csv");
        AtomicFiles.writeString(fresh, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(fresh),
                "0666 less the umask, as any program's new file");
        assertFalse(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)).equals("rw-------"));
    }

    @Test
    void staleTemporaryFilesOfEndedProcessesAreRemovedOnTheNextWrite(@TempDir Path dir) throws IOException {
        long ended = ProcessHandle.allProcesses().mapToLong(ProcessHandle::pid).max().orElse(1) + 100_000;
        Path stale = Files.writeString(dir.resolve(".results.csv." + ended + ".0123abcd0123abcd.course-tmp"), "half");
        Path live = Files.writeString(dir.resolve(".results.csv." + ProcessHandle.current().pid()
                + ".0123abcd0123abcd.course-tmp"), "being written");
        Path foreign = Files.writeString(dir.resolve(".results.csv.tmp"), "not ours");
        AtomicFiles.writeString(dir.resolve("results.csv"), "new");
        assertFalse(Files.exists(stale), "its writer has ended");
        assertTrue(Files.exists(live), "its writer is alive");
        assertTrue(Files.exists(foreign), "not this course's name");
    }

    @Test
    void aFailedWriteIsAnOutputErrorAndLeavesNothing(@TempDir Path dir) throws IOException {
        Path target = dir.resolve("results.csv");
        Files.writeString(target, "old");
        var e = assertThrows(OutputException.class, () -> AtomicFiles.write(target, out -> {
            out.write("partial".getBytes());
            throw new IOException("No space left on device");
        }));
        assertEquals(target + ": could not be written: No space left on device", e.getMessage());
        assertEquals("old", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file left");
        }
    }
}
