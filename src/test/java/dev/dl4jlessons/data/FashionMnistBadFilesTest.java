package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.BadFashionFiles;

/** Every kind of bad IDX file is one line naming the file and what is wrong, found before ND4J sees any of it. */
class FashionMnistBadFilesTest {
    static List<BadFashionFiles.Case> cases() {
        return BadFashionFiles.cases();
    }

    @Test
    void theValidFolderReads(@TempDir Path dir) {
        var data = FashionMnist.read(BadFashionFiles.valid(dir));
        assertEquals(3, data.trainRows());
        assertEquals(2, data.testRows());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isOneLineNamingTheFile(BadFashionFiles.Case bad, @TempDir Path dir) throws Exception {
        BadFashionFiles.valid(dir);
        bad.damage().accept(dir);
        List<Path> before;
        try (var files = Files.list(dir)) {
            before = files.sorted().toList();
        }
        var e = assertThrows(InputException.class, () -> FashionMnist.read(dir));
        String line = e.getMessage();
        assertTrue(line.startsWith(dir.resolve(bad.file()) + ": "), line);
        assertTrue(line.contains(bad.phrase()), line);
        assertFalse(line.contains("\n"), line);
        try (var files = Files.list(dir)) {
            assertEquals(before, files.sorted().toList(), "the reader wrote nothing");
        }
    }
}
