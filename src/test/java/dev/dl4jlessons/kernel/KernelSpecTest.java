package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.docs.NotebookGenerator;
import dev.dl4jlessons.runtime.TunedJvm;
import dev.dl4jlessons.testing.Run;

/** {@code kernel install} and {@code kernel uninstall}: where the kernelspec goes, what it holds, what is refused. */
class KernelSpecTest {
    @Test
    void dataFolderFollowsPrefixThenJupyterDataDirThenTheUsersDefault(@TempDir Path tmp) {
        assertEquals(tmp.resolve("share/jupyter"), KernelSpec.dataDir(tmp, Map.of("JUPYTER_DATA_DIR", "/elsewhere")));
        assertEquals(Path.of("/elsewhere"), KernelSpec.dataDir(null, Map.of("JUPYTER_DATA_DIR", "/elsewhere")));
        assertEquals(Path.of("/xdg/jupyter"), KernelSpec.dataDir(null, Map.of("XDG_DATA_HOME", "/xdg")));
        assertEquals(Path.of(System.getProperty("user.home"), ".local/share/jupyter"),
                KernelSpec.dataDir(null, Map.of()));
    }

    @Test
    void installWritesASpecThatStartsThisBuildFromTheRepositoryAndUninstallRemovesIt(@TempDir Path tmp)
            throws Exception {
        var run = Run.course("kernel", "install", "--prefix", tmp.toString());
        assertEquals(0, run.exitCode(), run.err());
        Path spec = tmp.resolve("share/jupyter/kernels/dl4j-course/kernel.json");
        assertEquals("Installed the kernel 'Java (DL4J course)': " + spec, run.out().lines().findFirst().orElseThrow());
        assertEquals(2, run.out().lines().count(), "one more line: open the notebook, or install Jupyter");
        JsonNode json = new ObjectMapper().readTree(Files.readString(spec));
        assertEquals("Java (DL4J course)", json.get("display_name").asText());
        assertEquals("java", json.get("language").asText());
        assertEquals("message", json.get("interrupt_mode").asText());
        assertEquals(NotebookGenerator.KERNEL, KernelSpec.NAME, "the notebook declares this kernel");
        assertEquals(NotebookGenerator.KERNEL_DISPLAY_NAME, CourseKernel.DISPLAY_NAME);
        String script = json.get("argv").get(2).asText();
        var build = KernelSpec.currentBuild();
        assertTrue(build.checked().isAbsolute());
        assertTrue(script.contains("cd '" + build.root() + "' && exec"), script);
        for (String flag : TunedJvm.FLAGS) {
            assertTrue(script.contains("'" + flag + "'"), "the course's JVM flags: " + script);
        }
        assertTrue(script.contains("'-jar' '" + spec.resolveSibling(KernelSpec.CLASS_PATH_JAR) + "' \"$1\""), script);
        assertTrue(Files.isRegularFile(spec.resolveSibling(KernelSpec.CLASS_PATH_JAR)));
        assertEquals("{connection_file}", json.get("argv").get(4).asText());

        var again = Run.course("kernel", "install", "--prefix", tmp.toString());
        assertEquals(0, again.exitCode(), "installing again replaces the course's own spec");

        Files.writeString(spec.resolveSibling("logo-64x64.png"), "someone else's");
        var removed = Run.course("kernel", "uninstall", "--prefix", tmp.toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertEquals("Removed the kernel 'Java (DL4J course)': " + spec + "\n", removed.out());
        assertFalse(Files.exists(spec));
        assertFalse(Files.exists(spec.resolveSibling(KernelSpec.CLASS_PATH_JAR)), "its class path jar goes too");
        assertTrue(Files.exists(spec.resolveSibling("logo-64x64.png")), "uninstall removes only what install wrote");
        var none = Run.course("kernel", "uninstall", "--prefix", tmp.toString());
        assertEquals(0, none.exitCode());
        assertTrue(none.out().startsWith("No kernelspec 'dl4j-course' in "), none.out());
    }

    @Test
    void aSpecTheCourseDidNotWriteOrALinkIsLeftAlone(@TempDir Path tmp) throws Exception {
        Path spec = tmp.resolve("share/jupyter/kernels/dl4j-course/kernel.json");
        Files.createDirectories(spec.getParent());
        String foreign = "{\"argv\": [\"python3\"], \"display_name\": \"mine\", \"language\": \"python\"}";
        Files.writeString(spec, foreign);
        for (String command : List.of("install", "uninstall")) {
            var run = Run.course("kernel", command, "--prefix", tmp.toString());
            assertEquals(3, run.exitCode(), command);
            assertEquals("error: " + spec + ": a kernelspec this course did not write; left as it is (remove it with "
                    + "'jupyter kernelspec remove dl4j-course' if you mean to)\n", run.err());
            assertEquals(foreign, Files.readString(spec));
        }
        Path linked = tmp.resolve("linked");
        Path target = Files.createDirectories(tmp.resolve("target-dir"));
        Files.createDirectories(linked.resolve("share/jupyter/kernels"));
        Files.createSymbolicLink(linked.resolve("share/jupyter/kernels/dl4j-course"), target);
        var run = Run.course("kernel", "install", "--prefix", linked.toString());
        assertEquals(3, run.exitCode());
        assertTrue(run.err().contains("a symbolic link stands where the kernelspec's folder goes"), run.err());
        try (var files = Files.list(target)) {
            assertEquals(0, files.count(), "nothing written through the link");
        }
    }

    @Test
    void aKernelspecWhoseBuildIsGoneSaysSoAtStart(@TempDir Path tmp) throws Exception {
        Path gone = tmp.resolve("moved/target/dl4j-regularization-lessons.jar");
        var build = new KernelSpec.Build(gone, gone + ":" + gone.resolveSibling("lib/*"), tmp);
        List<String> argv = new ArrayList<>(KernelSpec.argv(build, KernelSpec.java(), true, tmp));
        argv.set(argv.size() - 1, tmp.resolve("connection.json").toString());
        var process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue());
        assertEquals("error: the kernel 'Java (DL4J course)' cannot start: " + gone + " is gone (moved, deleted or "
                + "cleaned). Run './course kernel install' in the checkout's folder (it builds the course first).\n",
                printed);
    }

