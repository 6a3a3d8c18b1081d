package dev.dl4jlessons.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;

/**
 * Inputs that used to pass without a word: a {@code meta.json} with anything after its one object, and a reference
 * folder holding a file the run does not read (an extra mask, a stray file, a mask for a model without dropout). Each
 * is exit 2 with one line naming the file and the fix.
 */
class SilentMisreadsTest {
    @TempDir
    Path tmp;

    private static void refused(Path dir, Path file, String problem) {
        var run = Run.course("parity", dir.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + file + ": "), run.err());
        assertTrue(run.err().contains(problem), run.err());
        assertEquals("", run.out(), "nothing trained, no PASS");
    }

    @Test
    void aMetaJsonHoldingTheObjectTwiceIsRefused() throws IOException {
        Path dir = ParityTest.copy(tmp.resolve("twice"));
        Path meta = dir.resolve("meta.json");
        String once = Files.readString(meta);
        Files.writeString(meta, once + once);
        refused(dir, meta, "holds more than one JSON object");
    }

    @Test
    void aMetaJsonWithTextAfterItsObjectIsRefused() throws IOException {
        Path dir = ParityTest.copy(tmp.resolve("tail"));
        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta) + "# edited by hand\n");
        refused(dir, meta, "after its JSON object; keep exactly one object");
    }

    @Test
    void aKeyGivenTwiceIsRefused() throws IOException {
        Path dir = ParityTest.copy(tmp.resolve("dup"));
        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replaceFirst("\\{", "{\"lr\": 0.5, "));
        refused(dir, meta, "Duplicate field 'lr'");
    }

    @Test
    void theFilesAsTheExporterWritesThemAreAccepted() throws IOException {
        Path meta = TestData.file("parity/combined/meta.json");
        String text = Files.readString(meta);
        assertTrue(text.endsWith("}\n"), "the exporter ends the object with one newline");
        Reference.readMeta(meta); // its one line ending is fine
        Path bare = tmp.resolve("bare.json");
        Files.writeString(bare, text.strip());
        Reference.readMeta(bare);
        Path crlf = tmp.resolve("crlf.json");
        Files.writeString(crlf, text.strip() + "\r\n");
        Reference.readMeta(crlf);
    }

    /**
     * Any non-empty bytes after a valid {@code meta.json} (which ends in its one newline) are refused, in the same
     * process for many tries, before a few runs of the command below confirm the exit code.
     */
    @Property(tries = 400)
    void anyBytesAppendedToAValidMetaJsonAreRefused(@ForAll @Size(min = 1, max = 64) byte[] tail) throws IOException {
        byte[] valid = Files.readAllBytes(TestData.file("parity/combined/meta.json"));
        byte[] bytes = new byte[valid.length + tail.length];
        System.arraycopy(valid, 0, bytes, 0, valid.length);
        System.arraycopy(tail, 0, bytes, valid.length, tail.length);
        Path meta = Files.createTempFile("meta", ".json"); // jqwik does not fill JUnit's @TempDir
        try {
            Files.write(meta, bytes);
            var e = assertThrows(InputException.class, () -> Reference.readMeta(meta));
            assertTrue(e.getMessage().startsWith(meta + ": ") && !e.getMessage().contains("\n"), e.getMessage());
        } finally {
            Files.delete(meta);
        }
    }

    @Property(tries = 4)
    void appendedBytesExitTwoFromTheCommand(@ForAll @Size(min = 1, max = 16) byte[] tail) throws IOException {
        Path dir = ParityTest.copy(Files.createTempDirectory("ref")); // jqwik does not fill JUnit's @TempDir
        Path meta = dir.resolve("meta.json");
        byte[] valid = Files.readAllBytes(meta);
        byte[] bytes = new byte[valid.length + tail.length];
        System.arraycopy(valid, 0, bytes, 0, valid.length);
        System.arraycopy(tail, 0, bytes, valid.length, tail.length);
        Files.write(meta, bytes);
        try {
            var run = Run.course("parity", dir.toString());
            assertEquals(2, run.exitCode(), run.out() + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("error: " + meta + ": "), run.err());
        } finally {
            try (var files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void aMaskForALayerTheModelLacksIsAnError() throws IOException {
        Path dir = ParityTest.copy(tmp.resolve("extra-mask"));
        Files.copy(dir.resolve("masks/dropout.npy"), dir.resolve("masks/dropout2.npy"));
        refused(dir, dir.resolve("masks/dropout2.npy"), "has 1 dropout layer, so this mask would never be used");
    }

    @Test
    void aMaskBesideAModelWithoutDropoutIsAnError() throws IOException {
        Path dir = tmp.resolve("bn-mask");
        Path src = TestData.file("parity/batchnorm");
        try (var files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to);
                }
            }
        }
        Files.createDirectories(dir.resolve("masks"));
        Files.copy(TestData.file("parity/dropout/masks/dropout.npy"), dir.resolve("masks/dropout.npy"));
        refused(dir, dir.resolve("masks/dropout.npy"), "has no dropout layer, so this mask would never be used");
    }

    @Test
    void aFileTheRunDoesNotReadIsNamed() throws IOException {
        Path top = ParityTest.copy(tmp.resolve("stray"));
        Files.copy(top.resolve("X.npy"), top.resolve("X_old.npy"));
        refused(top, top.resolve("X_old.npy"), "not part of a reference (parity reads only meta.json, X.npy");

        Path inside = ParityTest.copy(tmp.resolve("stray-inside"));
        Files.writeString(inside.resolve("masks/notes.txt"), "from another run\n");
        refused(inside, inside.resolve("masks/notes.txt"), "holds only .npy arrays, and every one is read");

        Path nested = ParityTest.copy(tmp.resolve("nested"));
        Files.createDirectories(nested.resolve("init/old.npy"));
        refused(nested, nested.resolve("init/old.npy"), "not part of a reference");
    }
}
