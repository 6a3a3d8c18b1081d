package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.ChildJvm;

/** The course finds its files from any working directory, including one whose path has spaces. */
class WorkingDirectoryTest {

    /** Prints where test-data/random-100x10.csv was found. Run in its own JVM by the test. */
    public static final class Probe {
        public static void main(String[] args) {
            try {
                System.out.println("found " + ProjectFiles.testData(args[0]));
            } catch (InputException e) {
                System.out.println("error " + e.getMessage());
            }
        }
    }

    private static String run(Path workingDir, String name) throws Exception {
        var process = new ProcessBuilder(ChildJvm.command(List.of(), Probe.class.getName(), name))
                .directory(workingDir.toFile()).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return out.strip();
    }

    @Test
    void testDataIsFoundFromAnotherDirectoryWithSpaces(@TempDir Path tmp) throws Exception {
        Path elsewhere = Files.createDirectories(tmp.resolve("a folder with spaces"));
        String out = run(elsewhere, "random-100x10.csv");
        assertTrue(out.startsWith("found "), out);
        assertTrue(Files.isRegularFile(Path.of(out.substring("found ".length()))), out);
    }

    @Test
    void aMissingFileSaysWhereItLooked(@TempDir Path tmp) throws Exception {
        String out = run(tmp, "no-such-file.csv");
        assertTrue(out.startsWith("error test-data/no-such-file.csv not found; looked in "), out);
        assertTrue(out.contains(tmp.toString()), "names the working directory: " + out);
        assertEquals(1, out.lines().count());
    }
}
