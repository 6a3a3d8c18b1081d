package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.testing.BadFashionFiles;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.FashionSampleGenerator;
import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/**
 * The {@code fashion} command and {@code lab --data fashion} from the command line: bad data is exit 2 and one line
 * with nothing written, the sample runs, and what a redirected run prints is byte for byte what it prints in-process.
 */
class FashionCommandTest {
    static List<BadFashionFiles.Case> cases() {
        return BadFashionFiles.cases();
    }

    private static String sample() {
        return TestData.file(FashionSampleGenerator.DIR).toString();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badFilesAreExitTwoAndOneLineWithNothingWritten(BadFashionFiles.Case bad, @TempDir Path tmp)
            throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("data"));
        BadFashionFiles.valid(dir);
        bad.damage().accept(dir);
        Path out = tmp.resolve("out");
        for (String[] args : new String[][] {{"fashion", "--fashion-dir", dir.toString(), "--out", out.toString()},
            {"lab", "--data", "fashion", "--fashion-dir", dir.toString(), "--out", out.toString()}}) {
            var run = Run.course(args);
            assertEquals(2, run.exitCode(), run.err());
            assertEquals("error: " + dir.resolve(bad.file()), run.err().substring(0, run.err().indexOf(": ",
                    7)), run.err());
            assertTrue(run.err().contains(bad.phrase()), run.err());
            assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run.err());
            assertEquals("", run.out());
            assertFalse(Files.exists(out), "nothing written");
        }
    }

    @Test
    void aFolderWithoutTheFilesSaysHowToGetThem(@TempDir Path tmp) {
        var run = Run.course("fashion", "--fashion-dir", tmp.toString(), "--out", tmp.resolve("out").toString());
        assertEquals(2, run.exitCode());
        assertEquals("error: " + tmp.resolve(FashionMnist.TRAIN_IMAGES) + ": missing; " + FashionMnist.HOW_TO_GET
                + "\n", run.err());
        var none = Run.course("fashion", "--fashion-dir", tmp.resolve("nowhere").toString());
        assertEquals(2, none.exitCode());
        assertTrue(none.err().contains("no such folder; install them with 'apt-get install dataset-fashion-mnist'"),
                none.err());
        assertFalse(Files.exists(tmp.resolve("out")));
    }

    @Test
    void optionsAreCheckedAgainstTheData(@TempDir Path tmp) {
        var rows = Run.course("fashion", "--fashion-dir", sample(), "--train-rows", "2001", "--out", tmp.toString());
        assertEquals(2, rows.exitCode());
        assertTrue(rows.err().contains("--train-rows 2001: " + sample() + " has 2000 training images"), rows.err());
        var lab = Run.course("lab", "--data", "diabetes", "--fashion-dir", sample(), "--out", tmp.toString());
        assertEquals(2, lab.exitCode());
        assertTrue(lab.err().contains("--fashion-dir " + sample() + ": only --data fashion reads it"), lab.err());
        var labRows = Run.course("lab", "--data", "fashion", "--fashion-dir", sample(), "--train-rows", "5000",
                "--out", tmp.toString());
        assertEquals(2, labRows.exitCode());
        assertTrue(labRows.err().contains("fashion has 2000 training images"), labRows.err());
    }

    @Test
    void labRunsOnTheSampleWithEveryOutput(@TempDir Path tmp) throws IOException {
        Path out = tmp.resolve("lab");
        var run = Run.course("lab", "--data", "fashion", "--fashion-dir", sample(), "--train-rows", "60",
                "--variants", "baseline,early-stopping", "--seeds", "1", "--epochs", "2", "--batch-size", "20",
                "--out", out.toString());
        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().startsWith("lab: fashion, 2000 rows × 784 features, 10-class classification; 60 "
                + "training rows, 500 validation rows (the test images"), run.out());
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("fashion,baseline,1,2,")), csv.toString());
        assertTrue(csv.stream().anyMatch(l -> l.startsWith("fashion,early-stopping,1,")), csv.toString());
        assertTrue(Files.size(out.resolve("curves.png")) > 1000);
    }

    /**
     * The command run as a user runs it, with standard output and error redirected to files: the bytes are what the
     * in-process run prints (no progress bar, no escape codes), and standard error is empty.
     */
    @Test
    void redirectedOutputIsByteIdenticalAndHasNoProgressBar(@TempDir Path tmp) throws Exception {
        List<String> args = List.of("fashion", "--fashion-dir", sample(), "--train-rows", "50", "--variants",
                "plain", "--seeds", "1", "--epochs", "2", "--batch-size", "25", "--full-epochs", "0", "--threads",
                "1", "--out", tmp.resolve("a").toString());
        var inProcess = Run.course(args.toArray(String[]::new));
        assertEquals(0, inProcess.exitCode(), inProcess.err());
        List<String> child = new ArrayList<>(args);
        child.set(child.size() - 1, tmp.resolve("b").toString());
        Path stdout = tmp.resolve("stdout");
        Path stderr = tmp.resolve("stderr");
        var process = new ProcessBuilder(ChildJvm.course(List.of(), child.toArray(String[]::new)))
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        assertEquals(0, process.waitFor(), Files.readString(stderr));
        String expected = inProcess.out().replace(tmp.resolve("a").toString(), tmp.resolve("b").toString());
        assertEquals(expected, Files.readString(stdout, StandardCharsets.UTF_8));
        assertEquals("", Files.readString(stderr), "nothing on standard error");
        assertFalse(Files.readString(stdout).contains("\u001b"), "no escape codes");
        assertTrue(Files.size(tmp.resolve("b").resolve("fashion-accuracy.png")) > 1000);
    }

    /**
     * On a terminal (a pseudo-terminal from util-linux's {@code script}) the same run draws a progress bar with the
     * model, seed and epoch, and the table still follows.
     */
    @Test
    void aTerminalGetsAProgressBar(@TempDir Path tmp) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")),
                "util-linux script gives the child a terminal");
        List<String> command = new ArrayList<>(ChildJvm.course(List.of(), "fashion", "--fashion-dir", sample(),
                "--train-rows", "50", "--variants", "plain", "--seeds", "1", "--epochs", "3", "--batch-size", "25",
                "--full-epochs", "0", "--threads", "1", "--out", tmp.resolve("t").toString()));
        String line = String.join(" ", command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList());
        Path typescript = tmp.resolve("typescript");
        var process = new ProcessBuilder("/usr/bin/script", "-qec", line, typescript.toString())
                .redirectInput(ProcessBuilder.Redirect.PIPE).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("script-out").toFile()).start();
        process.getOutputStream().close();
        assertEquals(0, process.waitFor());
        String seen = Files.readString(typescript, StandardCharsets.UTF_8);
        assertTrue(seen.contains("plain seed 1, 50 images, epoch"), seen);
        assertTrue(seen.contains("variant          train acc"), seen);
    }
}
