package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.Run;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/**
 * Strict parsing of a lab CSV: a constant target is refused (its standardized losses would all read 0.000), a
 * German decimal-comma export and a UTF-16 file each get a hint naming the real problem.
 */
class CsvStrictTest {
    @TempDir
    Path tmp;

    private static String rows(int n, double target) {
        var b = new StringBuilder("a,b,y\n");
        for (int i = 0; i < n; i++) {
            b.append(String.format(Locale.ROOT, "%d,%d,%s%n", i, i * 2, target));
        }
        return b.toString();
    }

    private void refused(Path csv, String problem) {
        Path out = tmp.resolve("out");
        var run = Run.course("lab", "--data", csv.toString(), "--seeds", "1", "--epochs", "1", "--variants",
                "baseline", "--threads", "1", "--out", out.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + csv + ": "), run.err());
        assertTrue(run.err().contains(problem), run.err());
        assertTrue(!Files.exists(out.resolve("results.csv")), "nothing written");
    }

    @Test
    void aConstantTargetIsRefusedNamingTheFile() throws IOException {
        Path csv = tmp.resolve("flat.csv");
        Files.writeString(csv, rows(40, 3.25));
        refused(csv, "the target (column 3) is nearly constant (mean 3.25000, standard deviation 0");
    }

    @Test
    void aDecimalCommaExportGetsAHint() throws IOException {
        Path csv = tmp.resolve("de.csv");
        Files.writeString(csv, "1,5;2,25;3,0\n2,5;3,25;4,0\n");
        refused(csv, "looks like it uses decimal commas with ';' between cells");
        // A spreadsheet's export with a header row and a single decimal comma in no cell of it
        Path header = tmp.resolve("de-header.csv");
        Files.writeString(header, "x1;x2;y\n1,5;2,25;3,0\n2,5;3,25;4,0\n");
        refused(header, "line 1 has 1 column; expected features and a target column; its cells are separated by ';', "
                + "as in a European export with decimal commas: separate the cells with commas and write decimal "
                + "points");
        Path tabs = tmp.resolve("tabs.csv");
        Files.writeString(tabs, "x1\tx2\ty\n1.5\t2\t3\n");
        refused(tabs, "its cells are separated by tabs: the separator must be a comma");
    }

    /** A lesson's {@code --data} with a European export of its 11 columns: the column count alone misled. */
    private void refusedByLesson(Path csv, String problem) {
        var run = Run.course("dropout", "--data", csv.toString(), "--epochs", "1");
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + csv + ": "), run.err());
        assertTrue(run.err().contains(problem), run.err());
    }

    private static String europeanRow(int row) {
        var cells = new java.util.ArrayList<String>();
        for (int c = 0; c < 11; c++) {
            cells.add(String.format(Locale.GERMANY, "%.2f", row + c / 8.0));
        }
        return String.join(";", cells) + "\n";
    }

    @Test
    void anElevenColumnEuropeanExportGetsTheDecimalCommaHintNotJustACount() throws IOException {
        Path csv = tmp.resolve("export.csv");
        Files.writeString(csv, europeanRow(1) + europeanRow(2) + europeanRow(3));
        refusedByLesson(csv, "line 1 has 12 columns; expected 11 (10 features and 1 target); the file looks like it "
                + "uses decimal commas with ';' between cells: write decimal points and separate the cells with commas");
        // Commas between cells and decimal commas too: every number split in two, no ';' to go by.
        Path split = tmp.resolve("split.csv");
        Files.writeString(split, "0,5,1,5,2,5,3,5,4,5,5,5,6,5,7,5,8,5,9,5,1,0\n1,5,2,5,3,5,4,5,5,5,6,5,7,5,8,5,9,5,1,5,2,0\n");
        refusedByLesson(split, "numbers written with decimal commas (1,5 for 1.5) do: write decimal points");
        // Decimal commas inside quoted cells: the count is right, the numbers are not.
        Path quoted = tmp.resolve("quoted.csv");
        var b = new StringBuilder();
        for (int r = 0; r < 3; r++) {
            var cells = new java.util.ArrayList<String>();
            for (int c = 0; c < 11; c++) {
                cells.add("\"" + r + "," + c + "\"");
            }
            b.append(String.join(",", cells)).append('\n');
        }
        Files.writeString(quoted, b.toString());
        refusedByLesson(quoted, "its numbers are written with decimal commas (quoted, like \"1,5\"): write decimal points");
    }

    @Test
    void aUtf16FileGetsAHintAboutItsEncoding() throws IOException {
        Path bom = tmp.resolve("bom.csv");
        Files.write(bom, rows(10, 1).replace(",y\n", ",y\n0,0,2\n").getBytes(StandardCharsets.UTF_16));
        refused(bom, "is UTF-16 text");
        Path le = tmp.resolve("le.csv");
        Files.write(le, rows(10, 1).getBytes(StandardCharsets.UTF_16LE));
        refused(le, "is UTF-16 text");
    }

    /** A target varying by any visible amount loads; one whose spread vanishes against its level is refused. */
    @Property(tries = 50)
    void onlyANearlyConstantTargetIsRefused(@ForAll @DoubleRange(min = -1e6, max = 1e6) double level,
            @ForAll @IntRange(min = -9, max = 2) int spreadExponent) throws IOException {
        double spread = Math.pow(10, spreadExponent) * Math.max(1, Math.abs(level));
        Path csv = Files.createTempFile("target", ".csv");
        try {
            var b = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                b.append(String.format(Locale.ROOT, "%d,%.17g%n", i, level + (i % 2 == 0 ? spread : -spread)));
            }
            Files.writeString(csv, b);
            boolean refused;
            try {
                CsvData.load(csv, CsvData.Spec.regression(1));
                refused = false;
            } catch (InputException e) {
                assertTrue(e.getMessage().contains("nearly constant"), e.getMessage());
                refused = true;
            }
            if (spreadExponent >= -4) {
                assertTrue(!refused, "a spread of " + spread + " around " + level + " is data");
            }
            if (spreadExponent <= -8 && (float) (level + spread) == (float) (level - spread)) {
                assertTrue(refused, "a target float32 cannot tell apart is constant");
            }
        } finally {
            Files.delete(csv);
        }
    }
}
