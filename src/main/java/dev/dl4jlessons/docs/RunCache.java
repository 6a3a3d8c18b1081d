package dev.dl4jlessons.docs;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Report;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.OutputException;

/**
 * What the {@code notebook} command printed or drew last time, kept in {@value #DIR} under a hash of everything that
 * produced it, so that an unchanged run is not run again.
 *
 * <p><b>What a run's key covers.</b>
 * <ul>
 * <li>the <b>compiled code the run can reach</b>: starting from the classes the run enters (the launcher and the
 * subcommand its first argument names, for a guide's output block; the harness's notebook runner for a notebook cell;
 * {@link PictureRenderer} for the pictures) and the lessons it names (every lesson when it names none), every class of
 * {@code dev/dl4jlessons/} that one of those names in its compiled form (constant pool, descriptors, string
 * constants), and so on. The launcher's other subcommands are cut off: a guide running {@code dropout} does not reach
 * {@code check}, so editing an exercise check runs nothing again, and editing one lesson runs again only the runs
 * that reach it. Lessons are found by scanning their package, which no reference shows; that is why a run that names
 * no lesson ({@code --list}, the default run) depends on every lesson;</li>
 * <li>the <b>libraries</b> ({@code pom.xml}) and the Java version;</li>
 * <li>the <b>data</b>: every file in {@code test-data/}, and any file an argument names;</li>
 * <li>the <b>options</b>: the purpose and the arguments of the run, and this cache's format version.</li>
 * </ul>
 *
 * <p><b>What an entry holds, and why it is trusted.</b> One file, {@code KEY.cached}: a magic line, the format
 * version, the key it was stored under, the length of the result, the result, and an HMAC-SHA-256 of all of that. The
 * HMAC's key is a random secret of this user kept outside the project ({@link #SECRET_PROPERTY}, by default
 * {@code $XDG_CACHE_HOME/dl4j-regularization-lessons/run-cache.key}, mode 0600), so an entry that was planted,
 * edited, truncated, copied from another key or another user's cache does not verify: it is discarded, with one line
 * saying so, and the run is done again. Lengths are bounded ({@value #MAX_RESULT_BYTES} bytes per result) before
 * anything is read. Files a result holds are stored by name relative to the folder the code names, and a name that
 * could leave that folder ({@code ..}, an absolute path, a separator where none is allowed) invalidates the entry.
 * The cache folder, and {@code target/} above it, must be real folders: a symbolic link there is refused
 * ({@link OutputException}), and nothing is read or written through it.
 */
public final class RunCache {
    /** The cache folder, relative to the repository root; {@code mvn clean} removes it. */
    public static final String DIR = "target/notebook-cache";
    /** The purpose of the pictures' entry. */
    static final String PICTURES = "pictures";
    /**
     * The purpose prefix of a notebook cell that one class runs ({@code notebook-call:CLASS}): keyed by the code that
     * class reaches.
     */
    static final String NOTEBOOK_CALL = "notebook-call";
    /** The folder the pictures go to, relative to the repository root; the entry stores only file names in it. */
    static final String PICTURE_DIR = "lessons/img";
    /** The version of the entry format; an entry of another version is discarded. */
    static final int FORMAT = 2;
    /** The largest result an entry may hold; a larger one is not stored, and a larger entry is not read. */
    static final int MAX_RESULT_BYTES = 64 << 20;
    /** The system property naming the file that holds this user's secret for the entries' HMAC. */
    public static final String SECRET_PROPERTY = "course.cache.secret";

