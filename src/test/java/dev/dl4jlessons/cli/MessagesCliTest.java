package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.Run;

/** Class 8 end to end: a dangling --out link, a long path, control characters in a value; one line each, exit 2. */
class MessagesCliTest {
    @Test
    void aDanglingOutLinkIsCalledADanglingLink(@TempDir Path root) throws IOException {
        Path link = Files.createSymbolicLink(root.resolve("out"), root.resolve("gone"));
        var run = Run.course("lab", "--data", "synthetic", "--epochs", "1", "--out", link.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("error: --out " + link + ": is a dangling symbolic link (to " + root.resolve("gone")
                + ", which does not exist); create its target or choose another directory"), run.err().lines().toList());
        assertFalse(Files.exists(root.resolve("gone")), "the link's target is not created");
    }

    @Test
    void aLongPathIsShortenedOnceInTheMiddle(@TempDir Path root) throws IOException {
        // a file where the path needs a directory: neither the input nor the output can exist, nothing trains
        Files.writeString(root.resolve("d".repeat(200)), "a file\n");
        String longName = root + "/" + "d".repeat(200) + "/" + "e".repeat(200) + "/data.csv";
        for (List<String> args : List.of(List.of("lab", "--data", longName, "--epochs", "1"),
                List.of("dropout", "--data", longName, "--epochs", "1"),
                List.of("lab", "--data", "synthetic", "--epochs", "1", "--seeds", "1", "--out", longName))) {
            var run = Run.course(args.toArray(String[]::new));
            assertEquals(2, run.exitCode(), run.err());
            List<String> lines = run.err().lines().toList();
            assertEquals(1, lines.size(), run.err());
            String line = lines.get(0);
            assertTrue(line.length() < 300, line.length() + ": " + line);
            assertFalse(line.contains("d".repeat(100)) || line.contains("e".repeat(100)), "cut: " + line);
            assertEquals(1, line.split("e/data\\.csv", -1).length - 1, "the path is shown once: " + line);
            assertTrue(line.contains(root.toString().substring(0, 10)) && line.contains("e/data.csv"), line);
        }
    }

    @Test
    void controlCharactersInAValueAreEscaped() {
        var run = Run.course("lab", "--data", "/tmp/x\u001b[31mRED\nerror: forged\u202e");
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(List.of("error: /tmp/x\\u001b[31mRED\\nerror: forged\\u202e: no such file"),
                run.err().lines().toList());
    }
}
