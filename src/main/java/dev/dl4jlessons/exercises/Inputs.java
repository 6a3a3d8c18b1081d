package dev.dl4jlessons.exercises;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The checks' inputs: seeded random arrays at two decimals (so that a student can redo a case by hand from the
 * printed call), how a call prints them, and the guard that the caller's arrays come back as they went in.
 */
public final class Inputs {
    /** Hint: the student's code wrote into an array it was given. */
    public static final Hint WROTE_INPUT = Hint.of("your code changed an array it was given (the call line names "
            + "which): ND4J's operations ending in i (muli, divi, subiRowVector, ...), assign and putScalar write into "
            + "the array they are called on, and a view (getRow, reshape, ...) writes into its parent",
            "leave the inputs alone and return a new array: x.mul(mask) instead of x.muli(mask), or work on x.dup(); "
            + "lesson 1 shows the same aliasing in DL4J, where feedForward returns an array that dropout overwrote");
    /** Hint: the student's code returned its input array. */
    public static final Hint RETURNED_INPUT = Hint.of("your code returned the array it was given (or a view of it), "
            + "so the caller's input and your result are one array: writing into one changes the other",
            "return a new array: x.dup(), or an operation without the i (x.mul, x.div)");

    private Inputs() {
    }

    /** A [rows, cols] DOUBLE array of values in [lo, hi) at two decimals, none of them 0. */
    public static INDArray values(long seed, int rows, int cols, double lo, double hi) {
        var random = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                double d;
                do {
                    d = Math.round((lo + (hi - lo) * random.nextDouble()) * 100) / 100.0;
                } while (d == 0);
                row[j] = d;
            }
        }
        return Nd4j.create(v);
    }

    /** A [rows, cols] DOUBLE array of uniform draws in [0.01, 0.99] at two decimals. */
    public static INDArray draws(long seed, int rows, int cols) {
        var random = new Random(seed);
        double[][] v = new double[rows][cols];
        for (double[] row : v) {
            for (int j = 0; j < cols; j++) {
                row[j] = (1 + random.nextInt(99)) / 100.0;
            }
        }
        return Nd4j.create(v);
    }

    /** A [n] DOUBLE vector of values in [lo, hi) at two decimals, none 0. */
    public static INDArray vector(long seed, int n, double lo, double hi) {
        return values(seed, 1, n, lo, hi).reshape(n);
    }

    /** {@code name [shape] = values}, every value as it is (no rounding beyond ten digits). */
    public static String named(String name, INDArray a) {
        return name + " " + Arrays.toString(a.shape()) + " = " + values(a);
    }

    /** The values of {@code a}, nested by rows for a matrix. */
    public static String values(INDArray a) {
        INDArray d = a.castTo(DataType.DOUBLE);
        if (d.rank() == 2) {
            var rows = new ArrayList<String>();
            for (int r = 0; r < d.rows(); r++) {
                rows.add(row(d.getRow(r).toDoubleVector()));
            }
            return "[" + String.join(", ", rows) + "]";
        }
        return row(d.reshape(d.length()).toDoubleVector());
    }

    private static String row(double[] values) {
        return Arrays.stream(values).mapToObj(Inputs::number).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A number as typed: no trailing zeros, at most ten significant digits. */
    public static String number(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new BigDecimal(v).round(new MathContext(10)).stripTrailingZeros().toPlainString();
    }

    /** Copies of the caller's arrays, taken before a call, to compare with them after it. */
    public static Snapshot before(INDArray... arrays) {
        return new Snapshot(arrays);
    }

    /** The caller's arrays as they were before a call. */
    public static final class Snapshot {
        private final List<INDArray> given;
        private final List<INDArray> copies;

        Snapshot(INDArray... arrays) {
            given = List.of(arrays);
            copies = Arrays.stream(arrays).map(INDArray::dup).toList();
        }

        /**
         * Fails with {@link #WROTE_INPUT} when any array changed.
         *
         * @param names the arrays' names, in the order given to {@link #before}
         */
        public void requireUnchanged(String call, String... names) throws CheckFailure {
            for (int i = 0; i < given.size(); i++) {
                INDArray now = given.get(i);
                if (!Arrays.equals(now.shape(), copies.get(i).shape())
                        || !now.castTo(DataType.DOUBLE).equals(copies.get(i).castTo(DataType.DOUBLE))) {
                    String name = i < names.length ? names[i] : "input " + (i + 1);
                    throw new CheckFailure(call + " then " + name + " (the caller's array)",
                            "unchanged: " + Show.array(copies.get(i)), Show.array(now), WROTE_INPUT);
                }
            }
        }
    }

    /** Fails with {@link #RETURNED_INPUT} when {@code got} is one of {@code inputs} or shares its data. */
    public static void requireNew(String call, INDArray got, INDArray... inputs) throws CheckFailure {
        if (got == null) {
            return;
        }
        for (INDArray in : inputs) {
            if (got == in || got.data() == in.data() || got.isView() && got.data().originalDataBuffer() == in.data()
                    || got.data().address() == in.data().address()) {
                throw new CheckFailure(call, "a new array", "the input array itself", RETURNED_INPUT);
            }
        }
    }
}