    static final byte[] MAGIC = "dl4j-lessons run cache\n".getBytes(StandardCharsets.US_ASCII);
    private static final int KEY_BYTES = 32;
    private static final int MAC_BYTES = 32;
    static final int HEADER_BYTES = MAGIC.length + 4 + KEY_BYTES + 8;
    private static final int MAX_FILES = 1000;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9._-]{0,127}");
    private static final String CODE = "dev/dl4jlessons";
    private static final Pattern REFERENCE = Pattern.compile("dev[/.]dl4jlessons[/.][A-Za-z0-9_$/.]*[A-Za-z0-9_$]");
    private static final String COMMAND_ANNOTATION = "Lpicocli/CommandLine$Command;";

    private final Path root;
    private final Path dir;
    private final boolean reuse;
    private final Consumer<String> notes;
    private final byte[] secret;
    private final Map<String, byte[]> code;
    private final Map<String, String> lessonClasses; // lesson name -> class entry
    private final String base;
    private final Map<String, Set<String>> references = new HashMap<>();
    private String launcher;
    private Map<String, String> subcommands; // subcommand name -> class entry
    private final Set<Path> used = new HashSet<>();
    private int hits;
    private int misses;
    private int discarded;

    private RunCache(Path root, boolean reuse, Consumer<String> notes, byte[] secret, Map<String, byte[]> code,
            String base) {
        this.root = root;
        this.dir = root == null ? null : root.resolve(DIR);
        this.reuse = reuse;
        this.notes = notes;
        this.secret = secret;
        this.code = code;
        this.base = base;
        this.lessonClasses = new TreeMap<>();
        if (root != null) {
            for (Lesson lesson : LessonCatalog.all()) {
                lessonClasses.put(lesson.name(), entry(lesson.getClass()));
            }
        }
    }

    /** A cache that runs everything and keeps nothing: what the tests compare against. */
    public static RunCache none() {
        return new RunCache(null, false, s -> { }, null, Map.of(), "");
    }

    /**
     * The cache of the repository at {@code root}; notes (a discarded entry) go to standard output.
     *
     * @param reuse false to run everything again (the results still replace what the cache holds)
     */
    public static RunCache open(Path root, boolean reuse) {
        return open(root, reuse, System.out::println);
    }

    /**
     * The cache of the repository at {@code root}.
     *
     * @param reuse false to run everything again (the results still replace what the cache holds)
     * @param notes receives one line for each entry discarded, and one if the secret is unusable
     * @throws OutputException when {@code target/} or the cache folder is a symbolic link or not a folder
     */
    public static RunCache open(Path root, boolean reuse, Consumer<String> notes) {
        return open(root, reuse, notes, code());
    }

    /** {@link #open(Path, boolean, Consumer)} over the given compiled code (entry name to bytes): for tests. */
    static RunCache open(Path root, boolean reuse, Consumer<String> notes, Map<String, byte[]> code) {
        AtomicFiles.requireRealFolders(root, root.resolve(DIR).resolve("entry"));
        var shared = digest();
        update(shared, "format " + FORMAT);
        update(shared, "java " + System.getProperty("java.version"));
        update(shared, root.resolve("pom.xml"));
        Path data = root.resolve("test-data");
        if (Files.isDirectory(data, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> files = Files.walk(data)) {
                for (Path f : files.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                    update(shared, root.relativize(f).toString());
                    update(shared, f);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        var secret = Secret.get(notes);
        return new RunCache(root, reuse && secret.durable(), notes, secret.bytes(), code, hex(shared));
    }

    /**
     * What the launcher prints for a guide's output block, from the cache when nothing that produced it changed.
     *
     * @param run runs the launcher for real
     */
    public String guideOutput(String[] args, java.util.function.Function<String[], String> run) {
        List<String> named = java.util.Arrays.stream(args).filter(a -> LessonCatalog.find(a).isPresent()).toList();
        boolean namesLessons = args.length > 0 && !named.isEmpty() && named.contains(args[0]);
        return text("output", List.of(args), namesLessons ? named : null, () -> run.apply(args));
    }

    /**
     * {@code run}'s text, from the cache when nothing it depends on changed.
     *
     * @param purpose   what is cached, e.g. {@code notebook-cell}; it chooses the classes the run enters
     * @param arguments the options of the run; files among them are hashed too
     * @param lessons   the lessons the run enters by name, or null for every lesson
     */
    public String text(String purpose, List<String> arguments, Collection<String> lessons, Supplier<String> run) {
        return new String(bytes(purpose, arguments, lessons, () -> run.get().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    /** {@code run}'s bytes, from the cache when nothing it depends on changed. */
    public byte[] bytes(String purpose, List<String> arguments, Collection<String> lessons, Supplier<byte[]> run) {
        return bytes(purpose, arguments, lessons, run, b -> true);
    }

    /**
     * {@code run}'s bytes, from the cache when nothing it depends on changed and the entry verifies and is
     * {@code wellFormed}; otherwise it is discarded with one line, and {@code run} runs.
     */
    public byte[] bytes(String purpose, List<String> arguments, Collection<String> lessons, Supplier<byte[]> run,
            Predicate<byte[]> wellFormed) {
        if (dir == null) {
            return run.get();
        }
        String key = key(purpose, arguments, lessons);
        Path file = dir.resolve(key + ".cached");
        used.add(file);
        if (reuse) {
            Optional<byte[]> cached = read(file, key, wellFormed);
            if (cached.isPresent()) {
                hits++;
                return cached.get();
            }
        }
        byte[] fresh = run.get();
        misses++;
        if (fresh.length <= MAX_RESULT_BYTES) {
            AtomicFiles.requireRealFolders(root, file);
            AtomicFiles.write(file, out -> out.write(entry(key, fresh)));
        }
        return fresh;
    }

    /**
     * {@code run}'s files, from the cache when nothing they depend on changed (all lessons). Each file must lie in
     * {@code folder} under {@code root} (or below it); the entry stores the names relative to that folder, and a name
     * read back that could leave it discards the entry.
     */
    public Map<Path, byte[]> files(String purpose, Path root, Supplier<Map<Path, byte[]>> run) {
        return files(purpose, root, root, run);
    }

    private Map<Path, byte[]> files(String purpose, Path root, Path folder, Supplier<Map<Path, byte[]>> run) {
        Path base = folder.toAbsolutePath().normalize();
        byte[] packed = bytes(purpose, List.of(), null, () -> pack(base, run.get()),
                b -> unpack(base, b).isPresent());
        return unpack(base, packed).orElseThrow(() -> new IllegalStateException("a fresh result did not unpack"));
    }

    /** The pictures, from the cache when nothing that draws them changed; they all go to {@value #PICTURE_DIR}. */
    public Map<Path, byte[]> pictures(Path root, Supplier<Map<Path, byte[]>> run) {
        return files(PICTURES, root, root.resolve(PICTURE_DIR), run);
    }

    /**
     * One lesson's pictures ({@code source}, a {@code LessonPictures} class that the renderer finds by scanning, so
     * no bytecode reference leads to it): keyed by the code that class reaches, so editing one lesson redraws only
     * its own pictures.
     */
    public Map<Path, byte[]> pictures(Path root, Class<?> source, Supplier<Map<Path, byte[]>> run) {
        return files(PICTURES + ":" + source.getName(), root, root.resolve(PICTURE_DIR), run);
    }

    /** How many results came from the cache, and how many were run. */
    public String summary() {
        return hits + " from the cache, " + misses + " run" + (discarded == 0 ? "" : ", " + discarded
                + " cached result" + (discarded == 1 ? "" : "s") + " discarded");
    }

    /** Results taken from the cache in this run. */
    public int hits() {
        return hits;
    }

    /** Results run (and stored) in this run. */
    public int misses() {
        return misses;
    }

    /** Entries found under a key of this run that did not verify and were run again. */
    public int discarded() {
        return discarded;
    }

    /**
     * Deletes the cached results this run did not use (left by older code or data), after a run that covered every
     * lesson; only regular files this cache names ({@code KEY.cached}) are removed.
     */
    public void prune() {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        AtomicFiles.requireRealFolders(root, dir.resolve("entry"));
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("[0-9a-f]{64}\\.cached")
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !used.contains(p)).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lessons whose code is part of the key of a guide's run that names {@code lessons} (null: none named). */
    Set<String> closure(Collection<String> lessons) {
        var reached = reach(roots("output", lessons == null ? List.of() : List.copyOf(lessons), lessons));
        var names = new TreeSet<String>();
        lessonClasses.forEach((name, entry) -> {
            if (reached.contains(entry)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The class entries ({@code dev/dl4jlessons/.../X.class}) whose bytes are part of this run's key. */
    Set<String> classes(String purpose, List<String> arguments, Collection<String> lessons) {
        return reach(roots(purpose, arguments, lessons));
    }

    String key(String purpose, List<String> arguments, Collection<String> lessons) {
        var d = digest();
        update(d, purpose);
        update(d, String.join("\u0000", arguments));
        update(d, base);
        for (String entry : classes(purpose, arguments, lessons)) {
            update(d, entry);
            d.update(sha256(code.get(entry)));
        }
        for (String a : arguments) {
            if (a.isEmpty() || a.indexOf('\u0000') >= 0) {
                continue;
            }
            Path p;
            try {
                p = Path.of(a);
            } catch (java.nio.file.InvalidPathException e) {
                continue;
            }
            if (!p.isAbsolute() && root != null) {
                p = root.resolve(a); // relative to the repository, as guides name files
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                update(d, p);
            }
        }
        return hex(d);
    }

    // ---------------------------------------------------------------- which code a run reaches

    /** The classes a run enters: by purpose, plus the lessons it names (all of them when null). */
    private Set<String> roots(String purpose, List<String> arguments, Collection<String> lessons) {
        var roots = new TreeSet<String>();
        if (purpose.startsWith(PICTURES)) {
            // the pictures are drawn by the renderer, which names the lessons it draws from
        } else if (lessons == null) {
            roots.addAll(lessonClasses.values());
        } else {
            for (String name : lessons) {
                Optional.ofNullable(lessonClasses.get(name)).ifPresent(roots::add);
            }
        }
        switch (purpose) {
            case "output" -> {
                findCommands();
                if (launcher == null) {
                    roots.addAll(code.keySet()); // no launcher found: every class, to be safe
                } else {
                    roots.add(launcher);
                    if (!arguments.isEmpty() && subcommands.containsKey(arguments.get(0))) {
                        roots.add(subcommands.get(arguments.get(0)));
                    }
                }
            }
            case "notebook-cell", "notebook-comparison", "notebook-chart" -> {
                roots.add(entry(NotebookRun.class));
                roots.add(entry(Report.class));
                roots.add(entry(Charts.class));
            }
            case PICTURES -> roots.add(entry(PictureRenderer.class));
            default -> {
                if (purpose.startsWith(PICTURES + ":")) {
                    roots.add(purpose.substring(PICTURES.length() + 1).replace('.', '/') + ".class");
                } else if (purpose.startsWith(NOTEBOOK_CALL + ":")) {
                    roots.add(purpose.substring(NOTEBOOK_CALL.length() + 1).replace('.', '/') + ".class");
                    roots.add(entry(Charts.class));
                } else {
                    roots.addAll(code.keySet()); // a purpose this cache does not know: every class
                }
            }
        }
        roots.retainAll(code.keySet());
        return roots;
    }

    /** Every class reachable from {@code roots} by name, except the subcommands that are not roots themselves. */
    private Set<String> reach(Set<String> roots) {
        findCommands();
        var cut = new HashSet<String>(subcommands.values());
        cut.removeAll(roots);
        var reached = new TreeSet<String>();
        var todo = new ArrayDeque<String>(roots);
        while (!todo.isEmpty()) {
            String entry = todo.pop();
            if (!reached.add(entry)) {
                continue;
            }
            for (String next : references(entry)) {
                if (!reached.contains(next) && !cut.contains(next) && !cut.contains(outer(next))) {
                    todo.add(next);
                }
            }
        }
        return reached;
    }

    /** The course's classes that {@code entry}'s bytes name, with slashes or dots. */
    private Set<String> references(String entry) {
        return references.computeIfAbsent(entry, e -> {
            var found = new TreeSet<String>();
            byte[] bytes = code.get(e);
            if (bytes == null || !e.endsWith(".class")) {
                return found;
            }
            Matcher m = REFERENCE.matcher(new String(bytes, StandardCharsets.ISO_8859_1));
            while (m.find()) {
                String name = m.group().replace('.', '/');
                while (name.length() > CODE.length()) {
                    if (code.containsKey(name + ".class")) {
                        found.add(name + ".class");
                        break;
                    }
                    int slash = name.lastIndexOf('/');
                    name = name.substring(0, Math.max(slash, 0)); // a.b.C.method or a.b.C.FIELD: try a.b.C
                }
            }
            return found;
        });
    }

    /** The launcher's class and its subcommands (classes beside it with picocli's {@code @Command}), once. */
    private void findCommands() {
        if (subcommands != null) {
            return;
        }
        subcommands = new TreeMap<>();
        if (code.isEmpty()) {
            return;
        }
        var provider = ServiceLoader.load(Launcher.class, RunCache.class.getClassLoader()).stream().findFirst();
        if (provider.isEmpty()) {
            return;
        }
        launcher = outer(entry(provider.get().type()));
        String pkg = launcher.substring(0, launcher.lastIndexOf('/') + 1);
        for (var e : code.entrySet()) {
            String name = e.getKey();
            if (!name.startsWith(pkg) || name.indexOf('/', pkg.length()) >= 0 || name.contains("$")
                    || name.equals(launcher) || !name.endsWith(".class")
                    || !new String(e.getValue(), StandardCharsets.ISO_8859_1).contains(COMMAND_ANNOTATION)) {
                continue;
            }
            try {
                Class<?> type = Class.forName(name.substring(0, name.length() - ".class".length()).replace('/', '.'),
                        false, RunCache.class.getClassLoader());
                var command = type.getAnnotation(picocli.CommandLine.Command.class);
                if (command != null && !command.name().isEmpty()) {
                    subcommands.put(command.name(), name);
                    for (String alias : command.aliases()) {
                        subcommands.put(alias, name);
                    }
                }
            } catch (ClassNotFoundException | LinkageError ex) {
                // a class that does not load is no subcommand
            }
        }
    }

    private static String entry(Class<?> type) {
        return type.getName().replace('.', '/') + ".class";
    }

    /** The top-level class of a nested class's entry ({@code a/B$C.class} to {@code a/B.class}). */
    private static String outer(String entry) {
        int dollar = entry.indexOf('$', entry.lastIndexOf('/') + 1);
        return dollar < 0 ? entry : entry.substring(0, dollar) + ".class";
    }

    /** Every class and resource of the course, by its name under the class path, from every folder or jar. */
    static Map<String, byte[]> code() {
        Map<String, byte[]> code = new TreeMap<>();
        try {
            var urls = RunCache.class.getClassLoader().getResources(CODE);
            while (urls.hasMoreElements()) {
                URL url = urls.nextElement();
                if ("file".equals(url.getProtocol())) {
                    Path base = Path.of(url.toURI());
                    Path top = base.getParent().getParent();
                    try (Stream<Path> files = Files.walk(base)) {
                        for (Path f : files.filter(Files::isRegularFile).toList()) {
                            code.putIfAbsent(top.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                        }
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        for (var entry : jar.stream().filter(e -> !e.isDirectory()
                                && e.getName().startsWith(CODE + "/")).toList()) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                code.putIfAbsent(entry.getName(), in.readAllBytes());
                            }
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return code;
    }

    // ---------------------------------------------------------------- entries

    /** An entry's bytes: magic, format, key, length, result, HMAC of all before it. */
    byte[] entry(String key, byte[] result) {
        var buffer = ByteBuffer.allocate(HEADER_BYTES + result.length + MAC_BYTES);
        buffer.put(MAGIC).putInt(FORMAT).put(HexFormat.of().parseHex(key)).putLong(result.length).put(result);
        buffer.put(mac(secret, buffer.array(), HEADER_BYTES + result.length));
        return buffer.array();
    }

    /** The result an entry holds, or empty (after one line saying why) when there is none or it does not verify. */
    private Optional<byte[]> read(Path file, String key, Predicate<byte[]> wellFormed) {
        String problem;
        try {
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            problem = check(attrs, key);
            if (problem == null) {
                byte[] entry;
                try (var channel = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
                    entry = new byte[(int) attrs.size()];
                    var b = ByteBuffer.wrap(entry);
                    while (b.hasRemaining() && channel.read(b) >= 0) {
                        // read it all
                    }
                    if (b.hasRemaining()) {
                        throw new IOException("shorter than its size");
                    }
                }
                var verified = verify(entry, key);
                if (verified.result() != null && !wellFormed.test(verified.result())) {
                    problem = "its content is not what this run stores";
                } else if (verified.result() != null) {
                    return Optional.of(verified.result());
                } else {
                    problem = verified.problem();
                }
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            problem = "unreadable: " + Messages.reason(e);
        }
        discarded++;
        notes.accept("run cache: discarded " + Messages.path(root.relativize(file)) + " (" + problem
                + "); running it again");
        return Optional.empty();
    }

    private static String check(java.nio.file.attribute.BasicFileAttributes attrs, String key) {
        if (!attrs.isRegularFile()) {
            return attrs.isSymbolicLink() ? "a symbolic link, not an entry this cache wrote"
                    : "not a regular file";
        }
        if (attrs.size() > (long) HEADER_BYTES + MAX_RESULT_BYTES + MAC_BYTES) {
            return "larger than " + (MAX_RESULT_BYTES >> 20) + " MB, the most an entry holds";
        }
        return null;
    }

    /** What verifying an entry found: its result, or why there is none. */
    record Verified(byte[] result, String problem) {
    }

    /** Checks an entry's bytes as stored under {@code key}: format, key, length and HMAC. */
    Verified verify(byte[] entry, String key) {
        if (entry.length < MAGIC.length || !java.util.Arrays.equals(entry, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            return new Verified(null, entry.length == 0 ? "empty" : "not a run-cache entry of this course (an older "
                    + "format, or other bytes)");
        }
        if (entry.length < HEADER_BYTES + MAC_BYTES) {
            return new Verified(null, "truncated: " + entry.length + " bytes, shorter than an entry's header");
        }
        var b = ByteBuffer.wrap(entry, MAGIC.length, entry.length - MAGIC.length);
        int format = b.getInt();
        if (format != FORMAT) {
            return new Verified(null, "format version " + Integer.toUnsignedString(format) + ", where this course "
                    + "reads " + FORMAT);
        }
        byte[] stored = new byte[KEY_BYTES];
        b.get(stored);
        if (!java.util.Arrays.equals(stored, HexFormat.of().parseHex(key))) {
            return new Verified(null, "stored under another key");
        }
        long length = b.getLong();
        long expected = (long) entry.length - HEADER_BYTES - MAC_BYTES;
        if (length != expected) {
            return new Verified(null, length < 0 || length > MAX_RESULT_BYTES ? "a length field out of range"
                    : length > expected ? "truncated: " + expected + " of " + length + " bytes" : "the length field "
                    + "says " + length + " bytes, the entry holds " + expected);
        }
        byte[] mac = mac(secret, entry, HEADER_BYTES + (int) length);
        if (!MessageDigest.isEqual(mac, java.util.Arrays.copyOfRange(entry, entry.length - MAC_BYTES,
                entry.length))) {
            return new Verified(null, "its checksum does not match: changed since this user's notebook command "
                    + "wrote it");
        }
        return new Verified(java.util.Arrays.copyOfRange(entry, HEADER_BYTES, HEADER_BYTES + (int) length), null);
    }

    private static byte[] mac(byte[] secret, byte[] data, int length) {
        try {
            var mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Files as [count][name relative to base, length, bytes]...; every file must lie under {@code base}. */
    static byte[] pack(Path base, Map<Path, byte[]> files) {
        var buffer = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(buffer)) {
            out.writeInt(files.size());
            for (var e : files.entrySet()) {
                Path file = e.getKey().toAbsolutePath().normalize();
                String name = file.startsWith(base) ? base.relativize(file).toString().replace('\\', '/') : "";
                if (safeName(name).isEmpty()) {
                    throw new IllegalStateException(file + ": not a plain name under " + base);
                }
                out.writeUTF(name);
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** The files of a packed result, or empty if it is malformed or names a file that could leave {@code base}. */
    static Optional<Map<Path, byte[]>> unpack(Path base, byte[] packed) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(packed))) {
            int n = in.readInt();
            if (n < 0 || n > MAX_FILES) {
                return Optional.empty();
            }
            for (int i = 0; i < n; i++) {
                var name = safeName(in.readUTF());
                int length = in.readInt();
                if (name.isEmpty() || length < 0 || length > in.available()) {
                    return Optional.empty();
                }
                Path file = base.resolve(name.get()).normalize();
                if (!file.startsWith(base) || files.containsKey(file)) {
                    return Optional.empty();
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                files.put(file, bytes);
            }
            if (in.available() != 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        return Optional.of(files);
    }

    /**
     * {@code name} when it is a relative path of plain names ({@value #NAME} each, at most four, separated by
     * {@code /}): no {@code ..}, no absolute path, no backslash, no empty part.
     */
    static Optional<String> safeName(String name) {
        if (name.isEmpty() || name.length() > 300) {
            return Optional.empty();
        }
        String[] parts = name.split("/", -1);
        if (parts.length > 4) {
            return Optional.empty();
        }
        for (String part : parts) {
            if (!NAME.matcher(part).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(name);
    }

    // ---------------------------------------------------------------- the secret

    /** This user's secret for the entries' HMAC, and whether it lasts beyond this process. */
    record Secret(byte[] bytes, boolean durable) {
        private static Secret loaded;

        static synchronized Secret get(Consumer<String> notes) {
            if (loaded == null) {
                try {
                    loaded = new Secret(load(location()), true);
                } catch (IOException | RuntimeException e) {
                    byte[] bytes = new byte[32];
                    new java.security.SecureRandom().nextBytes(bytes);
                    loaded = new Secret(bytes, false);
                    notes.accept("run cache: not reused (" + (e instanceof IOException io ? Messages.reason(io)
                            : Messages.line(String.valueOf(e.getMessage()))) + "); every run is done again");
                }
            }
            return loaded;
        }

        /** Where the secret lives: {@value #SECRET_PROPERTY}, or the user's cache folder. */
        static Path location() {
            String property = System.getProperty(SECRET_PROPERTY);
            if (property != null && !property.isBlank()) {
                return Path.of(property);
            }
            String xdg = System.getenv("XDG_CACHE_HOME");
            Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg)
                    : Path.of(System.getProperty("user.home"), ".cache");
            return cache.resolve("dl4j-regularization-lessons").resolve("run-cache.key");
        }

        /** Reads the secret, creating it (32 random bytes, mode 0600) when it does not exist. */
        static byte[] load(Path file) throws IOException {
            Files.createDirectories(file.getParent());
            if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                byte[] fresh = new byte[32];
                new java.security.SecureRandom().nextBytes(fresh);
                try (var out = Files.newByteChannel(file, Set.of(java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE), java.nio.file.attribute.PosixFilePermissions
                                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")))) {
                    out.write(ByteBuffer.wrap(fresh));
                    return fresh;
                } catch (java.nio.file.FileAlreadyExistsException e) {
                    // another process made it first: read theirs
                }
            }
            var attrs = Files.readAttributes(file, java.nio.file.attribute.PosixFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            String shown = Messages.path(file);
            if (!attrs.isRegularFile()) {
                throw new IOException(shown + " is not a regular file");
            }
            if (attrs.permissions().stream().anyMatch(p -> p.name().startsWith("GROUP")
                    || p.name().startsWith("OTHERS"))) {
                throw new IOException(shown + " is readable or writable by others; chmod 600 it");
            }
            byte[] bytes;
            try (var channel = Files.newByteChannel(file, LinkOption.NOFOLLOW_LINKS)) {
                var b = ByteBuffer.allocate(33);
                while (b.hasRemaining() && channel.read(b) >= 0) {
                    // at most 33 bytes
                }
                bytes = java.util.Arrays.copyOf(b.array(), b.position());
            }
            if (bytes.length != 32) {
                throw new IOException(shown + " holds " + bytes.length + " bytes, not a 32-byte secret; delete it");
            }
            return bytes;
        }
    }

    // ---------------------------------------------------------------- digests

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    private static void update(MessageDigest d, String text) {
        d.update(text.getBytes(StandardCharsets.UTF_8));
        d.update((byte) 0);
    }

    private static void update(MessageDigest d, Path file) {
        try {
            d.update(Files.readAllBytes(file));
            d.update((byte) 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(MessageDigest d) {
        return HexFormat.of().formatHex(d.digest());
    }
}
