package dev.dl4jlessons.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints, for every kind of bad Fashion-MNIST folder, the exit code and the error line of {@code fashion
 * --fashion-dir DIR}: {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.dl4jlessons.testing.BadFashionReport}. {@code FashionCommandTest} asserts the same.
 */
public final class BadFashionReport {
    private BadFashionReport() {
    }

    /** Runs every case in a temporary folder and prints one line each. */
    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("bad-fashion");
        int n = 0;
        for (var bad : BadFashionFiles.cases()) {
            Path dir = Files.createDirectory(tmp.resolve("case" + ++n));
            BadFashionFiles.valid(dir);
            bad.damage().accept(dir);
            var run = Run.course("fashion", "--fashion-dir", dir.toString(), "--out", tmp.resolve("out").toString());
            System.out.printf("%-22s exit %d  %s%n", bad.name(), run.exitCode(), run.err().strip()
                    .replace(tmp.toString(), "$TMP"));
        }
        var empty = Run.course("fashion", "--fashion-dir", tmp.resolve("nowhere").toString());
        System.out.printf("%-22s exit %d  %s%n", "no such folder", empty.exitCode(), empty.err().strip()
                .replace(tmp.toString(), "$TMP"));
        System.out.println("output folder created: " + Files.exists(tmp.resolve("out")));
    }
}
