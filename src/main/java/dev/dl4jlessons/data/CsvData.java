package dev.dl4jlessons.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.LineNumberReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.datavec.api.records.reader.impl.csv.SerializableCSVParser;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.Memory;

/**
 * Loads a numeric CSV (features plus one target column), split into cells by DataVec's CSV parser (the one
 * {@code CSVRecordReader} uses), checking every cell so that a bad file gets one clear line naming the file, line and
 * column. It streams the file into a float array rather than going through {@code RecordReaderDataSetIterator},
 * which holds every cell of the file as a {@code Writable} object at once (a 50 MB CSV needs several GB that way).
 *
 * <p>Accepted as a spreadsheet would export it: an optional header row, a UTF-8 byte-order mark, Windows or old Mac
 * line endings, quoted numbers and trailing blank lines. Rejected: binary or non-UTF-8 content, an empty file, a
 * header without rows, a first row that mixes numbers and text, ragged rows, non-numeric cells, NaN, infinite or
 * beyond-float32 values, the wrong column count, a target column outside the row, special files (devices, pipes) and
 * a file whose values would not fit in the heap.
 */
public final class CsvData {
    /** Largest file read, so a mistaken path to a huge file fails fast instead of exhausting memory. */
    static final long MAX_BYTES = 256L * 1024 * 1024;
    /** Longest line read: a row of numbers is short, and a line is held whole while it is split. */
    static final int MAX_LINE = 16 * 1024 * 1024;

    private CsvData() {
    }

    /**
     * What the caller expects of the file.
     *
     * @param features     number of feature columns, or -1 for any
     * @param targetColumn 0-based column holding the target, or -1 for the last column
     * @param classes      0 for a regression target; otherwise the target is a class index in 0..classes-1 and is
     *                     one-hot encoded
     */
    public record Spec(int features, int targetColumn, int classes) {
        /** Regression with {@code features} feature columns and the target last. */
        public static Spec regression(int features) {
            return new Spec(features, -1, 0);
        }
    }

