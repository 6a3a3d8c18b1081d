package dev.dl4jlessons.exercises;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Arrays as the checks print and compare them: shape, then values at 4 decimals, in {@code Locale.ROOT}. */
public final class Show {
    private Show() {
    }

    /** The shape, e.g. {@code [2, 4]}. */
    public static String shape(INDArray a) {
        return Arrays.toString(a.shape());
    }

    /** Shape and values, e.g. {@code [2, 2] [[1.0000, 0.0000], [2.5000, 3.0000]]}. */
    public static String array(INDArray a) {
        if (a == null) {
            return "null";
        }
        INDArray d = a.castTo(DataType.DOUBLE);
        String values;
        if (d.rank() <= 1) {
            values = row(d.reshape(d.length()));
        } else if (d.rank() == 2) {
            var rows = new StringBuilder("[");
            for (int r = 0; r < d.rows(); r++) {
                rows.append(r == 0 ? "" : ", ").append(row(d.getRow(r)));
            }
            values = rows.append(']').toString();
        } else {
            values = row(d.reshape(d.length()));
        }
        return shape(a) + (a.dataType() == DataType.DOUBLE ? "" : " " + a.dataType()) + " " + values;
    }

    private static String row(INDArray r) {
        return Arrays.stream(r.toDoubleVector()).mapToObj(Show::number).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A number at 4 decimals. */
    public static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Whether the shapes agree, a row vector {@code [1, n]} counting as {@code [n]}. */
    public static boolean sameShape(INDArray a, INDArray b) {
        return Arrays.equals(squeeze(a.shape()), squeeze(b.shape()));
    }

    private static long[] squeeze(long[] shape) {
        return shape.length == 2 && shape[0] == 1 ? new long[] {shape[1]} : shape;
    }

    /** Same shape and every element within {@code tolerance} times the largest expected magnitude (at least 1). */
    public static boolean close(INDArray expected, INDArray got, double tolerance) {
        if (got == null || !sameShape(expected, got)) {
            return false;
        }
        double[] e = expected.castTo(DataType.DOUBLE).reshape(expected.length()).toDoubleVector();
        double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
        double scale = 1;
        for (double v : e) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < e.length; i++) {
            if (!(Math.abs(e[i] - g[i]) <= tolerance * scale)) {
                return false;
            }
        }
        return true;
    }
}
