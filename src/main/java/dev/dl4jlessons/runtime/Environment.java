package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The machine's limits and ND4J's native-library cache, checked before ND4J loads: each problem is one line naming
 * its cause and its fix, instead of a trace of 60 lines ending in "ND4J is probably missing dependencies", an
 * {@link OutOfMemoryError} thrown from the uncaught-exception handler, or OpenBLAS failing to start its threads.
 *
 * <p>The limits were measured with {@code dropout --epochs 1} and a 4-seed {@code lab}: 256 open files suffice where
 * 128 fail inside JavaCPP's loader; an address space of 3.8 GB runs a 512 MB heap where 3.3 GB fails in OpenBLAS
 * ({@code pthread_create failed}) or at JVM start (the compressed class space alone reserves 1 GB).
 */
public final class Environment {
    /** Open files the course needs at least: JavaCPP's libraries, the class path's jars, the lab's threads. */
    static final long MIN_OPEN_FILES = 256;
    /** Address space the JVM, ND4J and OpenBLAS reserve besides the heap. */
    static final long ADDRESS_SPACE_BESIDES_HEAP = 3584L << 20;
    /** The smallest heap the course starts with. */
    static final long MIN_HEAP = 32L << 20;
    /** JavaCPP's property for its cache of native libraries (default {@code ~/.javacpp/cache}). */
    static final String CACHE_PROPERTY = "org.bytedeco.javacpp.cachedir";

    private static final byte[] ELF = {0x7f, 'E', 'L', 'F'};
    private static final Pattern SHARED_LIBRARY = Pattern.compile("lib.*\\.so(\\.\\d+)*");

    private Environment() {
    }

    /**
     * The first problem of this machine for a JVM whose heap is {@code heapBytes}, as one line, or empty. Reads the
     * process's limits from {@code /proc/self/limits} (nothing is checked where it is missing).
     */
    public static Optional<String> problem(long heapBytes) {
        if (heapBytes < MIN_HEAP) {
            return Optional.of(String.format(Locale.ROOT, "this JVM's heap is %d MB (-Xmx), less than the %d MB the "
                    + "course needs; leave -Xmx out (the course picks 512 MB) or give at least -Xmx%dm",
                    heapBytes >> 20, MIN_HEAP >> 20, MIN_HEAP >> 20));
        }
        String limits;
        try {
            limits = Files.readString(Path.of("/proc/self/limits"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        return limitProblem(limits, heapBytes);
    }

    /** The problem that the text of {@code /proc/self/limits} shows for a heap of {@code heapBytes}, or empty. */
    static Optional<String> limitProblem(String limits, long heapBytes) {
        OptionalLong files = softLimit(limits, "Max open files");
        if (files.isPresent() && files.getAsLong() < MIN_OPEN_FILES) {
            return Optional.of(String.format(Locale.ROOT, "the open-file limit is %d, less than the %d the course "
                    + "needs to load ND4J's native libraries; raise it with 'ulimit -n 4096' and run again",
                    files.getAsLong(), MIN_OPEN_FILES));
        }
        OptionalLong space = softLimit(limits, "Max address space");
        long needed = heapBytes + ADDRESS_SPACE_BESIDES_HEAP;
        if (space.isPresent() && space.getAsLong() < needed) {
            return Optional.of(String.format(Locale.ROOT, "the address-space limit (ulimit -v) is %d MB, less than "
                    + "the %d MB this JVM (heap %d MB), ND4J and OpenBLAS reserve; raise it with 'ulimit -v "
                    + "unlimited' and run again", space.getAsLong() >> 20, needed >> 20, heapBytes >> 20));
        }
        return Optional.empty();
    }

    /** The soft limit on the line of {@code /proc/self/limits} starting with {@code name}; empty if unlimited. */
    private static OptionalLong softLimit(String limits, String name) {
        return limits.lines().filter(l -> l.startsWith(name)).findFirst().map(l -> {
            String[] words = l.substring(name.length()).trim().split("\\s+");
            return words.length > 0 && words[0].matches("\\d{1,19}") ? OptionalLong.of(Long.parseLong(words[0]))
                    : OptionalLong.empty();
        }).orElse(OptionalLong.empty());
    }

    /** The directory where JavaCPP keeps the native libraries it extracts from the class path's jars. */
    public static Path nativeCache() {
        String dir = System.getProperty(CACHE_PROPERTY);
        return dir != null && !dir.isBlank() ? Path.of(dir)
                : Path.of(System.getProperty("user.home"), ".javacpp", "cache");
    }

    /**
     * A damaged library in JavaCPP's cache (not an ELF file, e.g. cut short or overwritten), as one line naming it and
     * the fix, or empty. Only the libraries of the class path's versions matter, but a damaged one of another version
     * is named too: removing the cache costs one extraction (about 5 s).
     */
    public static Optional<String> damagedNativeCache(Path cache) {
        if (!Files.isDirectory(cache, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(cache, "*.jar")) {
            for (Path jar : jars) {
                if (!Files.isDirectory(jar, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(jar, 8)) {
                    for (Path lib : (Iterable<Path>) files::iterator) {
                        if (SHARED_LIBRARY.matcher(lib.getFileName().toString()).matches()
                                && Files.isRegularFile(lib, LinkOption.NOFOLLOW_LINKS) && !isElf(lib)) {
                            return Optional.of("ND4J's native-library cache is damaged: " + Messages.path(lib)
                                    + " is not a shared library (no ELF header); delete " + Messages.path(cache)
                                    + " and run again, which extracts the libraries anew");
                        }
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            return Optional.empty();  // unreadable: JavaCPP reports it itself
        }
        return Optional.empty();
    }

    private static boolean isElf(Path lib) throws IOException {
        try (InputStream in = Files.newInputStream(lib)) {
            return Arrays.equals(in.readNBytes(ELF.length), ELF);
        }
    }

    /**
     * One line for a failure to load ND4J's native code, naming the cause found in {@code e}'s chain (too many open
     * files, a damaged library, no memory), or empty when none is recognised.
     */
    public static Optional<String> nativeLoadFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("Too many open files")) {
                return Optional.of("ND4J's native libraries could not be loaded: too many open files; raise the "
                        + "limit with 'ulimit -n 4096' and run again");
            }
            if (m.contains("invalid ELF header") || m.contains("file too short")) {
                return Optional.of("ND4J's native-library cache is damaged (" + Messages.line(lastPart(m)) + "); "
                        + "delete " + Messages.path(nativeCache()) + " and run again");
            }
            if (m.contains("Cannot allocate memory") || m.contains("failed to map segment")) {
                return Optional.of("ND4J's native libraries could not be loaded: no memory to map them (" 
                        + "ulimit -v?); raise it with 'ulimit -v unlimited' and run again");
            }
        }
        return Optional.empty();
    }

    /** The part of a loader's message after its last {@code ": "} that names a path, e.g. the reason. */
    private static String lastPart(String message) {
        List<String> parts = Arrays.asList(message.split(": "));
        return parts.size() >= 2 ? parts.get(parts.size() - 2) + ": " + parts.get(parts.size() - 1) : message;
    }
}
