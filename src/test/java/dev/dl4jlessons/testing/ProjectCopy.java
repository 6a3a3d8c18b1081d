package dev.dl4jlessons.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.tools.ToolProvider;

import dev.dl4jlessons.docs.RunCache;

/**
 * A copy of the project in a temporary folder, for tests that change it as an instructor would and run the launcher
 * on the change: the sources, guides and notebook (no version control, no build output), the compiled classes, and the
 * run cache when there is one (unchanged lessons come from it, as on a real machine). The launcher runs in a child JVM
 * on the copy's classes, in the copy.
 *
 * @param root      the original project
 * @param dir       the copy
 * @param classes   the copy's compiled classes ({@code target/classes})
 * @param classPath the copy's classes, then the libraries of this test's class path
 */
public record ProjectCopy(Path root, Path dir, Path classes, String classPath) {
    /** Copies {@code root} into {@code dir}, with its compiled classes and its run cache. */
    public static ProjectCopy of(Path root, Path dir) throws IOException {
        copyTree(root, dir);
        Path classes = dir.resolve("target/classes");
        copyTree(root.resolve("target/classes"), classes);
        if (Files.isDirectory(root.resolve(RunCache.DIR))) {
            copyTree(root.resolve(RunCache.DIR), dir.resolve(RunCache.DIR));
        }
        String libraries = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> !e.endsWith("classes") && !e.endsWith("classes/")).collect(Collectors.joining(
                        File.pathSeparator));
        return new ProjectCopy(root, dir, classes, classes + File.pathSeparator + libraries);
    }

    /** A file of the copy, by its path relative to the project root. */
    public Path file(String relative) {
        return dir.resolve(relative);
    }

    /** Replaces {@code from} by {@code to} in a file of the copy, which must hold it exactly once. */
    public void replace(String relative, String from, String to) throws IOException {
        Path file = file(relative);
        String text = Files.readString(file);
        assertEquals(1, text.split(java.util.regex.Pattern.quote(from), -1).length - 1, relative + " holds '"
                + from + "' once");
        Files.writeString(file, text.replace(from, to));
    }

    /** Compiles {@code sources} into {@code out}, against the copy's class path. */
    public void compile(Path out, Path... sources) {
        var args = new ArrayList<>(List.of("-d", out.toString(), "-cp", classPath, "-proc:none", "-encoding",
                "UTF-8"));
        Arrays.stream(sources).map(Path::toString).forEach(args::add);
        assertEquals(0, ToolProvider.getSystemJavaCompiler().run(null, null, null, args.toArray(String[]::new)),
                "javac " + Arrays.toString(sources));
    }

    /**
     * Compiles every main source of the copy into its classes, with the options Maven's compiler plugin uses here
     * ({@code -g -parameters --release 17}), so a class whose source did not change gets the same bytes as Maven's:
     * the run cache then sees only the classes a change really touched (a constant is inlined into its users, so
     * they change too).
     *
     * @return the classes (entries such as {@code dev/dl4jlessons/harness/Payoff.class}) whose bytes changed
     */
    public TreeSet<String> compileMainSources() throws IOException {
        Path sources = file("src/main/java");
        List<String> files;
        try (Stream<Path> s = Files.walk(sources)) {
            files = s.filter(p -> p.toString().endsWith(".java")).map(Path::toString).sorted().toList();
        }
        var before = classBytes();
        String libraries = classPath.substring(classPath.indexOf(File.pathSeparator) + 1);
        var args = new ArrayList<>(List.of("-d", classes.toString(), "-cp", libraries, "-g", "-parameters",
                "--release", "17", "-encoding", "UTF-8", "-proc:none", "-nowarn", "-Xlint:none"));
        args.addAll(files);
        var errors = new java.io.ByteArrayOutputStream();
        int code = ToolProvider.getSystemJavaCompiler().run(null, null, errors, args.toArray(String[]::new));
        assertEquals(0, code, "javac of the copy's sources: " + errors);
        var after = classBytes();
        var changed = new TreeSet<String>();
        after.forEach((entry, bytes) -> {
            if (!before.containsKey(entry) || !Arrays.equals(before.get(entry), bytes)) {
                changed.add(entry);
            }
        });
        return changed;
    }

    private java.util.Map<String, byte[]> classBytes() throws IOException {
        var bytes = new java.util.TreeMap<String, byte[]>();
        try (Stream<Path> s = Files.walk(classes)) {
            for (Path p : s.filter(p -> p.toString().endsWith(".class")).toList()) {
                bytes.put(classes.relativize(p).toString().replace('\\', '/'), Files.readAllBytes(p));
            }
        }
        return bytes;
    }

    /** The launcher with {@code args}, in a child JVM on the copy's classes, in the copy; at most 15 minutes. */
    public Run course(String... args) throws Exception {
        var command = new ArrayList<>(List.of(ChildJvm.java(), "-Dcourse.relaunch=false", "-XX:+UseParallelGC",
                "-Xmx512m", "-cp", classPath, "dev.dl4jlessons.cli.Course"));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("copy", ".out");
        Path err = Files.createTempFile("copy", ".err");
        try {
            var process = new ProcessBuilder(command).directory(dir.toFile()).redirectOutput(out.toFile())
                    .redirectError(err.toFile()).start();
            if (!process.waitFor(900, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                assertTrue(false, "finished within 15 minutes: " + command);
            }
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Files of the copy (outside target/) that are new or differ from the original project. */
    public TreeSet<String> changed() throws IOException {
        var changed = new TreeSet<String>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(p).toString().replace('\\', '/');
                if (relative.startsWith("target/")) {
                    continue;
                }
                Path before = root.resolve(relative);
                if (!Files.isRegularFile(before) || !Arrays.equals(Files.readAllBytes(before), Files.readAllBytes(p))) {
                    changed.add(relative);
                }
            }
        }
        return changed;
    }

    /** Copies a tree, leaving out version control and build output. */
    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : s.filter(p -> !excluded(from.relativize(p))).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else if (Files.isRegularFile(p)) {
                    Files.createDirectories(target.getParent());
                    Files.copy(p, target);
                }
            }
        }
    }

    private static boolean excluded(Path relative) {
        String first = relative.getNameCount() == 0 ? "" : relative.getName(0).toString();
        return first.equals(".git") || first.equals("target");
    }
}
