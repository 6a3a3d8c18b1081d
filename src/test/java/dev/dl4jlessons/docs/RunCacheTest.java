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
import dev.dl4jlessons.testing.TestData;

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
        assertEquals(new java.util.TreeSet<>(all), cache.closure(null), "--list, the default run: every lesson");
        assertEquals(java.util.Set.of("gaussian-dropout"), cache.closure(List.of("gaussian-dropout")),
                "the launcher's path to a lesson reaches no other lesson (lab and check are other subcommands)");
        assertTrue(cache.closure(List.of("batchnorm-internals")).contains("batchnorm"),
                "BatchNormInternalsLesson builds on BatchNormLesson's model");
        assertFalse(cache.closure(List.of("batchnorm")).contains("batchnorm-internals"));
    }

    /** The compiled code with one class's bytes changed, as an edit and a compile would leave it. */
    private static Map<String, byte[]> edited(Map<String, byte[]> code, String entry) {
        assertTrue(code.containsKey(entry), entry);
        var copy = new java.util.TreeMap<>(code);
        copy.put(entry, java.util.Arrays.copyOf(code.get(entry), code.get(entry).length + 1));
        return copy;
    }

    @Test
    void changingAnExerciseCheckRunsNothingAgainAndChangingALessonOnlyItsRuns(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        var code = RunCache.code();
        var before = RunCache.open(root, true, s -> { }, code);
        String check = code.keySet().stream().filter(e -> e.startsWith("dev/dl4jlessons/exercises/checks/"))
                .findFirst().orElseThrow();
        List<List<String>> runs = List.of(List.of("output", "dropout"), List.of("output", "combined"),
                List.of("output", "capacity"), List.of("output", "parity", "test-data/parity/combined"),
                List.of("output"), List.of("notebook-cell", "dropout"), List.of("notebook-comparison", "dropout",
                        "batchnorm", "combined"), List.of(RunCache.PICTURES));
        for (String changed : List.of(check, "dev/dl4jlessons/exercises/ExerciseCatalog.class",
                "dev/dl4jlessons/cli/CheckCommand.class", "dev/dl4jlessons/kernel/CourseKernel.class",
                "dev/dl4jlessons/cli/NotebookCommand.class", "dev/dl4jlessons/docs/GeneratedFiles.class")) {
            var after = RunCache.open(root, true, s -> { }, edited(code, changed));
            for (var run : runs) {
                assertEquals(key(before, run), key(after, run), changed + " changed: " + run + " is still cached");
            }
        }
        var dropoutChanged = RunCache.open(root, true, s -> { },
                edited(code, "dev/dl4jlessons/lessons/dropout/DropoutLesson.class"));
        for (var run : List.of(List.of("output", "dropout"), List.of("output"), List.of("notebook-cell", "dropout"),
                List.of("notebook-comparison", "dropout", "batchnorm", "combined"))) {
            assertFalse(key(before, run).equals(key(dropoutChanged, run)), "DropoutLesson changed: " + run + " runs");
        }
        for (var run : List.of(List.of("output", "combined"), List.of("output", "capacity"),
                List.of("notebook-cell", "batchnorm"), List.of("output", "gaussian-dropout"))) {
            assertEquals(key(before, run), key(dropoutChanged, run), "DropoutLesson changed: " + run + " is cached");
        }
        // Each lesson's pictures are an entry of their own, keyed by the class that draws them (found by a scan).
        String dropoutPictures = RunCache.PICTURES + ":dev.dl4jlessons.lessons.dropout.DropoutPictures";
        String batchNormPictures = RunCache.PICTURES + ":dev.dl4jlessons.lessons.batchnorm.BatchNormPictures";
        var picturesChanged = RunCache.open(root, true, s -> { },
                edited(code, "dev/dl4jlessons/lessons/dropout/DropoutPictures.class"));
        assertFalse(key(before, List.of(dropoutPictures)).equals(key(picturesChanged, List.of(dropoutPictures))),
                "DropoutPictures changed: its pictures are drawn again");
        assertEquals(key(before, List.of(batchNormPictures)), key(picturesChanged, List.of(batchNormPictures)),
                "DropoutPictures changed: batch norm's pictures are cached");
        var harnessChanged = RunCache.open(root, true, s -> { },
                edited(code, "dev/dl4jlessons/harness/Trainer.class"));
        assertFalse(key(before, List.of("output", "dropout")).equals(key(harnessChanged, List.of("output",
                "dropout"))), "shared code a run reaches is part of its key");
    }

    /**
     * The notebook's papers cell is keyed by the code its class reaches: a change to the papers lesson runs it again,
     * a change to another lesson does not.
     */
    @Test
    void aNotebookCallIsKeyedByTheCodeOfItsClass(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        var code = RunCache.code();
        String purpose = RunCache.NOTEBOOK_CALL + ":dev.dl4jlessons.lessons.papers.PapersLesson";
        String before = RunCache.open(root, true, s -> { }, code).key(purpose, List.of(), List.of());
        assertFalse(before.equals(RunCache.open(root, true, s -> { }, edited(code,
                "dev/dl4jlessons/lessons/papers/Experiments.class")).key(purpose, List.of(), List.of())),
                "the papers' experiments changed: the cell runs again");
        assertEquals(before, RunCache.open(root, true, s -> { }, edited(code,
                "dev/dl4jlessons/lessons/dropout/DropoutLesson.class")).key(purpose, List.of(), List.of()),
                "another lesson changed: the cell is cached");
    }

    /**
     * A notebook cell that reads committed data ({@code ProjectFiles.testData("NAME")}: lesson 10's and lesson 11's
     * cells read the Fashion-MNIST sample) has that data's files among its key's arguments, so that editing a sample
     * file runs the cell again, whatever else the key covers; a cell that reads none keeps the key it had.
     */
    @Test
    void aNotebookCellsKeyCoversTheCommittedDataItReads(@TempDir Path dir) throws IOException {
        Path root = project(dir);
        Path sample = Files.createDirectories(root.resolve("test-data/fashion-mnist-sample"));
        Path committed = TestData.file("fashion-mnist-sample");
        try (Stream<Path> files = Files.list(committed)) {
            for (Path f : files.toList()) {
                Files.copy(f, sample.resolve(f.getFileName()));
            }
        }
        String fashion = new dev.dl4jlessons.lessons.fashion.FashionLesson().notebookCall();
        List<String> read = dev.dl4jlessons.data.FashionMnist.FILES.stream().sorted()
                .map(f -> "test-data/fashion-mnist-sample/" + f).toList();
        assertEquals(read, NotebookGenerator.dataFiles(root, fashion), "the fashion cell reads the sample's four files");
        assertEquals(read, NotebookGenerator.dataFiles(root,
                dev.dl4jlessons.lessons.papers.PapersLesson.notebookCell()), "and so does the papers cell");
        assertEquals(List.of(), NotebookGenerator.dataFiles(root,
                new dev.dl4jlessons.lessons.capacity.CapacityLesson().notebookCall()), "capacity reads none");

        var cache = RunCache.open(root, true, s -> { });
        List<String> arguments = new java.util.ArrayList<>(List.of("fashion"));
        arguments.addAll(NotebookGenerator.dataFiles(root, fashion));
        String before = cache.key("notebook-cell", arguments, List.of("fashion"));
        assertEquals(before, cache.key("notebook-cell", arguments, List.of("fashion")));
        Path labels = sample.resolve(dev.dl4jlessons.data.FashionMnist.TEST_LABELS);
        byte[] bytes = Files.readAllBytes(labels);
        bytes[bytes.length - 1] ^= 1;
        Files.write(labels, bytes);
        assertNotEquals(before, cache.key("notebook-cell", arguments, List.of("fashion")),
                "a sample file changed: the cell's key changed (the same cache, whose shared part was read before)");

        var outside = org.junit.jupiter.api.Assertions.assertThrows(dev.dl4jlessons.runtime.InputException.class,
                () -> NotebookGenerator.dataFiles(root, "ProjectFiles.testData(\"../pom.xml\")"));
        assertTrue(outside.getMessage().contains("outside test-data/"), outside.getMessage());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(dev.dl4jlessons.runtime.InputException.class,
                () -> NotebookGenerator.dataFiles(root, "ProjectFiles.testData(\"no-such\")"));
        assertTrue(missing.getMessage().contains("test-data/no-such, which is missing"), missing.getMessage());
    }

    /** The key of a run given as [purpose, arguments...]; the arguments that are lessons are its lessons. */
    private static String key(RunCache cache, List<String> run) {
        var args = run.subList(1, run.size());
        var lessons = args.stream().filter(a -> LessonCatalog.find(a).isPresent()).toList();
        boolean named = !args.isEmpty() && lessons.contains(args.get(0));
        return cache.key(run.get(0), args, run.get(0).equals(RunCache.PICTURES) || !named ? null : lessons);
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
