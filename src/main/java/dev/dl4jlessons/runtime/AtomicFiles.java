package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.UserPrincipal;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Writes files through a temporary sibling and a rename, so an interrupted run never leaves a truncated file where
 * a good one was: the old file stays until the new one is complete.
 *
 * <p>The course touches only what it created. Nothing here follows a symbolic link it did not make: entries are
 * examined with {@link LinkOption#NOFOLLOW_LINKS}, and temporary files are created with
 * {@link StandardOpenOption#CREATE_NEW}, which refuses an entry (a planted link included) that is already there.
 * A file is replaced only when what stands under its name is a regular file of the current user; a directory, a
 * link, a special file or another user's file under an output's name is refused, named, and left alone.
 *
 * <p>The temporary file is created like any other file (mode 0666 less the umask), then given the old file's mode
 * if there was one, so a rewrite never narrows a guide to {@code -rw-------}. Its name carries the writer's process
 * id and 64 random bits from {@link SecureRandom}, {@code .NAME.PID.RANDOM.course-tmp}; a process killed mid-write
 * leaves one behind, and the next write into that directory deletes those whose process is gone, if they are
 * regular files owned by the current user.
 */
public final class AtomicFiles {
    /** Suffix of this course's temporary files. */
    static final String TMP_SUFFIX = ".course-tmp";
    /** The course's temporary names: {@code .NAME.PID.RANDOM.course-tmp}, RANDOM 16 hexadecimal digits. */
    static final Pattern TMP_NAME = Pattern.compile("\\.(.+)\\.(\\d+)\\.[0-9a-f]{16}" + Pattern.quote(TMP_SUFFIX));
    /** Free space an output directory or {@code java.io.tmpdir} must have before training starts. */
    static final long MIN_FREE_BYTES = 64L << 20;

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

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
     * @throws OutputException naming the file, when the system refuses (full disk, read-only directory), or when
     *                         something the course did not write stands under the target's name
     */
    public static void write(Path target, Content content) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = createTemp(dir, target.getFileName().toString());
            UserPrincipal me = Files.getOwner(tmp, NOFOLLOW);
            requireReplaceable(target, me);
            removeStale(dir, me);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                content.writeTo(out);
            }
            keepMode(target, tmp);
            requireReplaceable(target, me);
            move(tmp, target);
        } catch (IOException e) {
            throw new OutputException(Messages.path(target) + ": could not be written: " + Messages.reason(e), e);
        } finally {
            deleteOwnFile(tmp);
        }
    }

    /**
     * Atomically replaces {@code target}, a file under the folder {@code root}, after {@link #requireRealFolders}:
     * no folder between {@code root} and the file is followed through a symbolic link.
     *
     * @throws OutputException as {@link #write}, or naming the folder that is a link or not a folder
     */
    public static void writeUnder(Path root, Path target, Content content) {
        requireRealFolders(root, target);
        write(target, content);
    }

    /**
     * Refuses to write {@code target} when it does not lie under {@code root}, or when a folder between them (below
     * {@code root}, down to the target's parent) is a symbolic link or something other than a folder: the course
     * writes only into folders it made or the user made, never through a link into somewhere else. Folders that do
     * not exist yet are fine (they will be created as real folders).
     *
     * @throws OutputException naming the first such folder and where it points, with "nothing was written there"
     */
    public static void requireRealFolders(Path root, Path target) {
        Path base = root.toAbsolutePath().normalize();
        Path file = target.toAbsolutePath().normalize();
        if (!file.startsWith(base) || file.equals(base)) {
            throw new OutputException(Messages.path(target) + ": lies outside " + Messages.path(root)
                    + ", where this command writes; nothing was written there", null);
        }
        Path p = base;
        for (Path part : base.relativize(file.getParent() == null ? file : file.getParent())) {
            if (part.toString().isEmpty()) {
                break;
            }
            p = p.resolve(part);
            Optional<PosixFileAttributes> attrs;
            try {
                attrs = lstat(p);
            } catch (IOException e) {
                throw new OutputException(Messages.path(p) + ": could not be examined (" + Messages.reason(e) + ")",
                        e);
            }
            if (attrs.isEmpty()) {
                return; // created below as a real folder
            }
            if (attrs.get().isSymbolicLink()) {
                String to;
                try {
                    to = Messages.path(Files.readSymbolicLink(p));
                } catch (IOException e) {
                    to = "somewhere";
                }
                throw new OutputException(Messages.path(p) + ": is a symbolic link (to " + to + "), not a folder "
                        + "this course made; nothing was written there (replace it with a real folder)", null);
            }
            if (!attrs.get().isDirectory()) {
                throw new OutputException(Messages.path(p) + ": is not a folder; nothing was written there (move it "
                        + "away)", null);
            }
        }
    }

    /** A fresh, unpredictable temporary name beside {@code name} in {@code dir}, marked with this process's id. */
    static Path tempFile(Path dir, String name) {
        byte[] bits = new byte[8];
        RANDOM.nextBytes(bits);
        return dir.resolve("." + name + "." + ProcessHandle.current().pid() + "." + HexFormat.of().formatHex(bits)
                + TMP_SUFFIX);
    }

    /** Creates an empty temporary file beside {@code name}; {@code CREATE_NEW} never opens an existing entry. */
    static Path createTemp(Path dir, String name) throws IOException {
        Path tmp = tempFile(dir, name);
        Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
        return tmp;
    }

    /** Renames {@code from} onto {@code to}, atomically where the file system can. */
    static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** The attributes of {@code p} itself (a link is not followed), or empty when nothing is there. */
    static Optional<PosixFileAttributes> lstat(Path p) throws IOException {
        try {
            return Optional.of(Files.readAttributes(p, PosixFileAttributes.class, NOFOLLOW));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * What stands under {@code p}, when it is not something the course may replace or delete: empty for nothing or a
     * regular file owned by {@code me}, else a description such as "a directory" or "a symbolic link to /x".
     */
    static Optional<String> foreign(Path p, UserPrincipal me) throws IOException {
        var attrs = lstat(p);
        if (attrs.isEmpty()) {
            return Optional.empty();
        }
        BasicFileAttributes a = attrs.get();
        if (a.isSymbolicLink()) {
            String to;
            try {
                to = Messages.path(Files.readSymbolicLink(p));
            } catch (IOException e) {
                to = "somewhere";
            }
            return Optional.of("a symbolic link (to " + to + ")");
        }
        if (a.isDirectory()) {
            return Optional.of("a directory");
        }
        if (!a.isRegularFile()) {
            return Optional.of("a special file (a FIFO, socket or device)");
        }
        if (!attrs.get().owner().equals(me)) {
            return Optional.of("a file owned by " + Messages.escape(attrs.get().owner().getName()));
        }
        return Optional.empty();
    }

    private static void requireReplaceable(Path target, UserPrincipal me) throws IOException {
        var what = foreign(target, me);
        if (what.isPresent()) {
            throw new OutputException(Messages.path(target) + ": is " + what.get() + ", not a file this course "
                    + "wrote; it was left as it is (move it away or choose another output directory)", null);
        }
    }

    /** Gives {@code fresh} the POSIX permissions of {@code old}, when {@code old} is a regular file with them. */
    static void keepMode(Path old, Path fresh) throws IOException {
        var oldAttrs = lstat(old);
        var freshView = Files.getFileAttributeView(fresh, PosixFileAttributeView.class, NOFOLLOW);
        if (oldAttrs.isPresent() && oldAttrs.get().isRegularFile() && freshView != null) {
            freshView.setPermissions(oldAttrs.get().permissions());
        }
    }

    /**
     * Deletes this course's temporary files in {@code dir} whose writing process has ended: only entries whose name
     * matches the course's pattern and that are regular files owned by {@code me}, or the staging directories of an
     * {@link OutputSet} (whose own regular files are removed first). Links and anything else are left alone.
     */
    static void removeStale(Path dir, UserPrincipal me) {
        boolean pendingCommit = Files.exists(dir.resolve(OutputSet.JOURNAL), NOFOLLOW);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path p : files) {
                Matcher m = TMP_NAME.matcher(p.getFileName().toString());
                if (!m.matches() || !isGone(m.group(2))) {
                    continue;
                }
                var attrs = lstat(p);
                if (attrs.isEmpty() || !attrs.get().owner().equals(me)) {
                    continue;
                }
                if (attrs.get().isRegularFile()) {
                    Files.deleteIfExists(p);
                } else if (attrs.get().isDirectory() && !pendingCommit && OutputSet.isStagingName(m.group(1))) {
                    // a half-done commit's files are restored by OutputSet, never deleted here
                    deleteOwnDirectory(p, me);
                }
            }
        } catch (IOException e) {
            // cleaning is a courtesy; the write itself reports real problems
        }
    }

    /**
     * Deletes the regular files owned by {@code me} directly in {@code dir}, its empty subdirectories, then
     * {@code dir} if it is empty. A link, a special file or another user's file keeps the directory in place.
     */
    static void deleteOwnDirectory(Path dir, UserPrincipal me) {
        try {
            var attrs = lstat(dir);
            if (attrs.isEmpty() || !attrs.get().isDirectory() || !attrs.get().owner().equals(me)) {
                return;
            }
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
                for (Path p : files) {
                    var a = lstat(p);
                    if (a.isPresent() && a.get().owner().equals(me)) {
                        if (a.get().isRegularFile()) {
                            Files.deleteIfExists(p);
                        } else if (a.get().isDirectory()) {
                            deleteOwnDirectory(p, me);
                        }
                    }
                }
            }
            Files.deleteIfExists(dir);
        } catch (IOException ignored) {
            // best effort: what is left is hidden, and the next run tries again
        }
    }

    /**
     * A new directory in {@code java.io.tmpdir} that only the current user can enter ({@code rwx------}, as
     * {@link Files#createTempDirectory} makes it on POSIX), with an unpredictable name starting with {@code prefix}.
     * {@link #deletePrivateDirectory} removes it.
     */
    public static Path privateDirectory(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /**
     * Deletes a directory made by {@link #privateDirectory} and what the current user wrote in it, without following
     * links; whatever is not the user's keeps it in place.
     */
    public static void deletePrivateDirectory(Path dir) {
        try {
            deleteOwnDirectory(dir, Files.getOwner(dir, NOFOLLOW));
        } catch (IOException e) {
            // gone already, or left for the user: it is private either way
        }
    }

    private static boolean isGone(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid)).map(h -> !h.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** Deletes {@code p} if it is still a regular file: a temporary file that a failed write leaves. */
    static void deleteOwnFile(Path p) {
        if (p == null) {
            return;
        }
        try {
            var attrs = lstat(p);
            if (attrs.isPresent() && attrs.get().isRegularFile()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // best effort: a leftover is hidden, and the next run removes it
        }
    }

    /** The current user as the file system names owners: the owner of a file this process just created in dir. */
    static UserPrincipal currentUser(Path dir) throws IOException {
        Path probe = createTemp(dir, "write-check");
        try {
            return Files.getOwner(probe, NOFOLLOW);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /**
     * Checks that {@code dir} names a directory that can be created and written, with room for the outputs, and
     * that {@code java.io.tmpdir} is usable, before any long work starts.
     *
     * @throws InputException  for an empty path, one that is an existing file or a dangling link, or one the
     *                         file-name encoding cannot hold (the option is wrong)
     * @throws OutputException when the system refuses to create or write it, or the disk is nearly full
     */
    public static void requireWritableDirectory(Path dir, String option) {
        requireWritableDirectory(dir, option, MIN_FREE_BYTES);
    }

    static void requireWritableDirectory(Path dir, String option, long minFree) {
        String shown = option + " " + Messages.path(dir);
        if (dir.toString().isBlank()) {
            throw new InputException(option + " \"" + dir + "\": an empty path; name a directory");
        }
        requireEncodable(dir.toString(), option);
        for (Path p = dir.toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isSymbolicLink(p) && !Files.exists(p)) {
                String to;
                try {
                    to = Messages.path(Files.readSymbolicLink(p));
                } catch (IOException e) {
                    to = "?";
                }
                throw new InputException(shown + ": " + (p.equals(dir.toAbsolutePath()) ? "is" : Messages.path(p)
                        + " is") + " a dangling symbolic link (to " + to + ", which does not exist); create its "
                        + "target or choose another directory");
            }
            if (Files.exists(p) && !Files.isDirectory(p)) {
                throw new InputException(shown + ": " + (p.equals(dir.toAbsolutePath()) ? "is"
                        : Messages.path(p) + " is") + " a file, not a directory");
            }
        }
        try {
            Files.createDirectories(dir);
            currentUser(dir);
        } catch (IOException | SecurityException e) {
            throw new OutputException(shown + ": directory is not writable (" + (e instanceof IOException io
                    ? Messages.reason(io) : e.getMessage()) + ")", e);
        }
        requireFreeSpace(dir, shown, minFree);
        requireTmpdir(minFree);
    }

    /**
     * Refuses the outputs {@code names} in {@code dir} before work starts if anything other than a regular file of
     * the current user stands under one of their names.
     *
     * @throws OutputException naming the first such entry and what it is
     */
    public static void requireReplaceable(Path dir, List<String> names, String option) {
        try {
            UserPrincipal me = currentUser(dir);
            for (String name : names) {
                var what = foreign(dir.resolve(name), me);
                if (what.isPresent()) {
                    throw new OutputException(option + " " + Messages.path(dir) + ": " + Messages.escape(name)
                            + " is " + what.get() + ", not a file this course wrote; nothing was changed (move it "
                            + "away or choose another " + option + ")", null);
                }
            }
        } catch (IOException e) {
            throw new OutputException(option + " " + Messages.path(dir) + ": could not be examined ("
                    + Messages.reason(e) + ")", e);
        }
    }

    /**
     * Refuses an input file that is also one of the outputs {@code names} in {@code dir}, before any work: writing
     * the outputs would replace the input.
     *
     * @throws InputException naming the input and the output it would be replaced by
     */
    public static void requireNotAnOutput(Path input, String inputOption, Path dir, List<String> names) {
        if (!Files.exists(input)) {
            return;
        }
        for (String name : names) {
            Path output = dir.resolve(name);
            try {
                if (Files.exists(output) && Files.isSameFile(input, output)
                        || input.toRealPath().equals(dir.toRealPath().resolve(name))) {
                    throw new InputException(inputOption + " " + Messages.path(input) + ": is also " + Messages.path(
                            output) + ", an output of this run, which would replace it; copy the data elsewhere "
                            + "or choose another --out");
                }
            } catch (IOException e) {
                // an input that cannot be resolved is reported when it is read
            }
        }
    }

    /**
     * Refuses a path that the file-name encoding cannot hold. Under an ASCII-only locale ({@code LC_ALL=C}) the JVM
     * would write a non-ASCII name as question marks, into a directory nobody asked for.
     *
     * @throws InputException naming the encoding and the fix
     */
    public static void requireEncodable(String path, String option) {
        String encoding = System.getProperty("sun.jnu.encoding", Charset.defaultCharset().name());
        boolean ok;
        try {
            ok = path.indexOf('\uFFFD') < 0 && Charset.forName(encoding).newEncoder().canEncode(path);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            ok = true;
        }
        if (!ok) {
            throw new InputException(option + " " + Messages.path(path) + ": has characters that the file-name "
                    + "encoding " + encoding + " of this locale cannot hold; run with a UTF-8 locale (LANG=C.UTF-8)");
        }
    }

    /** Refuses a directory with less than {@code minFree} bytes free. */
    static void requireFreeSpace(Path dir, String shown, long minFree) {
        long free;
        try {
            free = Files.getFileStore(dir).getUsableSpace();
        } catch (IOException e) {
            return; // unknown: the writes report a full disk themselves
        }
        if (free < minFree) {
            throw new OutputException(shown + ": only " + (free >> 20) + " MB free, less than the " + (minFree >> 20)
                    + " MB a run needs; free some space or choose another directory", null);
        }
    }

    /** Refuses a {@code java.io.tmpdir} that is missing, unwritable or nearly full: libraries write there. */
    static void requireTmpdir(long minFree) {
        String tmpdir = System.getProperty("java.io.tmpdir", "");
        String shown = "java.io.tmpdir " + Messages.path(tmpdir);
        try {
            Path dir = Path.of(tmpdir);
            if (!Files.isDirectory(dir)) {
                throw new OutputException(shown + ": not a directory; set it to a writable one with "
                        + "-Djava.io.tmpdir=DIR (or TMPDIR)", null);
            }
            currentUser(dir);
            requireFreeSpace(dir, shown, minFree);
        } catch (IOException | java.nio.file.InvalidPathException e) {
            throw new OutputException(shown + ": not writable (" + (e instanceof IOException io ? Messages.reason(io)
                    : e.getMessage()) + "); set it to a writable directory with -Djava.io.tmpdir=DIR", e);
        }
    }
}
