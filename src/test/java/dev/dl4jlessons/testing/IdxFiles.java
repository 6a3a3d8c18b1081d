package dev.dl4jlessons.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/** Writes IDX files (big-endian magic, dimensions, then unsigned bytes), gzip-compressed as Fashion-MNIST ships them. */
public final class IdxFiles {
    /** IDX magic of an unsigned-byte file with 3 dimensions. */
    public static final int IMAGES = 0x00000803;
    /** IDX magic of an unsigned-byte file with 1 dimension. */
    public static final int LABELS = 0x00000801;

    private IdxFiles() {
    }

    /** The raw (uncompressed) IDX bytes: {@code magic}, each of {@code dims} as a big-endian int, then {@code data}. */
    public static byte[] raw(int magic, int[] dims, byte[] data) {
        var header = ByteBuffer.allocate(4 + 4 * dims.length).putInt(magic);
        for (int d : dims) {
            header.putInt(d);
        }
        var out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        out.writeBytes(data);
        return out.toByteArray();
    }

    /** {@code bytes} gzip-compressed; Java's gzip header has no time stamp, so the same input gives the same bytes. */
    public static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes a gzip IDX images file of {@code count} 28×28 images. */
    public static void images(Path file, int count, byte[] pixels) {
        write(file, gzip(raw(IMAGES, new int[] {count, 28, 28}, pixels)));
    }

    /** Writes a gzip IDX labels file. */
    public static void labels(Path file, byte[] labels) {
        write(file, gzip(raw(LABELS, new int[] {labels.length}, labels)));
    }

    /** Writes {@code bytes} to {@code file}. */
    public static void write(Path file, byte[] bytes) {
        try {
            Files.write(file, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
