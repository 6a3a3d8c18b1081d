package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes files through a temporary sibling and a rename, so an interrupted run never leaves a truncated file where
 * a good one was: the old file stays until the new one is complete.
 *
 * <p>The temporary file is created like any other file (mode 0666 less the umask), then given the old file's mode
 * if there was one, so a rewrite never narrows a guide to {@code -rw-------}. Its name carries the writer's process
 * id, {@code .NAME.PID.RANDOM.course-tmp}; a process killed mid-write leaves one behind, and the next write into that
 * directory deletes those whose process is gone.
 */
public final class AtomicFiles {
    /** Suffix of this course's temporary files. */
    static final String TMP_SUFFIX = ".course-tmp";
    private static final Pattern TMP_NAME = Pattern.compile("\\..+\\.(\\d+)\\.[0-9a-f]{8}" + Pattern.quote(TMP_SUFFIX));

    private AtomicFiles() {
    }

    /** Something that writes the whole content to a stream. */
    @FunctionalInterface
    public interface Content {
        /** Writes everything; the stream is closed by the caller. */
        void writeTo(OutputStream out) throws IOException;
    }

    /** Atomically replaces {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Atomically replaces {@code target} with what {@code content} writes.
     *
     * @throws OutputException naming the file, when the system refuses (full disk, read-only directory)
     */
    public static void write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            removeStale(dir);
            tmp = tempFile(dir, target.getFileName().toString());
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.writeTo(out);
            }
            keepMode(target, tmp);
            move(tmp, target);
        } catch (IOException e) {
            throw new OutputException(target + ": could not be written: " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** A fresh temporary name beside {@code name} in {@code dir}, marked with this process's id. */
    static Path tempFile(Path dir, String name) {
        return dir.resolve("." + name + "." + ProcessHandle.current().pid() + "."
                + UUID.randomUUID().toString().substring(0, 8) + TMP_SUFFIX);
    }

    /** Renames {@code from} onto {@code to}, atomically where the file system can. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Gives {@code fresh} the POSIX permissions of {@code old}, when both exist and the file system has them. */
    static void keepMode(Path old, Path fresh) throws IOException {
        var oldView = Files.getFileAttributeView(old, PosixFileAttributeView.class);
        var freshView = Files.getFileAttributeView(fresh, PosixFileAttributeView.class);
        if (oldView != null && freshView != null && Files.exists(old)) {
            freshView.setPermissions(oldView.readAttributes().permissions());
        }
    }

    /** Deletes this course's temporary files in {@code dir} whose writing process has ended. */
    static void removeStale(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                Matcher m = TMP_NAME.matcher(p.getFileName().toString());
                if (m.matches() && isGone(m.group(1))) {
                    deleteQuietly(p);
                }
            }
        } catch (IOException e) {
            // cleaning is a courtesy; the write itself reports real problems
        }
    }

    private static boolean isGone(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static void deleteQuietly(Path p) {
        if (p == null) {
            return;
        }
        try {
            if (Files.isDirectory(p)) {
                try (Stream<Path> files = Files.list(p)) {
                    for (Path f : files.toList()) {
                        deleteQuietly(f);
                    }
                }
            }
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover is hidden, and the next run removes it
        }
    }

    /**
     * Checks that {@code dir} names a directory that can be created and written, before any long work starts.
     *
     * @throws InputException  for an empty path or one that is an existing file (the option is wrong)
     * @throws OutputException when the system refuses to create or write it
     */
    public static void requireWritableDirectory(Path dir, String option) {
        if (dir.toString().isBlank()) {
            throw new InputException(option + " \"" + dir + "\": an empty path; name a directory");
        }
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new InputException(option + " " + dir + ": " + (p.equals(dir.toAbsolutePath()) ? "is"
                        : p + " is") + " a file, not a directory");
            }
        }
        try {
            Files.createDirectories(dir);
            Path probe = tempFile(dir, "write-check");
            Files.createFile(probe);
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            throw new OutputException(option + " " + dir + ": directory is not writable (" + e.getMessage() + ")", e);
        }
    }
}
