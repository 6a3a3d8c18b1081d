package dev.dl4jlessons.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.OutputException;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * The kernelspec of the course's kernel: where Jupyter looks for it, what it holds, writing and removing it.
 *
 * <p>The recorded command starts this checkout's build (the jar and its {@code lib/}, or Maven's
 * {@code target/classes} and {@code target/classpath.txt}) with absolute paths and the course's JVM flags, from the
 * repository root, so it works whatever folder Jupyter was started in. On Linux and macOS it goes through
 * {@code /bin/sh}, which first checks that the build is still there: a kernelspec left behind by a moved or deleted
 * checkout then says so when the kernel starts, instead of Java's "could not find or load main class".
 */
public final class KernelSpec {
    /** The kernel's folder name under {@code kernels/}, and the name a notebook's metadata declares. */
    public static final String NAME = "dl4j-course";
    /** A key in the spec's metadata: its presence marks a spec this course wrote, the only kind uninstall removes. */
    static final String MARK = "dl4j_course";

    private KernelSpec() {
    }

    /**
     * Jupyter's data folder for this user: {@code --prefix DIR} gives {@code DIR/share/jupyter} (as
     * {@code jupyter kernelspec install --prefix} does), else {@code JUPYTER_DATA_DIR}, else the platform's default.
     */
    public static Path dataDir(Path prefix, Map<String, String> env) {
        if (prefix != null) {
            return prefix.toAbsolutePath().normalize().resolve("share").resolve("jupyter");
        }
        String explicit = env.get("JUPYTER_DATA_DIR");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        Path home = Path.of(System.getProperty("user.home"));
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win")) {
            String appData = env.get("APPDATA");
            return (appData != null ? Path.of(appData) : home.resolve("AppData").resolve("Roaming")).resolve("jupyter");
        }
        if (os.contains("mac")) {
            return home.resolve("Library").resolve("Jupyter");
        }
        String xdg = env.get("XDG_DATA_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : home.resolve(".local").resolve("share"))
                .resolve("jupyter");
    }

    /** The folder of the course's kernelspec in {@code dataDir}. */
    public static Path folder(Path dataDir) {
        return dataDir.resolve("kernels").resolve(NAME);
    }

    /**
     * What the kernel runs: the build to check, its class path, and the folder to start in.
     *
     * @param checked   the jar or {@code target/classes}, which must still be there when the kernel starts
     * @param classPath the class path, entries separated by the platform's separator
     * @param root      the repository the kernel starts in ({@code course.home})
     * @param required  folders that must still be there too (the jar's {@code lib/})
     * @param entries   the class path's entries, as paths (a path may hold the separator)
     */
    public record Build(Path checked, String classPath, Path root, List<Path> required, List<Path> entries) {
        /** A build whose class path is split at the platform's separator. */
        public Build(Path checked, String classPath, Path root) {
            this(checked, classPath, root, List.of(), split(classPath));
        }

