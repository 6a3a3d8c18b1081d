package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * A run's output files that appear together or not at all. Each file is first written into a hidden staging
 * directory inside the output directory; {@link #commit()} then moves the whole set into place while holding a lock
 * ({@code .course.lock}, locked with the operating system's file lock, so other processes wait too). A file of the
 * set that this run did not write (say sweep.png after a run without a sweep) is removed, so the directory never
 * shows one run's results beside another's charts.
 *
 * <p>The commit is safe against a kill at any point. Before the first rename it writes a journal,
 * {@code .course-commit}, naming the staging directory and a directory the old files are moved aside into; it then
 * moves every old file aside, moves every new file in, and deletes the journal, which is the moment the new set
 * counts as written. A run killed while the journal exists leaves the set half swapped; the next run (any
 * {@link #begin} or {@link #commit} in that directory) finds the journal and puts the moved-aside files back, so the
 * directory again holds exactly the old set. Moved-aside files are never deleted before the journal is gone.
 *
 * <p>A run that fails or is killed before {@link #commit()} leaves the previous set untouched; its staging
 * directory is deleted by {@link #close()}, or by the next write into the directory if the process was killed.
 */
public final class OutputSet implements AutoCloseable {
    /** The commit journal's name in the output directory. */
    static final String JOURNAL = ".course-commit";
    /** The lock file's name in the output directory. */
    static final String LOCK = ".course.lock";
    private static final String STAGING = "outputs";
    private static final String ASIDE = "previous";

    /** In one JVM the operating system's lock is per process, so threads also queue here. */
    private static final Object JVM_LOCK = new Object();

    /**
     * Called after each step of a commit (1 = journal written, then one per rename, then journal deleted), so a test
     * can stop the process between any two steps. Does nothing in a normal run.
     */
    static volatile IntConsumer afterStep = k -> { };

    private final Path dir;
    private final List<String> names;
    private final Path staging;
    private final UserPrincipal me;

    private OutputSet(Path dir, List<String> names, Path staging, UserPrincipal me) {
        this.dir = dir;
        this.names = List.copyOf(names);
        this.staging = staging;
        this.me = me;
    }

    /** The names this class gives its own hidden directories, as {@link AtomicFiles#TMP_NAME} captures them. */
    static boolean isStagingName(String name) {
        return name.equals(STAGING) || name.equals(ASIDE);
    }

    /**
     * Starts a set of files called {@code names} in {@code dir}, first restoring a set that a killed commit left
     * half swapped.
     *
     * @throws OutputException when the staging directory cannot be made
     */
    public static OutputSet begin(Path dir, List<String> names) {
        Path abs = dir.toAbsolutePath();
        try {
            Files.createDirectories(abs);
            Path staging = AtomicFiles.tempFile(abs, STAGING);
            Files.createDirectory(staging);
            UserPrincipal me = Files.getOwner(staging, LinkOption.NOFOLLOW_LINKS);
            locked(abs, () -> recover(abs, me));
            AtomicFiles.removeStale(abs, me);
            return new OutputSet(abs, names, staging, me);
        } catch (IOException e) {
            throw new OutputException(Messages.path(dir) + ": could not be written: " + Messages.reason(e), e);
        }
    }

    /**
     * Checks, before any work, that the outputs {@code names} (and the lock file) in {@code dir} can be replaced:
     * nothing but a regular file of the current user may stand under their names.
     *
     * @throws OutputException naming the first entry that is a directory, a link, a special or another user's file
     */
    public static void requireReplaceable(Path dir, List<String> names, String option) {
        List<String> all = new ArrayList<>(names);
        all.add(LOCK);
        all.add(JOURNAL);
        AtomicFiles.requireReplaceable(dir, all, option);
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
     * @throws OutputException when a move fails (the previous files are then restored), or something the course did
     *                         not write stands under an output's name
     */
    public void commit() {
        try {
            locked(dir, () -> {
                recover(dir, me);
                swap();
            });
        } catch (IOException e) {
            throw new OutputException(Messages.path(dir) + ": could not be written: " + Messages.reason(e), e);
        }
    }

    private interface Step {
        void run() throws IOException;
    }

    /** Runs {@code step} holding this JVM's lock and the directory's file lock. */
    private static void locked(Path dir, Step step) throws IOException {
        synchronized (JVM_LOCK) {
            try (FileChannel lockFile = openLock(dir.resolve(LOCK)); var lock = lockFile.lock()) {
                step.run();
            }
        }
    }

    /** Opens the lock file, creating it new if absent; a link or a non-file under its name is refused. */
    private static FileChannel openLock(Path lock) throws IOException {
        try {
            return FileChannel.open(lock, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            var attrs = AtomicFiles.lstat(lock);
            if (attrs.isPresent() && !attrs.get().isRegularFile()) {
                throw new OutputException(Messages.path(lock) + ": is not a regular file (a link or a directory "
                        + "stands under the lock file's name); it was left as it is", e);
            }
            return FileChannel.open(lock, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        }
    }

    private void swap() throws IOException {
        for (String name : names) {
            var what = AtomicFiles.foreign(dir.resolve(name), me);
            if (what.isPresent()) {
                throw new OutputException(Messages.path(dir.resolve(name)) + ": is " + what.get() + ", not a file "
                        + "this course wrote; it was left as it is (move it away or choose another output "
                        + "directory)", null);
            }
        }
        Path aside = AtomicFiles.tempFile(dir, ASIDE);
        Files.createDirectory(aside);
        List<String> old = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        for (String name : names) {
            if (Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                old.add(name);
            }
            if (Files.exists(staging.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                fresh.add(name);
            }
        }
        var journal = new Journal(staging.getFileName().toString(), aside.getFileName().toString(), old, fresh);
        AtomicFiles.writeString(dir.resolve(JOURNAL), journal.text());
        int step = 1;
        afterStep.accept(step);
        try {
            for (String name : old) {
                AtomicFiles.move(dir.resolve(name), aside.resolve(name));
                afterStep.accept(++step);
            }
            for (String name : fresh) {
                AtomicFiles.move(staging.resolve(name), dir.resolve(name));
                afterStep.accept(++step);
            }
        } catch (IOException e) {
            rollBack(dir, journal);
            throw e;
        }
        Files.delete(dir.resolve(JOURNAL));
        afterStep.accept(++step);
        AtomicFiles.deleteOwnDirectory(aside, me);
    }

    /**
     * Puts back a set that a killed commit left half swapped: if {@code dir} holds a journal, the new files that
     * were moved in go back to the staging directory and the moved-aside old files return to their names.
     */
    static void recover(Path dir, UserPrincipal me) throws IOException {
        Path file = dir.resolve(JOURNAL);
        var attrs = AtomicFiles.lstat(file);
        if (attrs.isEmpty()) {
            return;
        }
        if (!attrs.get().isRegularFile() || !attrs.get().owner().equals(me)) {
            throw new OutputException(Messages.path(file) + ": is not a journal this course wrote; it was left as it "
                    + "is (move it away or choose another output directory)", null);
        }
        rollBack(dir, Journal.parse(Files.readString(file, StandardCharsets.UTF_8), file));
    }

    private static void rollBack(Path dir, Journal j) throws IOException {
        Path staging = dir.resolve(j.staging());
        Path aside = dir.resolve(j.aside());
        for (String name : j.fresh()) {
            // a new file that was moved in is the one whose staged copy is gone
            if (Files.notExists(staging.resolve(name), LinkOption.NOFOLLOW_LINKS)
                    && Files.exists(dir.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(staging);
                AtomicFiles.move(dir.resolve(name), staging.resolve(name));
            }
        }
        for (String name : j.old()) {
            if (Files.exists(aside.resolve(name), LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.move(aside.resolve(name), dir.resolve(name));
            }
        }
        Files.delete(dir.resolve(JOURNAL));
    }

    /** What a commit is about to do: where the new and old files are, and which names each set holds. */
    record Journal(String staging, String aside, List<String> old, List<String> fresh) {
        String text() {
            return "staging " + staging + "\naside " + aside + "\nold " + String.join("/", old) + "\nnew "
                    + String.join("/", fresh) + "\n";
        }

        static Journal parse(String text, Path file) {
            String[] lines = text.split("\n", -1);
            if (lines.length < 4 || !lines[0].startsWith("staging ") || !lines[1].startsWith("aside ")
                    || !lines[2].startsWith("old ") || !lines[3].startsWith("new ")) {
                throw new OutputException(Messages.path(file) + ": is not a journal this course wrote; it was left "
                        + "as it is (move it away or choose another output directory)", null);
            }
            String staging = lines[0].substring(8);
            String aside = lines[1].substring(6);
            if (!AtomicFiles.TMP_NAME.matcher(staging).matches() || !AtomicFiles.TMP_NAME.matcher(aside).matches()) {
                throw new OutputException(Messages.path(file) + ": names directories that are not this course's; it "
                        + "was left as it is", null);
            }
            return new Journal(staging, aside, names(lines[2].substring(4)), names(lines[3].substring(4)));
        }

        private static List<String> names(String joined) {
            List<String> names = joined.isEmpty() ? List.of() : List.of(joined.split("/"));
            if (names.stream().anyMatch(n -> n.isEmpty() || n.equals(".") || n.equals(".."))) {
                throw new OutputException("a commit journal names '" + Messages.escape(joined) + "', not output "
                        + "files; it was left as it is", null);
            }
            return names;
        }
    }

    /** Deletes the staging directory and the regular files this run left in it. */
    @Override
    public void close() {
        AtomicFiles.deleteOwnDirectory(staging, me);
    }
}
