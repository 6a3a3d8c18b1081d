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

/**
 * The cases of issue 18, planted as a hostile user would: the course deletes and overwrites only what it wrote,
 * refuses before training, names what it found, and every planted file is still there with its contents.
 */
class PlantedOutputTest {
    private static final String[] LAB = {"lab", "--data", "synthetic", "--seeds", "1", "--epochs", "2",
        "--variants", "baseline", "--threads", "1", "--out"};

    private static String[] lab(Path out, String... more) {
        String[] args = new String[LAB.length + 1 + more.length];
        System.arraycopy(LAB, 0, args, 0, LAB.length);
        args[LAB.length] = out.toString();
        System.arraycopy(more, 0, args, LAB.length + 1, more.length);
        return args;
    }

    private static Path victim(Path root) throws IOException {
        Path v = Files.createDirectories(root.resolve("victim/sub"));
        Files.writeString(root.resolve("victim/a"), "precious a");
        Files.writeString(v.resolve("b"), "precious b");
        return root.resolve("victim");
    }

    private static void assertIntact(Path victim) throws IOException {
        assertEquals("precious a", Files.readString(victim.resolve("a")));
        assertEquals("precious b", Files.readString(victim.resolve("sub/b")));
    }

    @Test
    void aLinkUnderTheTempPatternIsNeverFollowedNorDeleted(@TempDir Path root) throws IOException {
        Path victim = victim(root);
        Path out = Files.createDirectories(root.resolve("o"));
        Path link = Files.createSymbolicLink(out.resolve(".x.4000000.deadbeefdeadbeef.course-tmp"), victim);
        Files.createSymbolicLink(out.resolve(".x.4000000.deadbeef.course-tmp"), victim);
        var run = Run.course(lab(out));
        assertEquals(0, run.exitCode(), run.err());
        assertIntact(victim);
        assertTrue(Files.isSymbolicLink(link), "a link the course did not make is left in place");
    }

    @Test
    void aLinkNamedLikeAnOutputIsRefusedBeforeTraining(@TempDir Path root) throws IOException {
        Path victim = victim(root);
        Path out = Files.createDirectories(root.resolve("o"));
        Files.createSymbolicLink(out.resolve("results.csv"), victim.toAbsolutePath());
        var run = Run.course(lab(out));
        assertEquals(3, run.exitCode());
        assertTrue(run.err().startsWith("error: --out " + out + ": results.csv is a symbolic link"), run.err());
        assertFalse(run.out().contains("baseline"), "refused before training");
        assertIntact(victim);
        assertTrue(Files.isSymbolicLink(out.resolve("results.csv")));
    }

    @Test
    void aDirectoryNamedLikeAnOutputIsRefusedAndKept(@TempDir Path root) throws IOException {
        Path out = Files.createDirectories(root.resolve("o3"));
        Path dir = Files.createDirectories(out.resolve("sweep.png"));
        Files.writeString(dir.resolve("notes.txt"), "my notes");
        var run = Run.course(lab(out));
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("sweep.png is a directory, not a file this course wrote"), run.err());
        assertEquals("my notes", Files.readString(dir.resolve("notes.txt")));
    }

    @Test
    void anInputThatIsAlsoAnOutputIsRefused(@TempDir Path root) throws IOException {
        Path d = Files.createDirectories(root.resolve("d"));
        Path data = d.resolve("results.csv");
        Files.copy(dev.dl4jlessons.testing.TestData.file("synthetic-200x10.csv"), data);
        byte[] before = Files.readAllBytes(data);
        var run = Run.course("lab", "--data", data.toString(), "--seeds", "1", "--epochs", "2",
                "--variants", "baseline", "--threads", "1", "--out", d.toString());
        assertEquals(2, run.exitCode());
        assertTrue(run.err().startsWith("error: --data " + data + ": is also"), run.err());
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(data)), "the data is unchanged");
    }

    @Test
    void controlCharactersInAPathCannotForgeALine(@TempDir Path root) throws IOException {
        Path out = Files.createDirectories(root.resolve("o"));
        Path bad = out.resolve("x\nerror: forged\u001b[2J");
        var run = Run.course("dropout", "--epochs", "1", "--data", bad.toString());
        assertEquals(2, run.exitCode());
        List<String> lines = run.err().lines().toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).contains("x\\nerror: forged\\u001b[2J"), lines.get(0));
    }
}
