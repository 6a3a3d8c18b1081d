package dev.dl4jlessons.data;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.datavec.api.records.reader.impl.csv.CSVRecordReader;
import org.datavec.api.split.InputStreamInputSplit;
import org.datavec.api.writable.Writable;
import org.deeplearning4j.datasets.datavec.RecordReaderDataSetIterator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.runtime.InputException;

/**
 * Loads a numeric CSV (features plus one target column) through DataVec's {@code CSVRecordReader} and
 * {@code RecordReaderDataSetIterator}, after checking every cell so that a bad file gets one clear line naming the
 * file, line and column.
 *
 * <p>Accepted as a spreadsheet would export it: an optional header row, a UTF-8 byte-order mark, Windows or old Mac
 * line endings, quoted numbers and trailing blank lines. Rejected: binary or non-UTF-8 content, an empty file, a
 * header without rows, ragged rows, non-numeric cells, NaN or infinite values, the wrong column count and a target
 * column outside the row.
 */
public final class CsvData {
    /** Largest file read, so a mistaken path to a huge file fails fast instead of exhausting memory. */
    static final long MAX_BYTES = 256L * 1024 * 1024;

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
     * Loads {@code file} as float32 features and targets.
     *
     * @throws InputException naming the file, and the line and column where that applies
     */
    public static Table load(Path file, Spec spec) {
        String text = readText(file);
        List<String> lines = text.lines().toList();
        int last = lines.size();
        while (last > 0 && lines.get(last - 1).isBlank()) {
            last--;
        }
        if (last == 0) {
            throw fail(file, "is empty; expected rows of numbers separated by commas");
        }
        String body = String.join("\n", lines.subList(0, last));

        List<List<Writable>> records = parse(file, body);
        List<String> first = strings(records.get(0));
        boolean hasHeader = first.stream().anyMatch(cell -> !isNumber(cell));
        int columns = first.size();
        if (hasHeader && records.size() == 1) {
            throw fail(file, "has a header row but no data rows");
        }
        int target = spec.targetColumn() < 0 ? columns - 1 : spec.targetColumn();
        if (target >= columns) {
            throw fail(file, "target column " + (target + 1) + " is out of range; the rows have columns 1.."
                    + columns);
        }
        int expected = spec.features() < 0 ? -1 : spec.features() + 1;
        if (expected > 0 && columns != expected) {
            throw fail(file, "line 1 has " + columns + " columns; expected " + expected + " (" + spec.features()
                    + " features and 1 target)");
        }
        if (columns < 2) {
            throw fail(file, "line 1 has " + columns + " column; expected features and a target column");
        }
        for (int r = hasHeader ? 1 : 0; r < records.size(); r++) {
            checkRow(file, r + 1, strings(records.get(r)), columns, target, spec.classes());
        }

        int skip = hasHeader ? 1 : 0;
        int rows = records.size() - skip;
        var reader = new CSVRecordReader(skip, ',', '"');
        try {
            reader.initialize(new InputStreamInputSplit(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | InterruptedException e) {
            throw new InputException(file + ": could not be read: " + e.getMessage(), e);
        }
        var iterator = spec.classes() > 0
                ? new RecordReaderDataSetIterator(reader, rows, target, spec.classes())
                : new RecordReaderDataSetIterator(reader, rows, target, target, true);
        DataSet all = iterator.next();
        var data = new DataSet(all.getFeatures().castTo(DataType.FLOAT), all.getLabels().castTo(DataType.FLOAT));
        return new Table(data, hasHeader ? first : List.of());
    }

    private static void checkRow(Path file, int line, List<String> cells, int columns, int target, int classes) {
        if (cells.size() != columns) {
            throw fail(file, "line " + line + " has " + cells.size() + " column" + (cells.size() == 1 ? "" : "s")
                    + "; expected " + columns + " like line 1");
        }
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c).strip();
            String where = "line " + line + ", column " + (c + 1) + ": ";
            if (!isNumber(cell)) {
                throw fail(file, where + (cell.isEmpty() ? "empty cell" : "'" + abbreviate(cell) + "' is not a number"));
            }
            double value = Double.parseDouble(cell);
            if (!Double.isFinite(value)) {
                throw fail(file, where + cell + " is not allowed; every value must be a finite number");
            }
            if (c == target && classes > 0 && (value != Math.rint(value) || value < 0 || value >= classes)) {
                throw fail(file, where + "class label " + cell + " must be an integer in 0.." + (classes - 1));
            }
        }
    }

    private static List<List<Writable>> parse(Path file, String body) {
        var reader = new CSVRecordReader(0, ',', '"');
        try {
            reader.initialize(new InputStreamInputSplit(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        } catch (IOException | InterruptedException e) {
            throw new InputException(file + ": could not be read: " + e.getMessage(), e);
        }
        var records = new ArrayList<List<Writable>>();
        while (reader.hasNext()) {
            try {
                records.add(reader.next());
            } catch (RuntimeException e) {
                // DataVec wraps its parse errors (an unterminated quote, say) in a RuntimeException
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                throw fail(file, "line " + (records.size() + 1) + ": " + cause.getMessage());
            }
        }
        return records;
    }

    private static List<String> strings(List<Writable> record) {
        return record.stream().map(Writable::toString).toList();
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

    private static String readText(Path file) {
        if (!Files.exists(file)) {
            throw fail(file, "no such file");
        }
        if (Files.isDirectory(file)) {
            throw fail(file, "is a directory, not a CSV file");
        }
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw fail(file, "is larger than " + (MAX_BYTES >> 20) + " MB; is it really a CSV of numbers?");
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new InputException(file + ": could not be read: " + e.getMessage(), e);
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == 0) {
                throw fail(file, "is not a text CSV file (binary data at byte " + i + ")");
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw fail(file, "is not a UTF-8 text CSV file");
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static String abbreviate(String cell) {
        return cell.length() <= 20 ? cell : cell.substring(0, 17) + "...";
    }

    private static InputException fail(Path file, String problem) {
        return new InputException(file + ": " + problem);
    }
}
