package dev.dl4jlessons.runtime;

import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Refuses, up front and with one line, an input that would not fit in the heap this JVM runs with, instead of
 * letting it end in an {@link OutOfMemoryError} halfway through reading.
 */
public final class Memory {
    private Memory() {
    }

    /** Heap bytes this JVM can still allocate: its maximum ({@code -Xmx}) less what is in use now. */
    public static long available() {
        Runtime rt = Runtime.getRuntime();
        return rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    }

    /**
     * Checks that reading {@code file} into about {@code bytes} bytes leaves room to train; the course keeps a
     * quarter of the free heap for everything else.
     *
     * @throws InputException naming the file, the size needed and the heap available
     */
    public static void requireFits(Path file, long bytes) {
        requireFits(file, bytes, Memory::available, System::gc);
    }

    /**
     * {@link #requireFits(Path, long)} with the heap's free bytes from {@code available}: what is in use may be garbage
     * not yet collected, so before refusing it asks for a collection ({@code collect}) and measures again.
     */
    static void requireFits(Path file, long bytes, LongSupplier available, Runnable collect) {
        long budget = available.getAsLong() / 4 * 3;
        if (bytes > budget) {
            collect.run();
            budget = available.getAsLong() / 4 * 3;
        }
        if (bytes > budget) {
            throw new InputException(String.format(Locale.ROOT, "%s: reading it needs about %d MB, more than the %d MB "
                    + "this JVM's heap has free (maximum %d MB; raise it with -Xmx)", file, bytes >> 20,
                    budget >> 20, Runtime.getRuntime().maxMemory() >> 20));
        }
    }
}