    /** The loaded rows and the header, if the file had one. */
    public record Table(DataSet data, List<String> header) {
        /** Number of rows. */
        public int rows() {
            return data.numExamples();
        }
    }
    /**
     * Loads {@code file} as float32 features and targets. The file is read line by line, so memory grows with the
     * values kept (4 bytes each) rather than with the text, and that growth is checked against the heap.
     *
     * @throws InputException naming the file, and the line and column where that applies
     */
    public static Table load(Path file, Spec spec) {
        requireRegularFile(file);
        var parser = new SerializableCSVParser(',', '"');
        List<String> header = List.of();
        int columns = -1;
        int target = -1;
        int rows = 0;
        int blankSince = 0;
        var values = new FloatList(file);
        try (var reader = new LineNumberReader(new BoundedReader(file, Files.newInputStream(file)))) {
            String line;
            while ((line = reader.readLine()) != null) {
                int number = reader.getLineNumber();
                if (number == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                if (line.isBlank()) {
                    blankSince = blankSince == 0 ? number : blankSince;
                    continue;
                }
                if (blankSince > 0) {
                    throw fail(file, "line " + blankSince + " is blank, but rows follow it");
                }
                List<String> cells = cells(file, number, parser, line);
                if (columns < 0) {
                    columns = cells.size();
                    target = checkShape(file, spec, cells);
                    if (isHeader(file, cells)) {
                        header = cells.stream().map(String::strip).toList();
                        continue;
                    }
                }
                checkRow(file, number, cells, columns, target, spec.classes());
                for (int c = 0; c < columns; c++) {
                    values.add((float) Double.parseDouble(cells.get(c).strip()));
                }
                rows++;
            }
        } catch (IOException e) {
            throw new InputException(Messages.path(file) + ": could not be read: " + Messages.reason(e), e);
        }
        if (columns < 0) {
            throw fail(file, "is empty; expected rows of numbers separated by commas");
        }
        if (rows == 0) {
            throw fail(file, "has a header row but no data rows");
        }
        var data = dataSet(values.array(), rows, columns, target, spec.classes());
        if (spec.classes() <= 0 && rows >= 2) {
            requireVaryingTarget(file, data, target);
        }
        return new Table(data, header);
    }

    /** Checks the first row's column count against the spec; returns the 0-based target column. */
    private static int checkShape(Path file, Spec spec, List<String> cells) {
        int columns = cells.size();
        int target = spec.targetColumn() < 0 ? columns - 1 : spec.targetColumn();
        if (target >= columns) {
            throw fail(file, "target column " + (target + 1) + " is out of range; the rows have columns 1.."
                    + columns);
        }
        int expected = spec.features() < 0 ? -1 : spec.features() + 1;
        if (expected > 0 && columns != expected) {
            throw fail(file, "line 1 has " + columns + " column" + (columns == 1 ? "" : "s") + "; expected "
                    + expected + " (" + spec.features() + " features and 1 target)" + layoutHint(cells, expected));
        }
        if (columns < 2) {
            throw fail(file, "line 1 has " + columns + " column; expected features and a target column"
                    + separatorHint(cells));
        }
        return target;
    }

    /**
     * Why the first line has the wrong number of cells, when the cause is a spreadsheet's regional format: cells that
     * did not split at commas at all ({@link #separatorHint}), cells joined by {@code ;} with decimal commas between
     * them ({@code 0;5} after splitting {@code 1,0;5,2} at commas), or a line with more cells than expected, no decimal
     * point anywhere and whole numbers only, as numbers written with decimal commas split in two look.
     */
    static String layoutHint(List<String> cells, int expected) {
        String separator = separatorHint(cells);
        if (!separator.isEmpty()) {
            return separator;
        }
        String european = decimalCommaHint(cells);
        if (!european.isEmpty()) {
            return european;
        }
        boolean wholeNumbers = cells.stream().map(String::strip).allMatch(c -> c.matches("[+-]?\\d+"));
        if (cells.size() > expected && cells.size() <= 2 * expected && wholeNumbers) {
            return "; its numbers have no decimal points and the line splits into more cells than expected, as numbers "
                    + "written with decimal commas (1,5 for 1.5) do: write decimal points, or quote the cells";
        }
        return "";
    }

    /** For a first line that did not split at commas: what separates its cells instead, if it looks like a known one. */
    static String separatorHint(List<String> cells) {
        if (cells.size() != 1) {
            return "";
        }
        String line = cells.get(0);
        if (line.indexOf(';') >= 0) {
            return "; its cells are separated by ';', as in a European export with decimal commas: separate the cells "
                    + "with commas and write decimal points";
        }
        return line.indexOf('\t') >= 0 ? "; its cells are separated by tabs: the separator must be a comma"
                : "; the separator must be a comma";
    }

    /**
     * A first row is a header only when none of its cells is a number. A row that mixes numbers and text is a data
     * row with a typo ({@code 5.O}), and is refused rather than silently dropped as a header.
     */
    private static boolean isHeader(Path file, List<String> cells) {
        if (cells.stream().noneMatch(CsvData::isNumber)) {
            return true;
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).strip();
            if (!cell.isEmpty() && !isNumber(cell)) {
                throw fail(file, "line 1, column " + (c + 1) + ": '" + abbreviate(cell) + "' is not a number (line 1 "
                        + "mixes numbers and text, so it is neither a header nor a row of data)" + decimalCommaHint(cells));
            }
        }
        return false; // numbers and empty cells: checkRow names the first empty one
    }

    /** Features and targets from the row-major values; a class target becomes one-hot. */
    private static DataSet dataSet(float[] values, int rows, int columns, int target, int classes) {
        int features = columns - 1;
        int outputs = classes > 0 ? classes : 1;
        float[] x = new float[rows * features];
        float[] y = new float[rows * outputs];
        for (int r = 0; r < rows; r++) {
            int f = 0;
            for (int c = 0; c < columns; c++) {
                float v = values[r * columns + c];
                if (c != target) {
                    x[r * features + f++] = v;
                } else if (classes > 0) {
                    y[r * outputs + (int) v] = 1;
                } else {
                    y[r] = v;
                }
            }
        }
        return new DataSet(Nd4j.create(x, new long[] {rows, features}, 'c'),
                Nd4j.create(y, new long[] {rows, outputs}, 'c'));
    }

