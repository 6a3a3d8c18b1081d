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

/** What a spreadsheet export and a student's typos get: a run, or one clear line and the right exit code. */
class ReliabilityTest {

    private static List<String> epochLines(Run run) {
        return run.out().lines().filter(l -> l.startsWith("Epoch")).toList();
    }

    private static String cleanCsv() throws IOException {
        return Files.readString(TestData.file("random-100x10.csv"));
    }

    static Stream<Arguments> spreadsheetExports() throws IOException {
        String clean = cleanCsv();
        String body = clean.substring(clean.indexOf('\n') + 1);
        String quoted = clean.lines().map(l -> l.contains("x1") ? l
                : String.join(",", java.util.Arrays.stream(l.split(",")).map(c -> "\"" + c + "\"").toList()))
                .reduce((a, b) -> a + "\n" + b).orElseThrow() + "\n";
        return Stream.of(
                Arguments.of("with header", clean),
                Arguments.of("without header", body),
                Arguments.of("UTF-8 BOM", "\uFEFF" + clean),
                Arguments.of("Windows line endings", clean.replace("\n", "\r\n")),
                Arguments.of("quoted numbers", quoted),
                Arguments.of("trailing blank lines", clean + "\n\n  \n"),
                Arguments.of("all of them", "\uFEFF" + quoted.replace("\n", "\r\n") + "\r\n\r\n"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("spreadsheetExports")
    void spreadsheetExportsLoadAsTheSameData(String name, String content, @TempDir Path dir) throws IOException {
        Path file = dir.resolve("export.csv");
        Files.writeString(file, content, StandardCharsets.UTF_8);
        var run = Run.course("dropout", "--epochs", "2", "--data", file.toString());
        assertEquals(0, run.exitCode(), run.err());
        var reference = Run.course("dropout", "--epochs", "2", "--data", TestData.file("random-100x10.csv").toString());
        assertEquals(epochLines(reference), epochLines(run), "the same numbers as the clean file");
    }

    static Stream<Arguments> rejectedFiles() {
        String row = "1,2,3,4,5,6,7,8,9,10,11\n";
        return Stream.of(
                Arguments.of("empty", new byte[0], "is empty"),
                Arguments.of("only a header", "a,b,c,d,e,f,g,h,i,j,y\n".getBytes(), "has a header row but no data rows"),
                Arguments.of("ragged row", (row + "1,2,3\n").getBytes(), "line 2 has 3 columns; expected 11 like line 1"),
                Arguments.of("non-numeric cell", (row + "1,2,3,4,5,6,7,eight,9,10,11\n").getBytes(),
                        "line 2, column 8: 'eight' is not a number"),
                Arguments.of("empty cell", (row + "1,2,3,4,5,,7,8,9,10,11\n").getBytes(), "line 2, column 6: empty cell"),
                Arguments.of("NaN", (row + "1,2,3,4,5,6,7,8,9,10,NaN\n").getBytes(), "line 2, column 11: NaN is not allowed"),
                Arguments.of("Inf", (row + "1,2,3,-Infinity,5,6,7,8,9,10,1\n").getBytes(),
                        "line 2, column 4: -Infinity is not allowed"),
                Arguments.of("wrong column count", "1,2,3,4,5\n6,7,8,9,10\n".getBytes(),
                        "line 1 has 5 columns; expected 11 (10 features and 1 target)"),
                Arguments.of("binary garbage", new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 1, 2, 3}, "is not a text CSV file"),
                Arguments.of("not UTF-8", new byte[] {'1', ',', (byte) 0xff, (byte) 0xfe, '\n'}, "is not a UTF-8 text CSV file"),
                Arguments.of("typo in the first row", ("1,2,3,4,5.O,6,7,8,9,10,11\n" + row).getBytes(),
                        "line 1, column 5: '5.O' is not a number (line 1 mixes numbers and text"),
                Arguments.of("beyond float32", (row + "1,2,1e39,4,5,6,7,8,9,10,11\n").getBytes(),
                        "line 2, column 3: 1e39 is outside float32's range"),
                Arguments.of("beyond double", (row + "1,2,3,4,5,6,7,8,9,10,-1e999\n").getBytes(),
                        "line 2, column 11: -1e999 is outside float32's range"),
                Arguments.of("five million digits", (row + "1,2,3,4,5,6,7,8,9,10," + "9".repeat(5_000_000) + "\n")
                        .getBytes(), "line 2, column 11: 99999999999999999... is outside float32's range"),
                Arguments.of("below float32", (row + "1,2,3,1e-60,5,6,7,8,9,10,11\n").getBytes(),
                        "line 2, column 4: 1e-60 is too small for float32"),
                Arguments.of("semicolons", "1;2;3;4;5;6;7;8;9;10;11\n".getBytes(),
                        "line 1 has 1 column; expected 11 (10 features and 1 target); its cells are separated by ';', as in "
                        + "a European export with decimal commas: separate the cells with commas and write decimal "
                        + "points"),
                Arguments.of("one enormous line", (row + "1".repeat(17_000_000)).getBytes(),
                        "line 2 is longer than 16 million characters"),
                Arguments.of("blank line between rows", (row + "\n" + row).getBytes(),
                        "line 2 is blank, but rows follow it"),
                Arguments.of("NUL after the first 8 KB", (row.repeat(800) + "1,2\0").getBytes(),
                        "is not a text CSV file (binary data on line 801)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedFiles")
    void malformedCsvIsRejectedWithFileAndLine(String name, byte[] content, String problem, @TempDir Path dir)
            throws IOException {
        Path file = dir.resolve("bad file.csv");
        Files.write(file, content);
        var run = Run.course("--data", file.toString());
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().startsWith("error: " + file + ": " + problem), run.err());
        assertEquals(1, run.err().lines().count(), "one line, no stack trace");
        assertTrue(run.err().length() < 400, "a long cell is echoed abbreviated");
        assertFalse(run.err().contains("Exception"));
    }

    @Test
    void targetColumnIsChosenAndCheckedAgainstTheFile() {
        String data = TestData.file("random-100x10.csv").toString();
        var outOfRange = Run.course("--data", data, "--target-column", "12");
        assertEquals(2, outOfRange.exitCode());
        assertTrue(outOfRange.err().startsWith("error: " + data + ": target column 12 is out of range; the rows "
                + "have columns 1..11"), outOfRange.err());
        assertEquals(2, Run.course("--target-column", "3").exitCode(), "needs --data");
        assertEquals(2, Run.course("--data", data, "--target-column", "0").exitCode());
        var first = Run.course("dropout", "--epochs", "1", "--data", data, "--target-column", "1");
        var last = Run.course("dropout", "--epochs", "1", "--data", data, "--target-column", "11");
        assertEquals(0, first.exitCode(), first.err());
        assertFalse(epochLines(first).equals(epochLines(last)), "another target, another run");
    }

    @Test
    void aLearningRateThatOverflowsStopsWithExitCodeOne() {
        var run = Run.course("dropout", "--lr", "1e30");
        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().matches("error: dropout: the loss became (NaN|Infinity) at epoch 1, step \\d+; "
                + "training stopped\\. .*--lr\\)\\.\\s*"), run.err());
        assertTrue(run.out().lines().noneMatch(l -> l.contains("NaN")), "no wall of NaN");
    }

    @Test
    void anExplodingLossWarnsOnceAndKeepsTraining() {
        var run = Run.course("dropout", "--lr", "1e3");
        assertEquals(0, run.exitCode(), run.err());
        var warnings = run.out().lines().filter(l -> l.startsWith("warning: dropout: the loss grew from")).toList();
        assertEquals(1, warnings.size(), run.out());
        assertTrue(warnings.get(0).contains("Try a smaller learning rate (--lr)."));
        assertEquals(5, run.epochLines(), "the history is kept");
    }
}
