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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;

import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.runtime.AtomicFiles;

/**
 * What the {@code notebook} command printed or drew last time, kept in {@value #DIR} under a hash of everything that
 * produced it, so that an unchanged lesson is not run again. The hash covers:
 * <ul>
 * <li>the <b>compiled code</b> that runs (every class and resource under {@code dev/dl4jlessons/}, from the classes
 * folder or the jar, so a source edited but not compiled cannot be cached under its new text), split in two: the
 * shared code (harness, data, runtime, commands, ...) and each lesson class with its nested classes;</li>
 * <li>the <b>libraries</b> ({@code pom.xml}) and the Java version;</li>
 * <li>the <b>data</b>: every file in {@code test-data/}, and any file an argument names;</li>
 * <li>the <b>options</b>: the purpose and the arguments of the run.</li>
 * </ul>
 * The generator itself (this package and the {@code notebook} command, which no guide command can reach) counts only
 * for the pictures, which it draws; so editing how the notebook is laid out runs nothing again.
 * A run that names lessons ({@code dropout --epochs 5}) depends on those lessons' classes, on the lessons they or the
 * shared code refer to, and on the shared code; any other run ({@code --list}, {@code lab}, the default run) depends
 * on every lesson. So writing a new lesson leaves the other lessons' outputs cached, and editing shared code runs
 * everything again.
 */
public final class RunCache {
    /** The cache folder, relative to the repository root; {@code mvn clean} removes it. */
    public static final String DIR = "target/notebook-cache";
    private static final String CODE = "dev/dl4jlessons";
    private static final String GENERATOR = "dev/dl4jlessons/docs/";
    private static final String NOTEBOOK_COMMAND = "dev/dl4jlessons/cli/NotebookCommand";
    /** The purpose of the pictures' entry, the one result the generator's own code draws. */
    static final String PICTURES = "pictures";

    private final Path dir;
    private final boolean reuse;
    private String shared;
    private String generator = "";
    private final Map<String, String> lessonDigests = new TreeMap<>();
    private final Map<String, Set<String>> mentions = new LinkedHashMap<>();
    private final Set<String> sharedLessons = new TreeSet<>();
    private final Set<Path> used = new HashSet<>();
    private int hits;
    private int misses;

    private RunCache(Path dir, boolean reuse, String shared) {
        this.dir = dir;
        this.reuse = reuse;
        this.shared = shared;
    }

    /** A cache that runs everything and keeps nothing: what the tests compare against. */
    public static RunCache none() {
        return new RunCache(null, false, "");
    }