    private static void checkRow(Path file, int line, List<String> cells, int columns, int target, int classes) {
        if (cells.size() != columns) {
            throw fail(file, "line " + line + " has " + cells.size() + " column" + (cells.size() == 1 ? "" : "s")
                    + "; expected " + columns + " like line 1" + layoutHint(cells, columns));
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).strip();
            String where = "line " + line + ", column " + (c + 1) + ": ";
            if (!isNumber(cell)) {
                throw fail(file, where + (cell.isEmpty() ? "empty cell" : "'" + abbreviate(cell) + "' is not a number")
                        + decimalCommaHint(cells));
            }
            double value = Double.parseDouble(cell);
            if (cell.matches("[+-]?(NaN|Infinity)")) {
                throw fail(file, where + abbreviate(cell) + " is not allowed; every value must be a finite number");
            }
            if (Math.abs(value) > Float.MAX_VALUE) { // 1e39, and 1e999 which parses as Infinity
                throw fail(file, where + abbreviate(cell) + " is outside float32's range (±3.4e38), which the "
                        + "models compute in");
            }
            if (value != 0 && (float) value == 0) {
                throw fail(file, where + abbreviate(cell) + " is too small for float32, which the models compute in "
                        + "(it would become 0); write 0 if that is meant");
            }
            if (c == target && classes > 0 && (value != Math.rint(value) || value < 0 || value >= classes)) {
                throw fail(file, where + "class label " + abbreviate(cell) + " must be an integer in 0.."
                        + (classes - 1));
            }
        }
    }

    /** The cells of one line, split by DataVec's CSV parser (the one {@code CSVRecordReader} uses). */
    private static List<String> cells(Path file, int line, SerializableCSVParser parser, String text) {
        if (text.indexOf('\0') >= 0) {
            throw fail(file, "is not a text CSV file (binary data on line " + line + ")");
        }
        try {
            String[] cells = parser.parseLine(text);
            if (parser.isPending()) {
                throw fail(file, "line " + line + ": a quoted cell is not closed on the same line");
            }
            return Arrays.asList(cells);
        } catch (IOException e) {
            throw fail(file, "line " + line + ": " + e.getMessage());
        }
    }

    static boolean isNumber(String cell) {
        String s = cell.strip();
        if (s.isEmpty()) {
            return false;
        }
        try {
            Double.parseDouble(s);
            // Java also accepts "1d" and "0x1p3"; a CSV cell with those is not a plain number.
            char end = Character.toLowerCase(s.charAt(s.length() - 1));
            return end != 'd' && end != 'f' && !s.toLowerCase(Locale.ROOT).contains("x");
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static void requireRegularFile(Path file) {
        if (file.toString().isBlank()) {
            throw new InputException("\"" + file + "\": an empty file name; expected a CSV file");
        }
        if (!Files.exists(file)) {
            throw fail(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw fail(file, "is a directory, not a CSV file");
        }
        if (!Files.isRegularFile(file)) {
            throw fail(file, "is not a regular file (a device or a pipe); expected a CSV file");
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw fail(file, "is larger than " + (MAX_BYTES >> 20) + " MB; is it really a CSV of numbers?");
            }
            // a binary file is named as such before its bytes fail as UTF-8; a later NUL is caught per line
            byte[] head;
            try (InputStream in = Files.newInputStream(file)) {
                head = in.readNBytes(8192);
            }
            if (head.length >= 2 && (((head[0] & 0xff) == 0xff && (head[1] & 0xff) == 0xfe)
                    || ((head[0] & 0xff) == 0xfe && (head[1] & 0xff) == 0xff)
                    || (head.length >= 4 && (head[0] == 0) != (head[1] == 0) && (head[2] == 0) != (head[3] == 0)))) {
                throw fail(file, "is UTF-16 text (a byte-order mark or every other byte zero); save it as UTF-8, "
                        + "e.g. iconv -f UTF-16 -t UTF-8");
            }
            for (int i = 0; i < head.length; i++) {
                if (head[i] == 0) {
                    throw fail(file, "is not a text CSV file (binary data at byte " + i + ")");
                }
            }
        } catch (IOException e) {
            throw new InputException(Messages.path(file) + ": could not be read: " + Messages.reason(e), e);
        }
    }

    /**
     * Strict UTF-8 text of at most {@link #MAX_BYTES} characters, so a file that grows while it is read, or one
     * under /proc that reports size 0, is still bounded.
     */
    private static final class BoundedReader extends Reader {
        private final Path file;
        private final Reader in;
        private long read;
        private long line = 1;
        private long lineLength;

        BoundedReader(Path file, InputStream stream) {
            this.file = file;
            this.in = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT));
        }

        @Override
        public int read(char[] buf, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(buf, off, len);
            } catch (CharacterCodingException e) {
                throw fail(file, "is not a UTF-8 text CSV file");
            }
            read += Math.max(n, 0);
            if (read > MAX_BYTES) {
                throw fail(file, "is larger than " + (MAX_BYTES >> 20) + " MB; is it really a CSV of numbers?");
            }
            // one line is held as a String whole, so its length is bounded too
            for (int i = off; i < off + n; i++) {
                if (buf[i] == '\n' || buf[i] == '\r') {
                    line += buf[i] == '\n' ? 1 : 0;
                    lineLength = 0;
                } else if (++lineLength > MAX_LINE) {
                    throw fail(file, "line " + line + " is longer than " + (MAX_LINE >> 20) + " million characters; "
                            + "is it really a CSV of numbers?");
                }
            }
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** A growing float array whose every growth is checked against the heap before it is made. */
    private static final class FloatList {
        private final Path file;
        private float[] values = new float[1024];
        private int size;

        FloatList(Path file) {
            this.file = file;
        }

        void add(float v) {
            if (size == values.length) {
                long grown = Math.min((long) values.length * 2, Integer.MAX_VALUE - 8);
                if (grown <= size) {
                    throw fail(file, "has more than " + size + " values; too many for one Java array");
                }
                // the grown copy beside the old array, then the features and targets split from it
                Memory.requireFits(file, grown * Float.BYTES * 3);
                values = Arrays.copyOf(values, (int) grown);
            }
            values[size++] = v;
        }

        float[] array() {
            return values;
        }
    }

    /**
     * A hint for a European export, where {@code ;} separates the cells and {@code ,} is the decimal mark: split at
     * commas, its cells look like {@code 5;2}.
     */
    static String decimalCommaHint(List<String> cells) {
        if (cells.stream().anyMatch(c -> c.matches("\\s*[+-]?\\d*;\\s*[+-]?\\d.*"))) {
            return "; the file looks like it uses decimal commas with ';' between cells: write decimal points and "
                    + "separate the cells with commas";
        }
        if (cells.stream().anyMatch(c -> c.strip().matches("[+-]?\\d+,\\d+"))) {
            return "; its numbers are written with decimal commas (quoted, like \"1,5\"): write decimal points (1.5)";
        }
        return "";
    }

    /**
     * Refuses a regression target that is (nearly) constant: standardized, it divides by a standard deviation near
     * 0, so every loss would print 0.000 and mean nothing.
     */
    static void requireVaryingTarget(Path file, DataSet data, int targetColumn) {
        var y = data.getLabels();
        double mean = y.meanNumber().doubleValue();
        double std = y.stdNumber().doubleValue();
        if (!(std > 1e-6 * Math.max(1, Math.abs(mean)))) {
            throw fail(file, String.format(Locale.ROOT, "the target (column %d) is nearly constant (mean %.6g, "
                    + "standard deviation %.3g); there is nothing to predict, and its standardized losses would all "
                    + "read 0", targetColumn + 1, mean, std));
        }
    }

    private static String abbreviate(String cell) {
        return cell.length() <= 20 ? cell : cell.substring(0, 17) + "...";
    }

    private static InputException fail(Path file, String problem) {
        return new InputException(Messages.path(file) + ": " + problem);
    }
}
