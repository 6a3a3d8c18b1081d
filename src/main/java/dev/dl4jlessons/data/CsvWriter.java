package dev.dl4jlessons.data;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.runtime.AtomicFiles;

/** Writes features and a single target column as a CSV with a header {@code x1,...,xN,y}. */
public final class CsvWriter {
    private CsvWriter() {
    }

    /** Writes {@code data} to {@code file} atomically, with float32 values printed exactly. */
    public static void write(Path file, DataSet data) {
        var x = data.getFeatures();
        var y = data.getLabels();
        int rows = (int) x.rows();
        int cols = (int) x.columns();
        var header = new ArrayList<String>();
        for (int j = 1; j <= cols; j++) {
            header.add("x" + j);
        }
        header.add("y");
        var sb = new StringBuilder(String.join(",", header)).append('\n');
        for (int i = 0; i < rows; i++) {
            List<String> cells = new ArrayList<>();
            for (int j = 0; j < cols; j++) {
                cells.add(Float.toString(x.getFloat(i, j)));
            }
            cells.add(Float.toString(y.getFloat(i, 0)));
            sb.append(String.join(",", cells)).append('\n');
        }
        AtomicFiles.writeString(file, sb.toString());
    }
}
