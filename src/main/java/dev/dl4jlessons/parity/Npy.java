package dev.dl4jlessons.parity;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.Memory;

/**
 * Reads NumPy {@code .npy} files wholly in Java (format: numpy.lib.format, versions 1.0, 2.0 and 3.0).
 *
 * <p>ND4J's own reader hands the file's bytes to native code, which crashes the JVM on an object or complex dtype
 * and aborts on a big-endian one. Here every header field and the file size are checked first, the data is decoded
 * with {@link ByteBuffer} in the file's byte order and memory layout, and ND4J only ever receives a Java array built
 * from it. Anything else is refused with one line naming the file and the problem.
 *
 * <p>Read: floating point ({@code f4}, {@code f8}, in either byte order; becomes float32 and must be finite and in
 * float32's range), integers ({@code i1..i8}, {@code u1..u4}, {@code b1}; become int64), C or Fortran order.
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** A larger header is not something numpy writes; refusing it bounds what we read before validation. */
    static final int MAX_HEADER = 1 << 16;
    /** Deepest array accepted; the references use at most 2. */
    static final int MAX_RANK = 8;

    private static final Pattern DICT = Pattern.compile(
            "\\{\\s*(?:'(descr|fortran_order|shape)'\\s*:\\s*('[^']*'|True|False|\\([^)]*\\))\\s*,?\\s*){3}\\}\\s*");
    private static final Pattern ENTRY = Pattern.compile(
            "'(descr|fortran_order|shape)'\\s*:\\s*('([^']*)'|True|False|\\(([^)]*)\\))");
    private static final Pattern DESCR = Pattern.compile("([<>|=]?)([fiub])(\\d+)");

    private Npy() {
    }

    /** A parsed header: element type, byte order, layout and shape, and where the data starts. */
    record Header(char kind, int itemSize, ByteOrder order, boolean fortran, long[] shape, int dataOffset) {
        long elements() {
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /**
     * Reads {@code file}: integers as an int64 array, floating point as float32.
     *
     * @throws InputException naming the file and what is wrong with it
     */
    public static INDArray read(Path file) {
        if (!Files.exists(file)) {
            throw fail(file, "missing");
        }
        if (!Files.isRegularFile(file)) {
            throw fail(file, "not a regular file (a directory, device or pipe); expected a .npy array");
        }
        try {
            long size = Files.size(file);
            Header header;
            try (InputStream in = Files.newInputStream(file)) {
                header = header(file, in.readNBytes((int) Math.min(size, MAX_HEADER + 12L)));
            }
            long expected;
            try {
                expected = Math.addExact(header.dataOffset(), Math.multiplyExact(header.elements(), header.itemSize()));
            } catch (ArithmeticException e) {
                throw fail(file, "shape " + Arrays.toString(header.shape()) + " is too large");
            }
            if (size < expected) {
                throw fail(file, "truncated: " + (size - header.dataOffset()) + " bytes of data, but shape "
                        + Arrays.toString(header.shape()) + " of " + descr(header) + " needs "
                        + (expected - header.dataOffset()));
            }
            if (size > expected) {
                throw fail(file, (size - expected) + " bytes after the end of the array (shape "
                        + Arrays.toString(header.shape()) + " of " + descr(header) + "); is the header's shape wrong?");
            }
            if (header.elements() == 0) {
                throw fail(file, "shape " + Arrays.toString(header.shape()) + " holds no values");
            }
            long dataBytes = expected - header.dataOffset();
            if (dataBytes > Integer.MAX_VALUE - 8) {
                throw fail(file, dataBytes + " bytes of data; more than the 2 GB a Java array holds");
            }
            // the file's bytes, then float32 or int64 values on the Java heap, then a copy off-heap in ND4J
            long outBytes = header.elements() * (header.kind() == 'f' ? Float.BYTES : Long.BYTES);
            Memory.requireFits(file, dataBytes + 2 * outBytes);
            ByteBuffer data;
            try (var channel = Files.newByteChannel(file)) {
                channel.position(header.dataOffset());
                data = ByteBuffer.allocate((int) dataBytes);
                while (data.hasRemaining() && channel.read(data) >= 0) {
                    // read until full; the size was checked above, so a short read means the file shrank meanwhile
                }
            }
            if (data.hasRemaining()) {
                throw fail(file, "changed while it was being read");
            }
            data.flip();
            data.order(header.order());
            return decode(file, header, data);
        } catch (IOException e) {
            throw new InputException(Messages.path(file) + ": could not be read: " + Messages.reason(e), e);
        }
    }

    /** Parses and validates the header from the first bytes of the file. */
    static Header header(Path file, byte[] head) {
        if (head.length < 10 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
            throw fail(file, "not a .npy file (it does not start with \\x93NUMPY)");
        }
        int major = head[6] & 0xff;
        int minor = head[7] & 0xff;
        if (major < 1 || major > 3 || minor != 0) {
            throw fail(file, ".npy format version " + major + "." + minor + " is not supported; expected 1.0, 2.0 or "
                    + "3.0");
        }
        int start = major == 1 ? 10 : 12;
        if (head.length < start) {
            throw fail(file, "truncated inside the header");
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long length = major == 1 ? b.getShort(8) & 0xffff : b.getInt(8) & 0xffffffffL;
        if (length > MAX_HEADER) {
            throw fail(file, "header of " + length + " bytes; numpy writes a few hundred at most");
        }
        if (start + length > head.length) {
            throw fail(file, "truncated inside the header (it declares " + length + " bytes)");
        }
        // version 3 allows UTF-8 in the header; 1 and 2 are Latin-1, which our pattern restricts to ASCII anyway
        String text = new String(head, start, (int) length,
                major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (text.matches("(?s).*'descr'\\s*:\\s*\\[.*")) {
            throw fail(file, "a structured dtype (a list of fields) is not supported; expected float (f4, f8) or "
                    + "integer values");
        }
        if (!DICT.matcher(text).matches()) {
            throw fail(file, "header is not numpy's dict of 'descr', 'fortran_order' and 'shape': "
                    + abbreviate(text.strip()));
        }
        String descr = null;
        Boolean fortran = null;
        String shape = null;
        Matcher m = ENTRY.matcher(text);
        while (m.find()) {
            switch (m.group(1)) {
                case "descr" -> descr = m.group(3);
                case "fortran_order" -> fortran = switch (m.group(2)) {
                    case "True" -> true;
                    case "False" -> false;
                    default -> throw fail(file, "fortran_order is " + abbreviate(m.group(2)) + "; expected True or False");
                };
                case "shape" -> shape = m.group(4);
                default -> throw new IllegalStateException(m.group(1));
            }
        }
        if (descr == null || fortran == null || shape == null) {
            throw fail(file, "header lacks " + (descr == null ? "a string 'descr'" : fortran == null
                    ? "'fortran_order'" : "a tuple 'shape'") + ": " + abbreviate(text.strip()));
        }
        Matcher d = DESCR.matcher(descr);
        if (!d.matches()) {
            throw fail(file, "dtype '" + abbreviate(descr) + "' is not supported; expected float (f4, f8) or "
                    + "integer (i1..i8, u1..u4, b1) values");
        }
        char kind = d.group(2).charAt(0);
        int size = Integer.parseInt(d.group(3).length() > 2 ? "99" : d.group(3));
        boolean supported = switch (kind) {
            case 'f' -> size == 4 || size == 8;
            case 'i' -> size == 1 || size == 2 || size == 4 || size == 8;
            case 'u' -> size == 1 || size == 2 || size == 4;
            case 'b' -> size == 1;
            default -> false;
        };
        if (!supported) {
            throw fail(file, "dtype '" + descr + "' is not supported; expected float (f4, f8) or integer "
                    + "(i1..i8, u1..u4, b1) values");
        }
        ByteOrder order = switch (d.group(1)) {
            case ">" -> ByteOrder.BIG_ENDIAN;
            case "<", "|" -> ByteOrder.LITTLE_ENDIAN;
            default -> ByteOrder.nativeOrder();
        };
        return new Header(kind, size, order, fortran, shape(file, shape), start + (int) length);
    }

    private static long[] shape(Path file, String tuple) {
        String body = tuple.strip();
        List<Long> dims = new ArrayList<>();
        if (!body.isEmpty()) {
            String[] parts = body.split(",", -1);
            for (int i = 0; i < parts.length; i++) {
                String p = parts[i].strip();
                if (p.isEmpty() && i == parts.length - 1 && i > 0) {
                    continue; // numpy writes (3,) for one dimension
                }
                if (!p.matches("\\d{1,18}L?")) {
                    throw fail(file, "shape (" + abbreviate(body) + ") is not a tuple of sizes");
                }
                dims.add(Long.parseLong(p.replace("L", "")));
            }
        }
        if (dims.size() > MAX_RANK) {
            throw fail(file, "shape has " + dims.size() + " dimensions; at most " + MAX_RANK + " are supported");
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    private static INDArray decode(Path file, Header h, ByteBuffer data) {
        int n = (int) h.elements();
        long[] shape = h.shape();
        if (h.kind() == 'f') {
            float[] values = new float[n];
            for (int i = 0; i < n; i++) {
                double v = h.itemSize() == 4 ? data.getFloat() : data.getDouble();
                if (!Double.isFinite(v)) {
                    throw fail(file, "value " + v + " at " + index(h, i) + "; every value must be finite");
                }
                if (Math.abs(v) > Float.MAX_VALUE) {
                    throw fail(file, "value " + v + " at " + index(h, i) + " is outside float32's range");
                }
                if (v != 0 && (float) v == 0) {
                    throw fail(file, "value " + v + " at " + index(h, i) + " is too small for float32 (it would "
                            + "become 0)");
                }
                values[position(h, i)] = (float) v;
            }
            return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.create(values, shape, 'c');
        }
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            long v = switch (h.itemSize()) {
                case 1 -> h.kind() == 'i' ? data.get() : data.get() & 0xffL;
                case 2 -> h.kind() == 'i' ? data.getShort() : data.getShort() & 0xffffL;
                case 4 -> h.kind() == 'i' ? data.getInt() : data.getInt() & 0xffffffffL;
                default -> data.getLong();
            };
            values[position(h, i)] = h.kind() == 'b' ? (v != 0 ? 1 : 0) : v;
        }
        return shape.length == 0 ? Nd4j.scalar(values[0]) : Nd4j.createFromArray(values).reshape('c', shape);
    }

    /** Where the i-th stored element goes in C (row-major) order. */
    private static int position(Header h, int i) {
        if (!h.fortran() || h.shape().length < 2) {
            return i;
        }
        // Fortran order stores the first index fastest
        long[] shape = h.shape();
        long rest = i;
        long pos = 0;
        long[] idx = new long[shape.length];
        for (int k = 0; k < shape.length; k++) {
            idx[k] = rest % shape[k];
            rest /= shape[k];
        }
        for (int k = 0; k < shape.length; k++) {
            pos = pos * shape[k] + idx[k];
        }
        return (int) pos;
    }

    /** The index, in the array's own shape, of the i-th element of the file. */
    private static String index(Header h, int i) {
        long[] shape = h.shape();
        long[] idx = new long[shape.length];
        long rest = h.fortran() ? i : position(h, i);
        if (h.fortran()) {
            for (int k = 0; k < shape.length; k++) {
                idx[k] = rest % shape[k];
                rest /= shape[k];
            }
        } else {
            for (int k = shape.length - 1; k >= 0; k--) {
                idx[k] = rest % shape[k];
                rest /= shape[k];
            }
        }
        return Arrays.toString(idx);
    }

    private static String descr(Header h) {
        return String.format(Locale.ROOT, "%s%c%d", h.order() == ByteOrder.BIG_ENDIAN ? ">" : "<", h.kind(),
                h.itemSize());
    }

    /** At most 60 characters of header text, control characters shown as '?', so the message stays one line. */
    private static String abbreviate(String s) {
        String shown = s.length() <= 60 ? s : s.substring(0, 57) + "...";
        return shown.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }

    private static InputException fail(Path file, String problem) {
        return new InputException(Messages.path(file) + ": " + problem);
    }
}
