package dev.dl4jlessons.exercises;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import dev.dl4jlessons.runtime.InputException;

/**
 * Compiles the exercise files in memory with the JDK's compiler, against the class path the course runs with, so
 * that {@code check} needs no rebuild and an unfinished exercise never breaks the course's own build.
 */
public final class ExerciseCompiler {
    private ExerciseCompiler() {
    }

    /** The exercise files did not compile: the compiler's messages, each naming the file and line. */
    public static final class CompileError extends Exception {
        private static final long serialVersionUID = 1L;
        private final List<String> lines;

        CompileError(List<String> lines) {
            super(String.join("\n", lines));
            this.lines = List.copyOf(lines);
        }

        /** One entry per error: {@code file:line: error: message}, then the source line and a caret. */
        public List<String> lines() {
            return lines;
        }
    }

    /** Compiled classes: their bytes by binary name. */
    public record Compiled(Map<String, byte[]> classes) {
        /** The class bytes of the exercise {@code name} and of its nested classes. */
        public List<byte[]> classesOf(String name) {
            var out = new ArrayList<byte[]>();
            classes.forEach((k, v) -> {
                if (k.equals("exercises." + name) || k.startsWith("exercises." + name + "$")) {
                    out.add(v);
                }
            });
            return out;
        }
    }

