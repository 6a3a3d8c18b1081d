package dev.dl4jlessons.exercises;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.DataOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.OutputException;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * The parent's side of the child JVM that runs a student's code ({@link CheckWorker}). A student's code may exit,
 * halt, loop for ever (in a static initializer too), print without end or start threads; none of that can reach the
 * course, because it happens in another process that the parent kills when it runs past its time, and the child's
 * class path does not hold the course's own from-scratch implementations ({@value #HIDDEN}), so no reflection can
 * load them there.
 */
final class Sandbox {
    /** The course's packages that the child's class path leaves out: the reference implementations. */
    static final String HIDDEN = "dev/dl4jlessons/scratch/";
    /** Bytes of output from the child (the student's direct writes included) before it counts as without end. */
    static final long OUTPUT_LIMIT = 4L << 20;
    /** How long a child may take to start and load ND4J. */
    static final long START_SECONDS = 180;

    private static final String EOF = "\u0000eof";
    /** Children not yet known to be gone: stopped with the course (Ctrl-C ends {@code --watch}). */
    private static final java.util.Set<Worker> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Worker::kill), "check-worker-stop"));
    }
    private static final SecureRandom RANDOM = new SecureRandom();

    private Sandbox() {
    }

    /** One child JVM, started and waiting for its job. */
    static final class Worker {
        final Process process;
        final String token = HexFormat.of().formatHex(RANDOM.generateSeed(12));
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Thread reader;

        Worker(Process process) {
            this.process = process;
            reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8))) {
                    char[] buffer = new char[8192];
                    var line = new StringBuilder();
                    int n;
                    while ((n = in.read(buffer)) >= 0) {
                        for (int i = 0; i < n; i++) {
                            char c = buffer[i];
                            if (c == '\n' || line.length() >= 8192) {
                                lines.add(line.toString());
                                line.setLength(0);
                            }
                            if (c != '\n') {
                                line.append(c);
                            }
                        }
                    }
                    if (line.length() > 0) {
                        lines.add(line.toString());
                    }
                } catch (IOException e) {
                    // the child is gone; EOF below says so
                } finally {
                    lines.add(EOF);
                }
            }, "check-worker-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** Sends the job: the exercises to check, the classes, the variants. */
        void send(List<String> names, Map<String, byte[]> classes, Map<String, Map<String, byte[]>> variants) {
            try (var out = new DataOutputStream(new BufferedOutputStream(process.getOutputStream()))) {
                out.writeUTF(token);
                out.writeInt(names.size());
                for (String n : names) {
                    out.writeUTF(n);
                }
                writeClasses(out, classes);
                out.writeInt(variants.size());
                for (var e : variants.entrySet()) {
                    out.writeUTF(e.getKey());
                    writeClasses(out, e.getValue());
                }
            } catch (IOException e) {
                // the child died before reading its job; the reader's EOF reports it
            }
        }

        private static void writeClasses(DataOutputStream out, Map<String, byte[]> classes) throws IOException {
            out.writeInt(classes.size());
            for (var e : classes.entrySet()) {
                out.writeUTF(e.getKey());
                out.writeInt(e.getValue().length);
                out.write(e.getValue());
            }
        }

        /** The next line, or null after {@code millis}; {@link #EOF} once the child's output ended. */
        String next(long millis) throws InterruptedException {
            return lines.poll(Math.max(0, millis), TimeUnit.MILLISECONDS);
        }

        /** Kills the child and whatever it started, and waits for it to be gone. */
        void kill() {
            LIVE.remove(this);
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
                reader.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** The child's exit code, after waiting a little for it to end. */
        int exitCode() {
            try {
                if (process.waitFor(5, TimeUnit.SECONDS)) {
                    LIVE.remove(this);
                    return process.exitValue();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill();
            return -1;
        }
    }

    static boolean isEof(String line) {
        return EOF.equals(line);
    }

    /** Starts a child JVM that loads ND4J and waits for its job. */
    static Worker start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(TunedJvm.FLAGS);
        for (String arg : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("-Dorg.bytedeco.") || arg.startsWith("-Djava.library.path=")) {
                command.add(arg);
            }
        }
        command.add("-D" + TunedJvm.GUARD + "=true");
        command.add("-D" + TunedJvm.PARENT + "=" + ProcessHandle.current().pid());
        Path root = ProjectFiles.requireRoot();
        command.add("-Dcourse.home=" + root);
        command.add("-Dfile.encoding=UTF-8");
        command.add("-Dstdout.encoding=UTF-8");
        command.add("-Dstderr.encoding=UTF-8");
        command.add("-cp");
        command.add(classPath(root));
        command.add(CheckWorker.class.getName());
        try {
            Process p = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true).start();
            var worker = new Worker(p);
            LIVE.add(worker);
            return worker;
        } catch (IOException e) {
            throw new OutputException("check could not start a JVM for the exercises (" + command.get(0) + "): "
                    + e.getMessage(), e);
        }
    }

    private static String cachedClassPath;
    private static String cachedKey;

    /**
     * The child's class path: every jar the course runs with, and a copy of the course's own classes without
     * {@value #HIDDEN}. The copy lives in {@code target/check-classpath/} and is made again when the classes change.
     */
    static synchronized String classPath(Path root) {
        Path course = courseLocation();
        String key = key(course);
        if (key.equals(cachedKey)) {
            return cachedClassPath;
        }
        Path dir = root.resolve("target").resolve("check-classpath");
        Path jar = dir.resolve("course-classes.jar");
        Path keyFile = dir.resolve("course-classes.key");
        boolean current = false;
        try {
            current = Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)
                    && Files.isRegularFile(keyFile, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(keyFile, StandardCharsets.UTF_8).strip().equals(key);
        } catch (IOException e) {
            current = false;
        }
        if (!current) {
            AtomicFiles.write(jar, out -> copyWithout(course, out));
            AtomicFiles.writeString(keyFile, key + "\n");
        }
        var entries = new LinkedHashSet<String>();
        entries.add(jar.toString());
        for (Path p : dependencies(course)) {
            entries.add(p.toString());
        }
        cachedClassPath = String.join(File.pathSeparator, entries);
        cachedKey = key;
        return cachedClassPath;
    }

    /** Where the course's classes are: {@code target/classes} or the jar. */
    static Path courseLocation() {
        try {
            return Path.of(Sandbox.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IllegalStateException("the course's classes could not be found: " + e, e);
        }
    }

    /** The course's class path without the course itself, with the {@code Class-Path} of manifest jars followed. */
    static List<Path> dependencies(Path course) {
        return dependencies(course, List.of(ExerciseCompiler.classPath().split(File.pathSeparator)));
    }

    /** {@link #dependencies(Path)} of the class path {@code entries}. */
    static List<Path> dependencies(Path course, List<String> entries) {
        var seen = new LinkedHashSet<Path>();
        var result = new ArrayList<Path>();
        var todo = new ArrayList<Path>();
        for (String e : entries) {
            if (!e.isEmpty()) {
                todo.add(Path.of(e).toAbsolutePath().normalize());
            }
        }
        Path self = course.toAbsolutePath().normalize();
        while (!todo.isEmpty()) {
            Path p = todo.remove(0);
            if (!seen.add(p) || !Files.isRegularFile(p)) {
                continue; // folders (test classes), missing entries
            }
            List<Path> listed = manifestClassPath(p);
            todo.addAll(0, listed);
            if (p.equals(self)) {
                continue; // the course's jar, replaced by its copy; run as java -jar, its manifest names lib/'s jars
            }
            if (listed.stream().anyMatch(l -> l.equals(self))) {
                continue; // a launcher jar (surefire's) that would put the course's classes back
            }
            result.add(p);
        }
        return result;
    }

    private static List<Path> manifestClassPath(Path jar) {
        var out = new ArrayList<Path>();
        try (var file = new JarFile(jar.toFile())) {
            var manifest = file.getManifest();
            String cp = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (cp != null) {
                URL base = jar.toUri().toURL();
                for (String entry : cp.trim().split("\\s+")) {
                    try {
                        out.add(Path.of(new URL(base, entry).toURI()).toAbsolutePath().normalize());
                    } catch (MalformedURLException | URISyntaxException | IllegalArgumentException e) {
                        // an entry java would skip too
                    }
                }
            }
        } catch (IOException e) {
            // not a jar: java would skip it too
        }
        return out;
    }

    /** A digest of the course's classes (names, sizes, times), to know when the copy is stale. */
    static String key(Path course) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            if (Files.isDirectory(course)) {
                try (Stream<Path> files = Files.walk(course)) {
                    for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                        digest.update((course.relativize(f) + ":" + Files.size(f) + ":"
                                + Files.getLastModifiedTime(f).toMillis() + "\n").getBytes(StandardCharsets.UTF_8));
                    }
                }
            } else {
                digest.update((course + ":" + Files.size(course) + ":" + Files.getLastModifiedTime(course).toMillis())
                        .getBytes(StandardCharsets.UTF_8));
            }
            digest.update((HIDDEN + " with folders").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("the course's classes could not be read: " + e, e);
        }
    }

    /** Writes a jar of the course's classes and resources without {@value #HIDDEN}. */
    private static void copyWithout(Path course, OutputStream target) throws IOException {
        var jar = new JarOutputStream(target);
        var folders = new java.util.HashSet<String>();
        if (Files.isDirectory(course)) {
            try (Stream<Path> files = Files.walk(course)) {
                for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = course.relativize(f).toString().replace(File.separatorChar, '/');
                    if (!name.startsWith(HIDDEN) && !name.equals("META-INF/MANIFEST.MF")) {
                        folders(jar, folders, name);
                        jar.putNextEntry(new JarEntry(name));
                        Files.copy(f, jar);
                        jar.closeEntry();
                    }
                }
            }
        } else {
            try (var in = new JarFile(course.toFile())) {
                for (JarEntry e : in.stream().toList()) {
                    if (!e.isDirectory() && !e.getName().startsWith(HIDDEN)
                            && !e.getName().equals("META-INF/MANIFEST.MF")) {
                        folders(jar, folders, e.getName());
                        jar.putNextEntry(new JarEntry(e.getName()));
                        in.getInputStream(e).transferTo(jar);
                        jar.closeEntry();
                    }
                }
            }
        }
        jar.finish();
    }

    /** The folder entries above {@code name}: a package is found by its folder (ExerciseCatalog lists one). */
    private static void folders(JarOutputStream jar, java.util.Set<String> done, String name) throws IOException {
        for (int i = name.indexOf('/'); i >= 0; i = name.indexOf('/', i + 1)) {
            String folder = name.substring(0, i + 1);
            if (done.add(folder)) {
                jar.putNextEntry(new JarEntry(folder));
                jar.closeEntry();
            }
        }
    }
}
