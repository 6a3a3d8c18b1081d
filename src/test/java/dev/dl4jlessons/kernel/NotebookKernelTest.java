package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.docs.Guides;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The committed notebook, executed by Jupyter through the course's kernel, as a student would run it: installed into
 * a fresh {@code JUPYTER_DATA_DIR}, run whole by {@code jupyter nbconvert --execute}, with no error output, every
 * output the same as the committed one (numbers within the guides' 2e-3), and a PNG from every chart cell.
 *
 * <p>Tagged {@code notebook}: {@code mvn -B -ntp test -Pnotebook} runs it, and {@code .ci/run} installs Debian's
 * {@code jupyter-nbconvert}, {@code python3-nbclient} and {@code jupyter-client} first. It installs nothing itself.
 */
@Tag("notebook")
class NotebookKernelTest {
    static final Path JUPYTER = Path.of("/usr/bin/jupyter");
    static final String NOTEBOOK = "notebooks-equivalent/regularization.ipynb";

    /** Runs a command with {@code env} added, from {@code dir}; returns what it printed, after checking exit 0. */
    static String run(Path dir, Map<String, String> env, long timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        var builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Path log = Files.createTempFile(dir, "command-", ".log");
        var process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s: " + Files.readString(log));
        }
        String printed = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> String.join(" ", command) + " failed:\n" + printed);
        return printed;
    }

    /** {@code kernel install} in a child JVM with the test's class path (Maven's build), into {@code data}. */
    static String install(Path dir, Map<String, String> env) throws IOException, InterruptedException {
        return run(dir, env, 120, KernelSpec.java().toString(), "-Dcourse.relaunch=false", "-cp",
                System.getProperty("java.class.path"), "dev.dl4jlessons.cli.Course", "kernel", "install");
    }

    static void requireJupyter() {
        if (!Files.isExecutable(JUPYTER)) {
            fail(JUPYTER + " is missing: install Debian's jupyter-nbconvert, python3-nbclient and jupyter-client "
                    + "(apt-get install -y jupyter-nbconvert python3-nbclient jupyter-client), as .ci/run does");
        }
    }

    @Test
    void theWholeNotebookRunsInTheCourseKernelAndGivesTheCommittedOutputs(@TempDir Path tmp) throws Exception {
        requireJupyter();
        Path root = ProjectFiles.requireRoot();
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        install(tmp, env);
        String kernels = run(tmp, env, 60, JUPYTER.toString(), "kernelspec", "list");
        assertTrue(kernels.lines().anyMatch(l -> l.strip().startsWith("dl4j-course ")
                && l.strip().endsWith(tmp.resolve("data/kernels/dl4j-course").toString())), kernels);

        long started = System.nanoTime();
        run(tmp, env, 900, JUPYTER.toString(), "nbconvert", "--to", "notebook", "--execute",
                root.resolve(NOTEBOOK).toString(), "--output-dir", tmp.toString(), "--output", "run.ipynb");
        System.out.printf(Locale.ROOT, "executed notebook: %.1f s%n", (System.nanoTime() - started) / 1e9);

        var mapper = new ObjectMapper();
        JsonNode committed = mapper.readTree(root.resolve(NOTEBOOK).toFile()).get("cells");
        JsonNode executed = mapper.readTree(tmp.resolve("run.ipynb").toFile()).get("cells");
        assertEquals(committed.size(), executed.size());
        int charts = 0;
        int epochLines = 0;
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < committed.size(); i++) {
            JsonNode want = committed.get(i);
            JsonNode got = executed.get(i);
            if (!want.get("cell_type").asText().equals("code")) {
                continue;
            }
            String cell = "cell " + (i + 1) + " (" + want.get("source").get(0).asText().strip() + ")";
            for (JsonNode output : got.get("outputs")) {
                if (output.get("output_type").asText().equals("error") || output.path("name").asText().equals("stderr")) {
                    fail(cell + " printed an error: " + output);
                }
            }
            String wantText = streams(want);
            String gotText = streams(got);
            if (!Guides.sameOutput(wantText, gotText)) {
                differences.add(cell + ":\n--- committed\n" + wantText + "\n--- executed\n" + gotText);
            }
            epochLines += (int) gotText.lines().filter(l -> l.matches("Epoch \\d+, Loss: .*")).count();
            boolean wantsChart = pngs(want) > 0;
            assertEquals(pngs(want), pngs(got), cell + ": charts");
            if (wantsChart) {
                charts++;
            }
        }
        assertEquals(List.of(), differences);
        assertTrue(charts >= 2, "the capacity chart and the loss chart: " + charts);
        assertTrue(epochLines >= 15, "the notebook's 15 epoch lines: " + epochLines);
    }

    /** Everything a code cell printed on stdout. */
    private static String streams(JsonNode cell) {
        var sb = new StringBuilder();
        for (JsonNode output : cell.get("outputs")) {
            if (output.get("output_type").asText().equals("stream")) {
                output.get("text").forEach(t -> sb.append(t.asText()));
            }
        }
        return sb.toString();
    }

    /** How many decodable PNG images a cell displays. */
    private static int pngs(JsonNode cell) {
        int n = 0;
        for (JsonNode output : cell.get("outputs")) {
            JsonNode png = output.path("data").path("image/png");
            if (!png.isMissingNode()) {
                byte[] bytes = Base64.getDecoder().decode(png.asText().replace("\n", ""));
                assertTrue(bytes.length > 8 && bytes[1] == 'P' && bytes[2] == 'N' && bytes[3] == 'G', "a PNG");
                n++;
            }
        }
        return n;
    }

    @Test
    void openingAScriptInAnInteractiveJshellLeavesTheSessionOpen(@TempDir Path tmp) throws Exception {
        Path root = ProjectFiles.requireRoot();
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        String classPath = Files.readString(root.resolve("target/classpath.txt")).strip();
        var builder = new ProcessBuilder(jshell.toString(), "-R-XX:+UseParallelGC", "-R-Xmx512m", "--class-path",
                classPath).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("jshell.log").toFile());
        var process = builder.start();
        try (var in = process.getOutputStream()) {
            in.write(("/open notebooks-equivalent/01-dropout.jsh\n"
                    + "System.out.println(\"still open: \" + dropoutRuns.get(0).epochs().size() + \" epochs\")\n"
                    + "/exit\n").getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(process.waitFor(300, TimeUnit.SECONDS), "jshell ends at /exit");
        String printed = Files.readString(tmp.resolve("jshell.log"));
        assertEquals(0, process.exitValue(), printed);
        assertTrue(printed.contains("Epoch 5, Loss: "), printed);
        assertTrue(printed.contains("still open: 5 epochs"), "the session outlives /open: " + printed);
    }

    @Test
    void withoutJupyterInstallStillWritesTheSpecAndSaysHowToInstallJupyter(@TempDir Path tmp) throws Exception {
        assertFalse(KernelSpec.jupyterOnPath(Map.of("PATH", tmp.toString())));
        Path data = tmp.resolve("data");
        // from another folder, with no jupyter on the PATH
        String printed = install(tmp, Map.of("PATH", tmp.toString(), "JUPYTER_DATA_DIR", data.toString()));
        Path spec = data.resolve("kernels/dl4j-course/kernel.json");
        assertEquals("Installed the kernel 'Java (DL4J course)': " + spec + "\nJupyter is not installed: install it "
                + "(apt-get install jupyter-notebook, or pip install notebook), then: ./course notebook --open\n",
                printed);
        assertTrue(Files.isRegularFile(spec));
    }
}