    /**
     * Compiles every {@code .java} file in {@code dir}.
     *
     * @param shownAs how to name {@code dir} in messages (relative to the project, as the student sees it)
     * @throws CompileError with the compiler's messages
     * @throws InputException when no JDK compiler is present or the folder is missing
     */
    public static Compiled compile(Path dir, String shownAs) throws CompileError {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new InputException("check needs a JDK (javac), and this Java (" + System.getProperty("java.home")
                    + ") is a runtime only; run it with a JDK 17 or newer");
        }
        List<Path> sources;
        try (Stream<Path> files = Files.list(dir)) {
            sources = files.filter(f -> f.getFileName().toString().endsWith(".java") && Files.isRegularFile(f))
                    .sorted().toList();
        } catch (IOException e) {
            throw new InputException(shownAs + ": the exercise folder could not be read (" + e.getMessage()
                    + "); restore it with: git checkout -- src/exercises", e);
        }
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        synchronized (ExerciseCompiler.class) {
            StandardJavaFileManager standard = fileManager(javac);
            JavaFileManager memory = inMemory(standard, out);
            var units = standard.getJavaFileObjectsFromPaths(sources);
            List<String> options = List.of("-encoding", "UTF-8", "--release", "17", "-proc:none", "-implicit:none",
                    "-Xlint:none", "-nowarn", "-g");
            boolean ok = javac.getTask(null, memory, diagnostics, options, null, units).call();
            if (!ok) {
                throw new CompileError(messages(diagnostics, dir, shownAs));
            }
        }
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        return new Compiled(classes);
    }

    /** A file manager that reads sources through {@code standard} and keeps every class javac writes in {@code out}. */
    private static JavaFileManager inMemory(StandardJavaFileManager standard, Map<String, ByteArrayOutputStream> out) {
        return new ForwardingJavaFileManager<>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String className, JavaFileObject.Kind kind,
                    FileObject sibling) {
                var bytes = new ByteArrayOutputStream();
                out.put(className, bytes);
                return new SimpleJavaFileObject(URI.create("mem:///" + className.replace('.', '/') + kind.extension),
                        kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return bytes;
                    }
                };
            }
        };
    }

    private static final Map<Map<String, String>, Map<String, byte[]>> VARIANTS = new java.util.HashMap<>();

    /**
     * Compiles sources held in memory ({@link Exercise#variants()}), once per JVM.
     *
     * @param sources Java source by binary class name, all in package {@code exercises}
     */
    static synchronized Map<String, byte[]> compileVariants(Map<String, String> sources) {
        Map<String, byte[]> known = VARIANTS.get(sources);
        if (known != null) {
            return known;
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        var diagnostics = new DiagnosticCollector<JavaFileObject>();
        Map<String, ByteArrayOutputStream> out = new TreeMap<>();
        StandardJavaFileManager standard = fileManager(javac);
        JavaFileManager memory = inMemory(standard, out);
        var units = new ArrayList<JavaFileObject>();
        sources.forEach((name, text) -> units.add(new SimpleJavaFileObject(URI.create("string:///"
                + name.replace('.', '/') + ".java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return text;
            }
        }));
        boolean ok = javac.getTask(null, memory, diagnostics, List.of("--release", "17", "-proc:none",
                "-implicit:none", "-nowarn"), null, units).call();
        if (!ok) {
            throw new IllegalStateException("a check's variant classes do not compile: " + diagnostics.getDiagnostics());
        }
        Map<String, byte[]> classes = new TreeMap<>();
        out.forEach((k, v) -> classes.put(k, v.toByteArray()));
        VARIANTS.put(Map.copyOf(sources), classes);
        return classes;
    }

    /**
     * One file manager for the life of the JVM, holding the course's class path: it keeps the jars it has indexed
     * open, so that {@code check --watch} compiles again in a fraction of a second instead of re-reading them all.
     */
    private static StandardJavaFileManager shared;

    private static StandardJavaFileManager fileManager(JavaCompiler javac) {
        if (shared == null) {
            var manager = javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8);
            try {
                manager.setLocation(javax.tools.StandardLocation.CLASS_PATH, Stream.of(classPath().split(
                        File.pathSeparator)).map(File::new).toList());
            } catch (IOException e) {
                throw new InputException("the course's class path could not be read: " + e.getMessage(), e);
            }
            shared = manager;
        }
        return shared;
    }

    private static List<String> messages(DiagnosticCollector<JavaFileObject> diagnostics, Path dir, String shownAs) {
        var lines = new ArrayList<String>();
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
            if (d.getKind() != Diagnostic.Kind.ERROR) {
                continue;
            }
            String file = d.getSource() == null ? shownAs
                    : shownAs + "/" + Path.of(d.getSource().toUri()).getFileName();
            var entry = new StringBuilder(file + ":" + d.getLineNumber() + ": error: "
                    + d.getMessage(Locale.ROOT).lines().findFirst().orElse(""));
            if (d.getSource() != null && d.getLineNumber() > 0) {
                try {
                    String line = Files.readAllLines(Path.of(d.getSource().toUri()), StandardCharsets.UTF_8)
                            .get((int) d.getLineNumber() - 1);
                    entry.append('\n').append("    ").append(line.stripTrailing()).append('\n').append("    ")
                            .append(" ".repeat((int) Math.max(0, d.getColumnNumber() - 1))).append('^');
                } catch (IOException | IndexOutOfBoundsException e) {
                    // the line is a nicety; the message already names file and line
                }
            }
            lines.add(entry.toString());
        }
        return lines;
    }

    /**
     * The class path the course runs with: {@code java.class.path} (with a jar's {@code Class-Path}, which javac
     * follows), and the URLs of the class loaders above this class (Maven's {@code exec:java} loads the course
     * through one of its own).
     */
    static String classPath() {
        var entries = new LinkedHashSet<String>();
        for (ClassLoader cl = ExerciseCompiler.class.getClassLoader(); cl != null; cl = cl.getParent()) {
            if (cl instanceof URLClassLoader urls) {
                for (URL url : urls.getURLs()) {
                    try {
                        entries.add(Path.of(url.toURI()).toString());
                    } catch (URISyntaxException | IllegalArgumentException e) {
                        // not a file: nothing javac could read
                    }
                }
            }
        }
        for (Class<?> anchor : new Class<?>[] {ExerciseCompiler.class, org.nd4j.linalg.api.ndarray.INDArray.class,
            org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class, org.nd4j.linalg.factory.Nd4j.class,
            org.deeplearning4j.nn.conf.NeuralNetConfiguration.class, org.nd4j.common.primitives.Pair.class}) {
            try {
                var source = anchor.getProtectionDomain().getCodeSource();
                if (source != null) {
                    entries.add(Path.of(source.getLocation().toURI()).toString());
                }
            } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
                // no location: the class path property may still hold it
            }
        }
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                entries.add(entry);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Loads compiled exercise classes in a fresh loader, ahead of any copy an IDE compiled into the class path, and
     * refuses to load the classes an exercise may not use (so that {@code Class.forName} cannot reach them either).
     */
    static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;
        private final List<String> forbidden;

        Loader(Map<String, byte[]> classes) {
            this(classes, List.of());
        }

        Loader(Map<String, byte[]> classes, List<String> forbidden) {
            super("exercises", ExerciseCompiler.class.getClassLoader());
            this.classes = classes;
            this.forbidden = forbidden.stream().map(p -> p.replace('/', '.')).toList();
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            synchronized (getClassLoadingLock(name)) {
                byte[] bytes = classes.get(name);
                if (bytes == null) {
                    for (String prefix : forbidden) {
                        if (name.startsWith(prefix)) {
                            throw new ClassNotFoundException(name + " (refused: it does the exercised part for you)");
                        }
                    }
                    return super.loadClass(name, resolve);
                }
                Class<?> c = findLoadedClass(name);
                if (c == null) {
                    c = defineClass(name, bytes, 0, bytes.length);
                }
                if (resolve) {
                    resolveClass(c);
                }
                return c;
            }
        }
    }
}