        private static List<Path> split(String classPath) {
            List<Path> paths = new ArrayList<>();
            for (String entry : classPath.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    paths.add(Path.of(entry).toAbsolutePath());
                }
            }
            return paths;
        }
    }

    /**
     * This checkout's build, found from where this class was loaded: a jar with its {@code lib/} folder, or Maven's
     * {@code target/classes} with {@code target/classpath.txt}.
     *
     * @throws InputException when the build is incomplete, saying which command builds it
     */
    public static Build currentBuild() {
        Path code;
        try {
            code = Path.of(KernelSpec.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .toAbsolutePath().normalize();
        } catch (Exception e) {
            throw new InputException("kernel install: cannot tell where the course's classes are (" + e + ")");
        }
        Path root = rootOf(code);
        if (Files.isRegularFile(code)) {
            Path lib = code.resolveSibling("lib");
            if (!Files.isDirectory(lib)) {
                throw new InputException("kernel install: " + lib + " is missing; build the jar with its libraries: "
                        + "mvn -q package -DskipTests");
            }
            List<Path> entries = new ArrayList<>();
            entries.add(code);
            try (var jars = Files.list(lib)) {
                jars.filter(j -> j.getFileName().toString().endsWith(".jar")).sorted().forEach(entries::add);
            } catch (IOException e) {
                throw new InputException("kernel install: cannot list " + lib + ": " + e.getMessage());
            }
            return new Build(code, code + File.pathSeparator + lib.resolve("*"), root, List.of(lib), entries);
        }
        Path file = code.resolveSibling("classpath.txt");
        if (!Files.isRegularFile(file)) {
            throw new InputException("kernel install: " + file + " is missing; build with mvn -q compile");
        }
        String classPath;
        try {
            classPath = Files.readString(file).strip();
        } catch (IOException e) {
            throw new InputException("kernel install: cannot read " + file + ": " + e.getMessage());
        }
        return new Build(code, classPath, root);
    }

    /**
     * The checkout that holds {@code code} (the jar or {@code target/classes}): its nearest parent with
     * {@code pom.xml} and {@code test-data/}. Never the working directory: {@code kernel install} run inside another
     * project must not point the kernel at that project.
     */
    static Path rootOf(Path code) {
        for (Path dir = code.getParent(); dir != null; dir = dir.getParent()) {
            if (Files.isDirectory(dir.resolve("test-data")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        Path parent = code.getParent();
        return parent != null && parent.getParent() != null ? parent.getParent() : code.getParent();
    }

    /** The file in the kernelspec's folder whose manifest holds the kernel's class path and main class. */
    static final String CLASS_PATH_JAR = "classpath.jar";

    /**
     * A jar with only a manifest: {@code Main-Class} the kernel and {@code Class-Path} this build's entries as
     * {@code file:} URLs. The kernel starts with {@code -jar} on it, so no path ever passes through a class path
     * string, where the separator ({@code :} on Linux and macOS, {@code ;} on Windows) would cut a path containing
     * it in two.
     */
    static byte[] classPathJar(Build build) {
        var manifest = new java.util.jar.Manifest();
        var attributes = manifest.getMainAttributes();
        attributes.put(java.util.jar.Attributes.Name.MANIFEST_VERSION, "1.0");
        attributes.put(java.util.jar.Attributes.Name.MAIN_CLASS, KernelMain.class.getName());
        List<String> urls = new ArrayList<>();
        for (Path entry : build.entries()) {
            urls.add(entry.toUri().toString()); // a folder's URI ends with '/', as Class-Path needs
        }
        attributes.put(java.util.jar.Attributes.Name.CLASS_PATH, String.join(" ", urls));
        var bytes = new java.io.ByteArrayOutputStream();
        try (var jar = new java.util.jar.JarOutputStream(bytes, manifest)) {
            jar.flush();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** The JVM that runs this course: the kernel uses the same one. */
    static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toAbsolutePath();
    }

    /**
     * The kernel's command line, Jupyter's {@code argv}; {@code {connection_file}} is filled in by Jupyter. The class
     * path is in {@code specFolder}'s {@link #CLASS_PATH_JAR}, which {@link #install} writes beside the spec.
     */
    public static List<String> argv(Build build, Path java, boolean posix, Path specFolder) {
        List<String> javaCommand = new ArrayList<>();
        javaCommand.add(java.toString());
        javaCommand.addAll(TunedJvm.FLAGS);
        javaCommand.add("-Dcourse.home=" + build.root());
        javaCommand.add("-jar");
        javaCommand.add(specFolder.resolve(CLASS_PATH_JAR).toString());
        if (!posix) {
            List<String> argv = new ArrayList<>(javaCommand);
            argv.add("{connection_file}");
            return argv;
        }
        var script = new StringBuilder();
        for (Path folder : build.required()) {
            script.append("if [ ! -d ").append(quote(folder.toString())).append(" ]; then echo ")
                    .append(quote("error: the kernel '" + CourseKernel.DISPLAY_NAME + "' cannot start: " + folder
                            + " is gone, and the course's libraries with it. Build the course again (mvn -q package "
                            + "-DskipTests), which writes it beside the jar."))
                    .append(" >&2; exit 1; fi; ");
        }
        script.append("if [ ! -e ").append(quote(build.checked().toString())).append(" ]; then echo ")
                .append(quote("error: the kernel '" + CourseKernel.DISPLAY_NAME + "' cannot start: "
                        + build.checked() + " is gone (moved, deleted or cleaned). Run './course kernel install' "
                        + "in the checkout's folder (it builds the course first)."))
                .append(" >&2; exit 1; fi; cd ").append(quote(build.root().toString())).append(" && exec");
        for (String part : javaCommand) {
            script.append(' ').append(quote(part));
        }
        script.append(" \"$1\"");
        return List.of("/bin/sh", "-c", script.toString(), NAME, "{connection_file}");
    }

    /** A word for {@code /bin/sh}, in single quotes. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** The kernelspec's JSON, for a spec in {@code specFolder}. */
    public static String json(Build build, Path java, boolean posix, Path specFolder) {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("argv", argv(build, java, posix, specFolder));
        spec.put("display_name", CourseKernel.DISPLAY_NAME);
        spec.put("language", "java");
        spec.put("interrupt_mode", "message"); // the stop button sends a message: the kernel stops training itself
        spec.put("metadata", Map.of(MARK, Map.of("build", build.checked().toString())));
        try {
            return new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(spec) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Writes the kernelspec into {@code dataDir}, replacing a spec this course wrote before.
     *
     * @return the kernelspec file
     * @throws OutputException when the folder is a symbolic link or holds a spec the course did not write
     */
    public static Path install(Path dataDir, Build build) {
        Path folder = folder(dataDir);
        Path file = folder.resolve("kernel.json");
        refuseForeign(folder, file);
        boolean posix = !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
        Path jar = folder.resolve(CLASS_PATH_JAR);
        if (Files.isSymbolicLink(jar)) {
            throw new OutputException(jar + ": a symbolic link; left as it is", null);
        }
        byte[] manifest = classPathJar(build);
        AtomicFiles.write(jar, out -> out.write(manifest));
        AtomicFiles.writeString(file, json(build, java(), posix, folder));
        return file;
    }

    /**
     * Removes the kernelspec that {@link #install} wrote in {@code dataDir}: its {@code kernel.json}, then the folder
     * if nothing else is in it.
     *
     * @return the removed file, or empty when there was none
     * @throws OutputException when the spec there is not the course's, or the folder is a symbolic link
     */
    public static Optional<Path> uninstall(Path dataDir) {
        Path folder = folder(dataDir);
        Path file = folder.resolve("kernel.json");
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        refuseForeign(folder, file);
        try {
            Files.delete(file);
            Path jar = folder.resolve(CLASS_PATH_JAR);
            if (Files.isRegularFile(jar, LinkOption.NOFOLLOW_LINKS)) {
                Files.delete(jar);
            }
            try (var rest = Files.list(folder)) {
                if (rest.findAny().isEmpty()) {
                    Files.delete(folder);
                }
            }
        } catch (IOException e) {
            throw new OutputException(folder + ": cannot remove the kernelspec: " + e.getMessage(), e);
        }
        return Optional.of(file);
    }

    private static void refuseForeign(Path folder, Path file) {
        if (Files.isSymbolicLink(folder) || Files.isSymbolicLink(file)) {
            throw new OutputException((Files.isSymbolicLink(folder) ? folder + ": a symbolic link stands where "
                    + "the kernelspec's folder goes; left as it is" : file + ": a symbolic link; left as it is"), null);
        }
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            throw new OutputException(folder + ": not a folder; left as it is", null);
        }
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        boolean ours;
        try {
            var tree = new ObjectMapper().readTree(Files.readString(file));
            ours = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) && tree.path("metadata").has(MARK);
        } catch (IOException | RuntimeException e) {
            ours = false;
        }
        if (!ours) {
            throw new OutputException(file + ": a kernelspec this course did not write; left as it is (remove it "
                    + "with 'jupyter kernelspec remove " + NAME + "' if you mean to)", null);
        }
    }

    /** Whether a {@code jupyter} command is on the {@code PATH}. */
    public static boolean jupyterOnPath(Map<String, String> env) {
        String path = env.getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && (Files.isExecutable(Path.of(dir, "jupyter"))
                    || Files.isExecutable(Path.of(dir, "jupyter.exe")))) {
                return true;
            }
        }
        return false;
    }
}
