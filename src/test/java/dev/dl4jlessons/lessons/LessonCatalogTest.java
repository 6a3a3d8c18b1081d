package dev.dl4jlessons.lessons;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.InputException;

/** The catalog refuses a syllabus whose guides would collide. */
class LessonCatalogTest {
    @Test
    void twoLessonsMappingToOneGuideNumberAreRefusedByName() {
        var entries = new ArrayList<>(LessonCatalog.syllabus());
        entries.add(new SyllabusEntry("noise", "a second lesson 8", 85, "08-noise.md"));
        var e = assertThrows(InputException.class, () -> LessonCatalog.requireDistinctGuideNumbers(entries));
        assertTrue(e.getMessage().matches("lessons 'gaussian-dropout' \\(order 80\\) and 'noise' \\(order 85\\) both "
                + "map to guide 08: give each lesson its own tens in order\\(\\), e\\.g\\. \\d+0"), e.getMessage());
    }

    @Test
    void aLessonTakingTheLabsGuideNumberIsRefused() {
        var entries = List.of(LessonCatalog.COMMANDS.get(0), new SyllabusEntry("x", "x", 45, "04-x.md"));
        var e = assertThrows(InputException.class, () -> LessonCatalog.requireDistinctGuideNumbers(entries));
        assertTrue(e.getMessage().startsWith("lessons 'lab' (order 40) and 'x' (order 45) both map to guide 04"));
    }

    @Test
    void theCoursesOwnSyllabusHasOneGuidePerNumber() {
        assertDoesNotThrow(() -> LessonCatalog.requireDistinctGuideNumbers(LessonCatalog.syllabus()));
    }
}
