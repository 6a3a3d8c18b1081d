package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/**
 * The classes of hostile input, through the launcher: memory (3), exit codes (4), outputs (5) and messages
 * that blame the right thing (6). Classes 1 and 2 (malformed .npy and CSV files) are in parity.NpyTest,
 * parity.ParityTest, ReliabilityTest and data.CsvPropertiesTest.
 */
class HostileInputTest {

    private static final String ROW = "1,2,3,4,5,6,7,8,9,10,11\n";

    /** {@code n} rows like {@link #ROW} whose targets differ (a constant target is refused on its own). */
    private static String rows(int n) {
        var b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append("1,2,3,4,5,6,7,8,9,10,").append(11 + i).append('\n');
        }
        return b.toString();
    }

    private static void oneLine(Run run, int code, String start) {
        assertEquals(code, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: " + start), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    // class 3: memory

    @Test
    void specialFilesAreRefusedBeforeAnyRead(@TempDir Path dir) throws Exception {
        oneLine(Run.course("--data", "/dev/zero"), 2, "/dev/zero: is not a regular file");
        oneLine(Run.course("lab", "--data", "/dev/zero", "--out", dir.toString()), 2,
                "/dev/zero: is not a regular file");
        Path fifo = dir.resolve("pipe.csv");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        oneLine(Run.course("--data", fifo.toString()), 2, fifo + ": is not a regular file");
        oneLine(Run.course("--data", dir.toString()), 2, dir + ": is a directory");
        oneLine(Run.course("--data", ""), 2, "\"\": an empty file name");
        oneLine(Run.course("lab", "--data", ""), 2, "\"\": an empty file name");
    }

    @Test
    void countsAreCappedAndTheMaximumIsNamed() {
        oneLine(Run.course("lab", "--seeds", "2000000000"), 2, "--seeds 2000000000: must be in 1..1000");
        oneLine(Run.course("lab", "--epochs", "2000000000"), 2, "--epochs 2000000000: must be in 1..100000");
        oneLine(Run.course("lab", "--threads", "100000"), 2, "--threads 100000: must be in 1..256");
        oneLine(Run.course("dropout", "--epochs", "2000000000"), 2, "--epochs 2000000000: must be in 1..100000");
        oneLine(Run.course("bench", "--steps", "2000000000"), 2, "--steps 2000000000: must be in 10..1000000");
        oneLine(Run.course("dropout", "--lr", "1e-50"), 2, "--lr 1.0E-50: must be a finite number above 0 that "
                + "float32 can hold");
    }

    /** A 52 MB, 500,000-row CSV trains in a JVM with a 256 MB heap, and a 40 MB heap refuses it with one line. */
    @Tag("slow") // writes and trains on 52 MB; -Pproofs
    @Test
    void aHugeCsvLoadsOrIsRefusedUpFrontNeverOutOfMemory(@TempDir Path dir) throws Exception {
        Path big = dir.resolve("big.csv");
        var sb = new StringBuilder(53_000_000);
        var rng = new java.util.Random(1);
        for (int r = 0; r < 500_000; r++) {
            for (int c = 0; c < 11; c++) {
                // "-0.123456": nine characters, as a spreadsheet's export of standardized values
                int v = rng.nextInt(2_000_000) - 1_000_000;
                sb.append(v < 0 ? "-0." : "0.").append(Integer.toString(Math.abs(v) % 1_000_000 + 1_000_000), 1, 7)
                        .append(c < 10 ? ',' : '\n');
            }
        }
        Files.writeString(big, sb);
        assertTrue(Files.size(big) > 50_000_000);
        var fits = fork("-Xmx256m", "dropout", "--epochs", "1", "--batch-size", "25000", "--data", big.toString());
        assertEquals(0, fits.exitCode(), fits.err());
        assertTrue(fits.out().contains("500000 rows × 10 features"), fits.out());
        var tight = fork("-Xmx40m", "dropout", "--epochs", "1", "--batch-size", "25000", "--data", big.toString());
        assertEquals(2, tight.exitCode(), tight.out() + tight.err());
        assertTrue(tight.err().matches("error: " + java.util.regex.Pattern.quote(big.toString())
                + ": reading it needs about \\d+ MB, more than the \\d+ MB this JVM's heap has free.*\\s*"), tight.err());
        assertFalse(tight.err().contains("OutOfMemoryError"));
    }

    private static Run fork(String heap, String... args) throws Exception {
        var command = ChildJvm.course(List.of(heap, "-XX:+UseParallelGC"), args);
        Path out = Files.createTempFile("fork", ".out");
        Path err = Files.createTempFile("fork", ".err");
        try {
            var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(240, TimeUnit.SECONDS), "finished");
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    // class 4: exit codes

    @Test
    void earlyStoppingWithADivergingLossFailsWithExitOneAndKeepsThePreviousOutputs(@TempDir Path dir)
            throws IOException {
        String out = dir.resolve("lab").toString();
        var good = Run.course("lab", "--data", "random", "--variants", "early-stopping", "--seeds", "1", "--epochs",
                "2", "--out", out);
        assertEquals(0, good.exitCode(), good.err());
        byte[] csv = Files.readAllBytes(Path.of(out, "results.csv"));
        byte[] png = Files.readAllBytes(Path.of(out, "curves.png"));

        var logs = new ByteArrayOutputStream();
        PrintStream systemErr = System.err;
        System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
        Run bad;
        try {
            bad = Run.course("lab", "--data", "random", "--variants", "early-stopping", "--seeds", "1", "--epochs",
                    "3", "--lr", "1e10", "--out", out);
        } finally {
            System.setErr(systemErr);
        }
        oneLine(bad, 1, "early-stopping: the training loss became NaN at epoch 1");
        assertFalse(logs.toString(StandardCharsets.UTF_8).contains("WARN"), "no DL4J warning leaks: " + logs);
        assertFalse(bad.out().contains("NaN"), "no table of NaN: " + bad.out());
        assertTrue(java.util.Arrays.equals(csv, Files.readAllBytes(Path.of(out, "results.csv"))), "old results kept");
        assertTrue(java.util.Arrays.equals(png, Files.readAllBytes(Path.of(out, "curves.png"))), "old chart kept");
        try (var files = Files.list(Path.of(out))) {
            assertEquals(List.of(".course.lock", "curves.png", "results.csv"),
                    files.map(p -> p.getFileName().toString()).sorted().toList(), "no staging left behind");
        }
    }

    @Test
    void anOutputThatCannotBeWrittenIsExitThreeNotBadInput() {
        var run = Run.course("lab", "--data", "random", "--seeds", "1", "--epochs", "1", "--out",
                "/proc/self/no-such-dir/lab");
        oneLine(run, 3, "--out /proc/self/no-such-dir/lab: directory is not writable");
    }

    @Test
    void benchNamesTheOneBadOptionAndRefusesASoakTooShortToMeasure() {
        oneLine(Run.course("bench", "--soak", "1"), 2, "--soak 1: must be 0 (off) or in 4000..");
        var steps = Run.course("bench", "--steps", "5");
        oneLine(steps, 2, "--steps 5: must be in 10..");
        assertFalse(steps.err().contains("--warmup"), steps.err());
        oneLine(Run.course("bench", "--batch-size", "1"), 2, "--batch-size 1: must be in 2..100");
        oneLine(Run.course("bench", "--warmup", "-1"), 2, "--warmup -1: must be in 0..");
    }

    // class 5: outputs

    @Test
    void anEmptyOrFileOutIsABadOption(@TempDir Path dir) throws IOException {
        oneLine(Run.course("lab", "--out", ""), 2, "--out \"\": an empty path");
        Path file = Files.writeString(dir.resolve("file"), "x");
        oneLine(Run.course("lab", "--out", file.toString()), 2, "--out " + file + ": is a file, not a directory");
    }

    // class 6: messages that blame the right thing

    @Test
    void optionsThatNothingReadsAreRefused() {
        String data = TestData.file("random-100x10.csv").toString();
        oneLine(Run.course("batchnorm", "--dropout", "0.3"), 2, "--dropout 0.3: batchnorm has no dropout");
        oneLine(Run.course("dropout-internals", "--data", data), 2, "--data " + data + ": dropout-internals generates");
        assertEquals(0, Run.course("batchnorm", "dropout", "--dropout", "0.3", "--epochs", "1").exitCode(),
                "one lesson of the run reads it");
        oneLine(Run.course("lab", "--sweep", "dropout", "--variants", "baseline"), 2,
                "--sweep dropout: sweeps the dropout variant only; leave out --variants");
        oneLine(Run.course("lab", "--variants", "baseline,batchnorm", "--dropout", "0.3"), 2,
                "--dropout 0.3: none of the variants (baseline, batchnorm) reads it");
        oneLine(Run.course("lab", "--variants", "baseline", "--patience", "3"), 2, "--patience 3: none of the");
        oneLine(Run.course("lab", "--variants", "dropout", "--weight-decay", "0.1"), 2, "--weight-decay 0.1: none");
    }

    @Test
    void tooFewRowsAreBlamedOnTheDataNotOnABatchSizeNobodyGave(@TempDir Path dir) throws IOException {
        Path one = Files.writeString(dir.resolve("one.csv"), "a,b,c,d,e,f,g,h,i,j,y\n" + ROW);
        oneLine(Run.course("dropout", "--data", one.toString()), 2, one + ": has 1 data row; training needs at least 2");
        Path five = Files.writeString(dir.resolve("five.csv"), rows(5));
        oneLine(Run.course("dropout", "--data", five.toString()), 2, five + ": has 5 data rows, fewer than the "
                + "default batch size 10; pass --batch-size 5 or less");
        oneLine(Run.course("dropout", "--data", five.toString(), "--batch-size", "8"), 2, "--batch-size 8");
        oneLine(Run.course("lab", "--data", five.toString(), "--out", dir.resolve("o").toString()), 2,
                five + ": 3 training rows, fewer than the default batch size 10");
        Path three = Files.writeString(dir.resolve("three.csv"), rows(2));
        oneLine(Run.course("lab", "--data", three.toString(), "--out", dir.resolve("o").toString()), 2,
                three + ": has 2 rows; the lab needs at least 4");
    }

    @Test
    void aGuideMayNotRunTheNotebookCommand() {
        var e = assertThrows(InputException.class, () -> NotebookCommand.capture(new String[] {"notebook",
            "--check"}));
        assertTrue(e.getMessage().contains("a guide may not run the notebook command"), e.getMessage());
        var failing = assertThrows(InputException.class, () -> NotebookCommand.capture(new String[] {"batchnorm",
            "--dropout", "0.3"}));
        assertTrue(failing.getMessage().startsWith("guide command 'batchnorm --dropout 0.3' exited with 2 (error: "
                + "--dropout 0.3: batchnorm has no dropout; leave it out, or run a lesson with dropout (dropout, "),
                failing.getMessage());
        assertTrue(failing.getMessage().endsWith("...)"), "a long inner error is cut: " + failing.getMessage());
        var run = Run.course("batchnorm", "--dropout", "0.3");
        // the catalog decides which lessons read --dropout, so a new lesson with dropout or weight noise joins the list
        String readers = String.join(", ", dev.dl4jlessons.lessons.LessonCatalog.all().stream()
                .filter(dev.dl4jlessons.lessons.Lesson::readsDropout).map(dev.dl4jlessons.lessons.Lesson::name)
                .toList());
        assertTrue(readers.startsWith("dropout, combined, "), readers);
        assertTrue(run.err().contains("run a lesson with dropout (" + readers + ")"),
                "names every lesson that reads --dropout: " + run.err());
    }

    @Test
    void aNonUtf8TextFileIsNamed(@TempDir Path dir) throws IOException {
        Path guide = Files.write(dir.resolve("01-guide.md"), new byte[] {'#', ' ', (byte) 0xe9, 't', 'e', '\n'});
        var e = assertThrows(InputException.class, () -> ProjectFiles.readText(guide));
        assertEquals(guide + ": is not UTF-8 text; save it as UTF-8", e.getMessage());
    }
}