    /**
     * The cache of the repository at {@code root}.
     *
     * @param reuse false to run everything again (the results still replace what the cache holds)
     */
    public static RunCache open(Path root, boolean reuse) {
        Map<String, byte[]> code = code();
        List<Lesson> lessons = LessonCatalog.all();
        Map<String, String> owner = new TreeMap<>(); // class entry -> lesson name
        for (Lesson lesson : lessons) {
            String base = lesson.getClass().getName().replace('.', '/');
            for (String entry : code.keySet()) {
                if (entry.equals(base + ".class") || entry.startsWith(base + "$")) {
                    owner.put(entry, lesson.name());
                }
            }
        }
        var sharedDigest = digest();
        update(sharedDigest, "java " + System.getProperty("java.version"));
        update(sharedDigest, root.resolve("pom.xml"));
        try (Stream<Path> data = Files.walk(root.resolve("test-data"))) {
            for (Path f : data.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)).sorted().toList()) {
                update(sharedDigest, root.relativize(f).toString());
                update(sharedDigest, f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        var cache = new RunCache(root.resolve(DIR), reuse, null);
        Map<String, java.security.MessageDigest> perLesson = new TreeMap<>();
        var generatorDigest = digest();
        for (var e : code.entrySet()) {
            String lesson = owner.get(e.getKey());
            boolean generator = e.getKey().startsWith(GENERATOR) || e.getKey().startsWith(NOTEBOOK_COMMAND);
            var d = lesson != null ? perLesson.computeIfAbsent(lesson, k -> digest())
                    : generator ? generatorDigest : sharedDigest;
            update(d, e.getKey());
            d.update(e.getValue());
            String text = new String(e.getValue(), StandardCharsets.ISO_8859_1);
            for (Lesson other : lessons) {
                if (!other.name().equals(lesson)
                        && text.contains(other.getClass().getName().replace('.', '/'))) {
                    if (lesson == null) {
                        cache.sharedLessons.add(other.name());
                    } else {
                        cache.mentions.computeIfAbsent(lesson, k -> new TreeSet<>()).add(other.name());
                    }
                }
            }
        }
        perLesson.forEach((name, d) -> cache.lessonDigests.put(name, hex(d)));
        cache.shared = hex(sharedDigest);
        cache.generator = hex(generatorDigest);
        return cache;
    }

    /**
     * What the launcher prints for a guide's output block, from the cache when nothing that produced it changed.
     *
     * @param run runs the launcher for real
     */
    public String guideOutput(String[] args, java.util.function.Function<String[], String> run) {
        List<String> named = Arrays.stream(args).filter(a -> LessonCatalog.find(a).isPresent()).toList();
        boolean namesLessons = args.length > 0 && !named.isEmpty() && named.contains(args[0]);
        return text("output", List.of(args), namesLessons ? named : null, () -> run.apply(args));
    }

    /**
     * {@code run}'s text, from the cache when nothing it depends on changed.
     *
     * @param purpose   what is cached, e.g. {@code notebook-cell dropout}
     * @param arguments the options of the run; files among them are hashed too
     * @param lessons   the lessons the run depends on by name, or null for every lesson
     */
    public String text(String purpose, List<String> arguments, Collection<String> lessons, Supplier<String> run) {
        return new String(bytes(purpose, arguments, lessons, () -> run.get().getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8);
    }

    /** {@code run}'s bytes, from the cache when nothing it depends on changed. */
    public byte[] bytes(String purpose, List<String> arguments, Collection<String> lessons, Supplier<byte[]> run) {
        if (dir == null) {
            return run.get();
        }
        Path file = dir.resolve(key(purpose, arguments, lessons) + ".cached");
        used.add(file);
        if (reuse && Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            try {
                byte[] cached = Files.readAllBytes(file);
                hits++;
                return cached;
            } catch (IOException e) {
                // unreadable: run it again below, and replace it
            }
        }
        byte[] fresh = run.get();
        misses++;
        AtomicFiles.write(file, out -> out.write(fresh));
        return fresh;
    }

    /** {@code run}'s files, from the cache when nothing they depend on changed (all lessons). */
    public Map<Path, byte[]> files(String purpose, Path root, Supplier<Map<Path, byte[]>> run) {
        return unpack(root, bytes(purpose, List.of(), null, () -> pack(root, run.get())));
    }

    /** The pictures the generator draws, from the cache when neither it nor anything else changed. */
    public Map<Path, byte[]> pictures(Path root, Supplier<Map<Path, byte[]>> run) {
        return files(PICTURES, root, run);
    }

    /** How many results came from the cache, and how many were run. */
    public String summary() {
        return hits + " from the cache, " + misses + " run";
    }

    /** Results taken from the cache in this run. */
    public int hits() {
        return hits;
    }

    /** Results run (and stored) in this run. */
    public int misses() {
        return misses;
    }

    /**
     * Deletes the cached results this run did not use (left by older code or data), after a run that covered every
     * lesson; only regular files this cache wrote are removed.
     */
    public void prune() {
        if (dir == null || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".cached")
                    && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && !used.contains(p)).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The lessons a run that names {@code lessons} depends on: those, what they refer to, and what shared code does. */
    Set<String> closure(Collection<String> lessons) {
        var all = new TreeSet<String>();
        var todo = new ArrayDeque<String>(lessons == null ? lessonDigests.keySet() : lessons);
        todo.addAll(sharedLessons);
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (all.add(name)) {
                todo.addAll(mentions.getOrDefault(name, Set.of()));
            }
        }
        return all;
    }

    String key(String purpose, List<String> arguments, Collection<String> lessons) {
        var d = digest();
        update(d, purpose);
        update(d, String.join("\u0000", arguments));
        update(d, shared);
        if (purpose.equals(PICTURES)) {
            update(d, generator);
        }
        for (String lesson : closure(lessons)) {
            update(d, lesson + "=" + lessonDigests.getOrDefault(lesson, "?"));
        }
        for (String a : arguments) {
            if (a.isEmpty()) {
                continue;
            }
            Path p = Path.of(a);
            if (!p.isAbsolute() && dir != null) {
                p = dir.getParent().getParent().resolve(a); // relative to the repository, as guides name files
            }
            if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                update(d, p);
            }
        }
        return hex(d);
    }

    /** Every class and resource of the course, by its name under the class path, from every folder or jar. */
    private static Map<String, byte[]> code() {
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
                            code.put(top.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                        }
                    }
                } else if ("jar".equals(url.getProtocol())) {
                    var connection = (JarURLConnection) url.openConnection();
                    connection.setUseCaches(false);
                    try (var jar = connection.getJarFile()) {
                        for (var entry : jar.stream().filter(e -> !e.isDirectory()
                                && e.getName().startsWith(CODE + "/")).toList()) {
                            try (InputStream in = jar.getInputStream(entry)) {
                                code.put(entry.getName(), in.readAllBytes());
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

    private static byte[] pack(Path root, Map<Path, byte[]> files) {
        var buffer = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(buffer)) {
            out.writeInt(files.size());
            for (var e : files.entrySet()) {
                out.writeUTF(root.relativize(e.getKey()).toString());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static Map<Path, byte[]> unpack(Path root, byte[] packed) {
        Map<Path, byte[]> files = new LinkedHashMap<>();
        try (var in = new DataInputStream(new java.io.ByteArrayInputStream(packed))) {
            int n = in.readInt();
            for (int i = 0; i < n; i++) {
                Path file = root.resolve(in.readUTF());
                byte[] bytes = new byte[in.readInt()];
                in.readFully(bytes);
                files.put(file, bytes);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return files;
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
