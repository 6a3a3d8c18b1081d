package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's output files that appear together or not at all. Each file is first written into a hidden staging
 * directory inside the output directory; {@link #commit()} then moves the whole set into place while holding a lock
 * ({@code .course.lock}, locked with the operating system's file lock, so other processes wait too), and puts the
 * old files back if any move fails. A file of the set that this run did not write (say sweep.png after a run
 * without a sweep) is removed, so the directory never shows one run's results beside another's charts.
 *
 * <p>A run that fails or is killed before {@link #commit()} leaves the previous set untouched; its staging
 * directory is deleted by {@link #close()}, or by the next write into the directory if the process was killed.
 */
public final class OutputSet implements AutoCloseable {
    /** In one JVM the operating system's lock is per process, so threads also queue here. */
    private static final Object JVM_LOCK = new Object();

    private final Path dir;
    private final List<String> names;
    private final Path staging;

    private OutputSet(Path dir, List<String> names, Path staging) {
        this.dir = dir;
        this.names = List.copyOf(names);
        this.staging = staging;
    }

    /**
     * Starts a set of files called {@code names} in {@code dir}.
     *
     * @throws OutputException when the staging directory cannot be made
     */
    public static OutputSet begin(Path dir, List<String> names) {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
            AtomicFiles.removeStale(abs);
            return new OutputSet(abs, names, Files.createDirectory(AtomicFiles.tempFile(abs, "outputs")));
        } catch (IOException e) {
            throw new OutputException(dir + ": could not be written: " + e.getMessage(), e);
        }
    }

    /** Where to write {@code name} before {@link #commit()}. */
    public Path file(String name) {
        if (!names.contains(name)) {
            throw new IllegalArgumentException(name + " is not one of " + names);
        }
        return staging.resolve(name);
    }

    /**
     * Moves every staged file into place as one set.
     *
     * @throws OutputException when a move fails; the previous files are then restored
     */
    public void commit() {
        synchronized (JVM_LOCK) {
            try (FileChannel lockFile = FileChannel.open(dir.resolve(".course.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); var lock = lockFile.lock()) {
                swap();
            } catch (IOException e) {
                throw new OutputException(dir + ": could not be written: " + e.getMessage(), e);
            }
        }
    }

    private void swap() throws IOException {
        Path old = Files.createDirectory(staging.resolve(".previous"));
        List<String> backedUp = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        try {
            for (String name : names) {
                if (Files.exists(dir.resolve(name))) {
                    AtomicFiles.move(dir.resolve(name), old.resolve(name));
                    backedUp.add(name);
                }
            }
            for (String name : names) {
                if (Files.exists(staging.resolve(name))) {
                    AtomicFiles.move(staging.resolve(name), dir.resolve(name));
                    placed.add(name);
                }
            }
        } catch (IOException e) {
            for (String name : placed) {
                Files.deleteIfExists(dir.resolve(name));
            }
            for (String name : backedUp) {
                AtomicFiles.move(old.resolve(name), dir.resolve(name));
            }
            throw e;
        }
    }

    /** Deletes the staging directory and anything left in it. */
    @Override
    public void close() {
        AtomicFiles.deleteQuietly(staging);
    }
}
