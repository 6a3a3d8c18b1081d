package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/** The launcher as a student meets it: the default run, the listing, and every bad input. */
class CourseTest {

    @Test
    void defaultRunPrintsFifteenEpochLinesAndTheComparison() {
        var run = Run.course();
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(15, run.epochLines(), run.out());
        assertTrue(run.out().contains("there is nothing to learn"), "says plainly the targets are noise");
        assertTrue(run.out().contains("Epoch dropout            batchnorm          combined"), run.out());
        assertTrue(run.out().lines().anyMatch(l -> l.matches("5\\s+\\d\\.\\d{4} \\(\\d\\.\\d{4}\\).*")), run.out());
        assertEquals("", run.err(), "a clean console: no logs, no SLF4J warnings");
    }

    @Test
    void listShowsLessonsInSyllabusOrder() {
        var run = Run.course("--list");
        assertEquals(0, run.exitCode());
        var names = run.out().lines().map(l -> l.split("\\s+")[0]).toList();
        assertEquals(java.util.List.of("capacity", "dropout", "batchnorm", "combined"), names.subList(0, 4),
                "lesson 0 first, then the notebook's three parts");
    }

    /**
     * What a lesson that needs more than {@code --epochs 1} to be small is given: {@code fashion} reads the committed
     * sample, so the default run needs neither Debian's package nor more than a few seconds.
     */
    private static final java.util.Map<String, List<String>> SMOKE = java.util.Map.of("fashion", List.of(
            "--fashion-dir", TestData.file("fashion-mnist-sample").toString(), "--train-rows", "40", "--seeds", "1",
            "--batch-size", "20", "--full-epochs", "1", "--out", "target/fashion-smoke"));

    @org.junit.jupiter.api.TestFactory
    Stream<org.junit.jupiter.api.DynamicTest> everyLessonIsListedAndRunsInSmokeMode() {
        String listing = Run.course("--list").out();
        return dev.dl4jlessons.lessons.LessonCatalog.all().stream().map(lesson -> org.junit.jupiter.api.DynamicTest
                .dynamicTest(lesson.name(), () -> {
                    assertTrue(listing.lines().anyMatch(l -> l.startsWith(lesson.name() + " ")), listing);
                    var args = new java.util.ArrayList<>(List.of(lesson.name(), "--epochs", "1"));
                    args.addAll(SMOKE.getOrDefault(lesson.name(), List.of()));
                    var run = Run.course(args.toArray(String[]::new));
                    assertEquals(0, run.exitCode(), run.err());
                    assertEquals("", run.err());
                    assertFalse(run.out().isBlank());
                }));
    }

    @Test
    void helpDocumentsEveryOptionWithItsDefault() {
        var run = Run.course("--help");
        assertEquals(0, run.exitCode());
        for (String option : new String[] {"--list", "--seed", "--epochs", "--batch-size", "--lr", "--dropout",
            "--data", "--verbose"}) {
            assertTrue(run.out().contains(option), option);
        }
        assertTrue(run.out().contains("Default: 0.01."));
        assertTrue(run.out().contains("reference run through"), run.out());
        for (String line : run.out().lines().toList()) {
            assertTrue(line.length() <= 80, "fits 80 columns: " + line);
            assertFalse(line.matches(".*\\w\\.$") && line.endsWith("export."), "a file name split across lines: " + line);
        }
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "{0} --help")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lab", "parity", "bench", "notebook", "capacity", "fashion", "papers", "check", "kernel"})
    void everyCommandHasCleanHelp(String command) {
        var run = Run.course(command, "--help");
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: course " + command), run.out());
        assertTrue(run.out().contains(Course.STANDS_FOR), "says what 'course' means: " + run.out());
        assertEquals("", run.err(), "no picocli formatting warnings");
    }

    @Test
    void oneLessonWithCsvDataAndOptions() {
        var run = Run.course("combined", "--data", TestData.file("random-100x10.csv").toString(), "--epochs", "2",
                "--dropout", "0.3", "--batch-size", "20");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(2, run.epochLines());
        assertTrue(run.out().contains("Dropout(drop 0.3 = DL4J retain 0.7)"), run.out());
        assertTrue(run.out().startsWith("Overrides: epochs 2 (notebook 5), batch size 20 (notebook 10), drop "
                + "probability 0.3 (notebook: each lesson's own)."), "every override is printed first: " + run.out());
    }

