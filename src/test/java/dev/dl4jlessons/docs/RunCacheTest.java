package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;

/** The notebook command's cache: a run is reused only while everything that produced it is unchanged. */
class RunCacheTest {
    private static Path project(Path dir) throws IOException {
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(dir.resolve("test-data"));
        Files.writeString(dir.resolve("test-data/a.csv"), "1,2\n");
        return dir;
    }

    @Test
    void anUnchangedRunComesFromTheCacheAndAChangedInputRunsAgain(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        var runs = new AtomicInteger();
        var cache = RunCache.open(root, true);
        String first = cache.text("output", List.of("dropout", "--epochs", "5"), List.of("dropout"),
                () -> "run " + runs.incrementAndGet());
        assertEquals("run 1", first);
        assertEquals("run 1", cache.text("output", List.of("dropout", "--epochs", "5"), List.of("dropout"),
                () -> "run " + runs.incrementAndGet()), "same code, data and options: not run again");
        assertEquals(1, runs.get());
        assertEquals("1 from the cache, 1 run", cache.summary());

        var reopened = RunCache.open(root, true); // a later notebook command
        assertEquals("run 1", reopened.text("output", List.of("dropout", "--epochs", "5"), List.of("dropout"),
                () -> "run " + runs.incrementAndGet()));
        assertEquals("run 2", reopened.text("output", List.of("dropout", "--epochs", "6"), List.of("dropout"),
                () -> "run " + runs.incrementAndGet()), "other options: run");

        Files.writeString(root.resolve("test-data/a.csv"), "1,3\n"); // the data changed
        assertEquals("run 3", RunCache.open(root, true).text("output", List.of("dropout", "--epochs", "5"),
                List.of("dropout"), () -> "run " + runs.incrementAndGet()));
        Files.writeString(root.resolve("pom.xml"), "<project><version>2</version></project>\n"); // the libraries
        assertEquals("run 4", RunCache.open(root, true).text("output", List.of("dropout", "--epochs", "5"),
                List.of("dropout"), () -> "run " + runs.incrementAndGet()));
        assertEquals("run 5", RunCache.open(root, false).text("output", List.of("dropout", "--epochs", "5"),
                List.of("dropout"), () -> "run " + runs.incrementAndGet()), "--no-cache runs it");
        assertEquals("run 5", RunCache.open(root, true).text("output", List.of("dropout", "--epochs", "5"),
                List.of("dropout"), () -> "run " + runs.incrementAndGet()), "and the fresh result replaced the old");
    }

    @Test
    void aFileNamedByAnArgumentIsPartOfTheKey(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        Path data = Files.writeString(dir.resolve("mine.csv"), "1\n");
        var cache = RunCache.open(root, true);
        String before = cache.key("output", List.of("--data", data.toString()), List.of("dropout"));
        assertEquals(before, cache.key("output", List.of("--data", data.toString()), List.of("dropout")));
        Files.writeString(data, "2\n");
        assertNotEquals(before, cache.key("output", List.of("--data", data.toString()), List.of("dropout")));
    }

    @Test
    void aRunThatNamesALessonDependsOnThatLessonNotOnUnrelatedOnes(@TempDir Path dir) throws IOException {
        var cache = RunCache.open(project(dir), true);
        var all = LessonCatalog.all().stream().map(Lesson::name).toList();
        assertEquals(new java.util.TreeSet<>(all), cache.closure(null), "--list, lab, ...: every lesson");
        var one = cache.closure(List.of("gaussian-dropout"));
        assertTrue(one.contains("gaussian-dropout"));
        assertTrue(one.contains("combined"), "the lab's models build on CombinedLesson, shared code refers to it");
        assertFalse(one.contains("dropout-internals"), "a lesson nothing else refers to is not a dependency: " + one);
        assertTrue(cache.closure(List.of("batchnorm-internals")).contains("batchnorm"),
                "BatchNormInternalsLesson builds on BatchNormLesson's model");
    }

    @Test
    void filesRoundTripAndPruneRemovesOnlyUnusedEntries(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        var cache = RunCache.open(root, true);
        Map<Path, byte[]> pictures = Map.of(root.resolve("lessons/img/a.png"), new byte[] {1, 2, 3});
        var back = cache.pictures(root, () -> pictures);
        assertArrayEquals(new byte[] {1, 2, 3}, back.get(root.resolve("lessons/img/a.png")));
        cache.text("output", List.of("x"), null, () -> "x");
        var later = RunCache.open(root, true);
        later.text("output", List.of("x"), null, () -> "x");
        Files.writeString(root.resolve(RunCache.DIR).resolve("notes.txt"), "mine");
        later.prune();
        try (Stream<Path> left = Files.list(root.resolve(RunCache.DIR))) {
            assertEquals(java.util.Set.of("notes.txt", cache.key("output", List.of("x"), null) + ".cached"),
                    left.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()),
                    "the pictures entry went (unused); the used entry and a file the cache did not write stay");
        }
    }
}
