package dev.dl4jlessons.parity;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.stream.Collectors;

/** Writes .npy bytes field by field, so tests can build both valid files and every kind of malformed one. */
final class NpyFiles {
    private NpyFiles() {
    }

    /** numpy's header text for these fields, e.g. {@code {'descr': '<f4', 'fortran_order': False, 'shape': (3,), }}. */
    static String dict(String descr, boolean fortran, long... shape) {
        String dims = Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(", "));
        return "{'descr': '" + descr + "', 'fortran_order': " + (fortran ? "True" : "False") + ", 'shape': ("
                + dims + (shape.length == 1 ? "," : "") + "), }";
    }

    /** A whole file: magic, version, header length, the header padded as numpy pads it, then the data. */
    static byte[] file(int major, String dict, byte[] data) {
        byte[] text = dict.getBytes(major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        int prefix = major == 1 ? 10 : 12;
        int total = prefix + text.length + 1;
        int padded = (total + 63) / 64 * 64;
        var header = ByteBuffer.allocate(padded).order(ByteOrder.LITTLE_ENDIAN);
        header.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) major, 0});
        if (major == 1) {
            header.putShort((short) (padded - prefix));
        } else {
            header.putInt(padded - prefix);
        }
        header.put(text);
        while (header.position() < padded - 1) {
            header.put((byte) ' ');
        }
        header.put((byte) '\n');
        var out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** The values in C order, stored as {@code descr} in C or Fortran order. */
    static byte[] data(double[] cOrder, long[] shape, String descr, boolean fortran) {
        char kind = descr.charAt(1);
        int size = Integer.parseInt(descr.substring(2));
        var buf = ByteBuffer.allocate(cOrder.length * size)
                .order(descr.charAt(0) == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < cOrder.length; i++) {
            double v = cOrder[fortran ? cIndexOfFortran(i, shape) : i];
            switch (kind) {
                case 'f' -> {
                    if (size == 4) {
                        buf.putFloat((float) v);
                    } else {
                        buf.putDouble(v);
                    }
                }
                default -> {
                    switch (size) {
                        case 1 -> buf.put((byte) v);
                        case 2 -> buf.putShort((short) v);
                        case 4 -> buf.putInt((int) v);
                        default -> buf.putLong((long) v);
                    }
                }
            }
        }
        return buf.array();
    }

    /** The C-order index of the i-th element stored in Fortran order. */
    private static int cIndexOfFortran(int i, long[] shape) {
        long[] idx = new long[shape.length];
        long rest = i;
        for (int k = 0; k < shape.length; k++) {
            idx[k] = rest % shape[k];
            rest /= shape[k];
        }
        long pos = 0;
        for (int k = 0; k < shape.length; k++) {
            pos = pos * shape[k] + idx[k];
        }
        return (int) pos;
    }
}
