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
        assertTrue(script.contains("'" + KernelMain.class.getName() + "' \"$1\""), script);
        assertEquals("{connection_file}", json.get("argv").get(4).asText());

        var again = Run.course("kernel", "install", "--prefix", tmp.toString());
        assertEquals(0, again.exitCode(), "installing again replaces the course's own spec");

        Files.writeString(spec.resolveSibling("logo-64x64.png"), "someone else's");
        var removed = Run.course("kernel", "uninstall", "--prefix", tmp.toString());
        assertEquals(0, removed.exitCode(), removed.err());
        assertEquals("Removed the kernel 'Java (DL4J course)': " + spec + "\n", removed.out());
        assertFalse(Files.exists(spec));
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
        List<String> argv = new ArrayList<>(KernelSpec.argv(build, KernelSpec.java(), true));
        argv.set(argv.size() - 1, tmp.resolve("connection.json").toString());
        var process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        String printed = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, process.exitValue());
        assertEquals("error: the kernel 'Java (DL4J course)' cannot start: " + gone + " is gone (moved, deleted or "
                + "cleaned). Run './course kernel install' in the checkout's folder (it builds the course first).\n",
                printed);
    }
}
