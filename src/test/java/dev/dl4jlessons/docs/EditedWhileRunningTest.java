package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The notebook command computes every guide from the text it read when it began, which takes minutes when nothing
 * is cached; a guide edited in the meantime is left as it is, not overwritten with text built from the old version.
 */
class EditedWhileRunningTest {
    @Test
    void aGuideEditedAfterTheSnapshotCountsAsChangedAndANewOneDoesNot(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("lessons"));
        Path readme = Files.writeString(root.resolve("README.md"), "# course\n");
        Path guide = Files.writeString(root.resolve("lessons/01-dropout.md"), "# Lesson 1 · Dropout\n");
        var snapshot = GeneratedFiles.snapshot(root);
        assertFalse(GeneratedFiles.changedSince(readme, snapshot));
        assertFalse(GeneratedFiles.changedSince(guide, snapshot));
        Files.writeString(guide, "# Lesson 1 · Dropout\n\nA paragraph written while notebook ran.\n");
        assertTrue(GeneratedFiles.changedSince(guide, snapshot), "the edit would be lost");
        assertFalse(GeneratedFiles.changedSince(root.resolve("lessons/99-new.md"), snapshot),
                "a stub the command writes for a new lesson was not there to edit");
        Files.delete(readme);
        assertTrue(GeneratedFiles.changedSince(readme, snapshot), "a guide removed meanwhile is not recreated");
    }
}