    @Test
    void csvDataGivesTheSameRunAsTheGenerator() {
        var fromFile = Run.course("dropout", "--data", TestData.file("random-100x10.csv").toString(), "--epochs", "1");
        var generated = Run.course("dropout", "--epochs", "1");
        assertEquals(generated.out().lines().filter(l -> l.startsWith("Epoch")).toList(),
                fromFile.out().lines().filter(l -> l.startsWith("Epoch")).toList());
    }

    static Stream<Arguments> badInputs() {
        return Stream.of(
                Arguments.of(new String[] {"--epochs", "0"}, "error: --epochs 0: must be in 1..100000"),
                Arguments.of(new String[] {"--epochs", "many"}, "error: Invalid value for option '--epochs': 'many' is not an int"),
                Arguments.of(new String[] {"--batch-size", "0"}, "error: --batch-size 0: must be at least 1"),
                Arguments.of(new String[] {"--batch-size", "101"}, "error: --batch-size 101: must be in 1..100 (the data has 100 rows)"),
                Arguments.of(new String[] {"--lr", "0"}, "error: --lr 0.0: must be a finite number above 0"),
                Arguments.of(new String[] {"--lr", "-1"}, "error: --lr -1.0: must be a finite number above 0"),
                Arguments.of(new String[] {"--lr", "NaN"}, "error: --lr NaN: must be a finite number above 0"),
                Arguments.of(new String[] {"--dropout", "1"}, "error: --dropout 1.0: must be a drop probability in [0, 1)"),
                Arguments.of(new String[] {"--dropout", "-0.1"}, "error: --dropout -0.1: must be a drop probability in [0, 1)"),
                Arguments.of(new String[] {"dropuot"}, "error: unknown lesson 'dropuot'; did you mean 'dropout'?"),
                Arguments.of(new String[] {"batchnrom"}, "error: unknown lesson 'batchnrom'; did you mean 'batchnorm'?"),
                Arguments.of(new String[] {"nosuchlesson"}, "error: unknown lesson 'nosuchlesson' (--list shows them all)"),
                Arguments.of(new String[] {"--frobnicate"}, "error: Unknown option: '--frobnicate'"),
                Arguments.of(new String[] {"batchnorm", "--batch-size", "33"}, "error: --batch-size 33: with 100 rows, the last batch has 1 row"),
                Arguments.of(new String[] {"--data", "no/such/file.csv"}, "error: no/such/file.csv: no such file"));
    }

    @ParameterizedTest
    @MethodSource("badInputs")
    void badInputGetsOneLineAndExitCodeTwo(String[] args, String expected) {
        var run = Run.course(args);
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith(expected), run.err());
        assertEquals(1, run.err().lines().count(), "one line, no stack trace: " + run.err());
        assertEquals(0, run.epochLines(), "nothing trained");
    }

    static Stream<Arguments> badCsvFiles() {
        return Stream.of(
                Arguments.of("empty.csv", "", "is empty"),
                Arguments.of("header-only.csv", "a,b,c,d,e,f,g,h,i,j,y\n", "has a header row but no data rows"),
                Arguments.of("ragged.csv", "1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,5,6,7,8,9,10\n",
                        "line 2 has 10 columns; expected 11 like line 1"),
                Arguments.of("text.csv", "1,2,3,4,5,6,7,8,9,10,11\n1,2,3,four,5,6,7,8,9,10,11\n",
                        "line 2, column 4: 'four' is not a number"),
                Arguments.of("narrow.csv", "1,2,3\n4,5,6\n", "line 1 has 3 columns; expected 11 (10 features and 1 target)"),
                Arguments.of("nan.csv", "1,2,3,4,5,6,7,8,9,10,11\n1,2,3,4,NaN,6,7,8,9,10,11\n",
                        "line 2, column 5: NaN is not allowed"));
    }

    @ParameterizedTest
    @MethodSource("badCsvFiles")
    void badCsvNamesFileAndLine(String name, String content, String problem, @TempDir Path dir) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        var run = Run.course("--data", file.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("error: " + file + ": " + problem), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
    }

    @Test
    void verboseShowsTheStackTrace() {
        var run = Run.course("--data", "missing.csv", "--verbose");
        assertEquals(2, run.exitCode());
        assertTrue(run.err().lines().count() > 1);
        assertTrue(run.err().contains("\tat "), run.err());
        assertFalse(Run.course("--data", "missing.csv").err().contains("\tat "));
    }
}