    /** Runs a kernelspec's argv on a connection file; returns the exit code and what it printed. */
    private static String[] start(Path spec, Path connection) throws Exception {
        JsonNode json = new ObjectMapper().readTree(Files.readString(spec));
        List<String> argv = new ArrayList<>();
        json.get("argv").forEach(a -> argv.add(a.asText().replace("{connection_file}", connection.toString())));
        var process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new String[] {Integer.toString(process.exitValue()),
            new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8)};
    }

    @Test
    void aCheckoutWhosePathHoldsTheClassPathSeparatorGetsAKernelThatStarts(@TempDir Path tmp) throws Exception {
        var real = KernelSpec.currentBuild();
        Path checkout = Files.createSymbolicLink(tmp.resolve("course:copy"), real.root());
        Path classes = checkout.resolve(real.root().relativize(real.checked()));
        String classPath = real.classPath().replace(real.checked().toString(), classes.toString());
        List<Path> entries = new ArrayList<>(List.of(classes));
        for (String entry : real.classPath().split(java.io.File.pathSeparator)) {
            if (!entry.isBlank() && !entry.equals(real.checked().toString())) {
                entries.add(Path.of(entry));
            }
        }
        var build = new KernelSpec.Build(classes, classPath, checkout, List.of(), entries);
        Path spec = KernelSpec.install(tmp.resolve("data"), build);
        Path connection = Files.writeString(tmp.resolve("connection.json"), "{}");
        String[] run = start(spec, connection);
        // the kernel's main class ran: it read the file and named what is wrong with it
        assertEquals("2", run[0], run[1]);
        assertTrue(run[1].startsWith("error: " + connection + ": not a connection file"), run[1]);
    }

    @Test
    void aJarWhoseLibFolderIsGoneSaysSoInOneLine(@TempDir Path tmp) throws Exception {
        Path jar = Files.createDirectories(tmp.resolve("target")).resolve("dl4j-regularization-lessons.jar");
        Files.writeString(jar, "a kept jar");
        Path lib = tmp.resolve("target/lib");
        var build = new KernelSpec.Build(jar, jar + ":" + lib.resolve("*"), tmp, List.of(lib), List.of(jar));
        Path spec = KernelSpec.install(tmp.resolve("data"), build);
        String[] run = start(spec, tmp.resolve("connection.json"));
        assertEquals("1", run[0]);
        assertEquals("error: the kernel 'Java (DL4J course)' cannot start: " + lib + " is gone, and the course's "
                + "libraries with it. Build the course again (mvn -q package -DskipTests), which writes it beside the "
                + "jar.\n", run[1]);
        // and the kernel itself, started without its libraries, says so in one line
        var process = new ProcessBuilder(KernelSpec.java().toString(), "-cp",
                Path.of(KernelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString(),
                KernelMain.class.getName(), "connection.json").redirectErrorStream(true).start();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), printed);
        assertEquals(1, printed.lines().count(), printed);
        assertTrue(printed.startsWith("error: the kernel's libraries are not on its class path (org.zeromq.ZMQ is "
                + "missing)"), printed);
    }

    @Test
    void installRunInAnotherProjectPointsTheKernelAtTheCourse(@TempDir Path tmp) throws Exception {
        Path other = Files.createDirectories(tmp.resolve("other"));
        Files.writeString(other.resolve("pom.xml"), "<project/>");
        Files.createDirectories(other.resolve("test-data"));
        var process = new ProcessBuilder(dev.dl4jlessons.testing.ChildJvm.course(List.of(), "kernel", "install",
                "--prefix", tmp.resolve("prefix").toString())).directory(other.toFile()).redirectErrorStream(true)
                .start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), printed);
        String script = new ObjectMapper().readTree(Files.readString(tmp.resolve(
                "prefix/share/jupyter/kernels/dl4j-course/kernel.json"))).get("argv").get(2).asText();
        Path course = KernelSpec.currentBuild().root();
        assertTrue(script.contains("'-Dcourse.home=" + course + "'"), script);
        assertTrue(script.contains("cd '" + course + "'"), script);
        assertFalse(script.contains(other.toString()), script);
    }
}
