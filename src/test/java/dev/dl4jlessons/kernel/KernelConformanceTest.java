package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The Jupyter project's own kernel test suite, {@code jupyter_kernel_test} 0.7.0 (vendored in {@code src/test/python},
 * see its README), run with Debian's {@code /usr/bin/python3} and {@code jupyter_client} against the course's kernel
 * installed into a temporary {@code JUPYTER_DATA_DIR}: all 13 of its tests, with the Java samples in
 * {@code test_course_kernel.py}. And {@code jupyter console} through a pseudo-terminal.
 *
 * <p>Tagged {@code notebook}: {@code mvn -B -ntp test -Pnotebook} runs it after {@code .ci/run} installed Debian's
 * {@code jupyter-client}, {@code jupyter-console} and {@code python3-pexpect}.
 */
@Tag("notebook")
class KernelConformanceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The suite's tests: every one must run and pass (none is skipped for want of a sample). */
    static final List<String> TESTS = List.of("test_clear_output", "test_completion", "test_display_data",
            "test_error", "test_execute_result", "test_execute_stderr", "test_execute_stdout", "test_history",
            "test_inspect", "test_is_complete", "test_kernel_info", "test_pager", "test_recv_iopub_welcome_msg");

    private static String python(Path tmp, String... args) throws Exception {
        NotebookKernelTest.requireJupyter();
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", data.toString());
        NotebookKernelTest.install(tmp, env);
        Path dir = ProjectFiles.requireRoot().resolve("src/test/python");
        var builder = new ProcessBuilder(PYTHON.toString()).directory(dir.toFile()).redirectErrorStream(true);
        builder.command().addAll(List.of(args));
        builder.environment().putAll(env);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Path log = tmp.resolve("python.log");
        var process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String printed = Files.readString(log);
        System.out.println(printed);
        assertEquals(0, process.exitValue(), printed);
        return printed;
    }

    @Test
    void theJupyterKernelTestSuitePassesInFull(@TempDir Path tmp) throws Exception {
        String printed = python(tmp, "-m", "unittest", "-v", "test_course_kernel");
        for (String test : TESTS) {
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(test + " ") && l.endsWith(" ... ok")),
                    test + " passed: " + printed);
        }
        assertTrue(printed.contains("Ran 13 tests"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.equals("OK")), "no failure, no skip: " + printed);
    }

    @Test
    void jupyterConsoleRunsALineRecallsItAndExits(@TempDir Path tmp) throws Exception {
        String printed = python(tmp, "console_session.py");
        assertTrue(printed.contains("ran a line: Out[1]: 43"), printed);
        assertTrue(printed.contains("recalled it with the up arrow and ran it again: Out[2]: 43"), printed);
        assertTrue(printed.contains("exited with 0"), printed);
    }

    @Test
    void aHundredEpochCellLeavesOneProgressLineAndOneChartInTheExecutedNotebook(@TempDir Path tmp) throws Exception {
        NotebookKernelTest.requireJupyter();
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString());
        NotebookKernelTest.install(tmp, env);
        var mapper = new org.nd4j.shade.jackson.databind.ObjectMapper();
        var notebook = mapper.createObjectNode();
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        var kernelspec = notebook.putObject("metadata").putObject("kernelspec");
        kernelspec.put("name", KernelSpec.NAME);
        kernelspec.put("display_name", CourseKernel.DISPLAY_NAME);
        kernelspec.put("language", CourseKernel.LANGUAGE);
        var cell = notebook.putArray("cells").addObject();
        cell.put("cell_type", "code");
        cell.put("id", "train");
        cell.putObject("metadata");
        cell.putArray("outputs");
        cell.putNull("execution_count");
        cell.put("source", "import dev.dl4jlessons.harness.Settings;\nimport dev.dl4jlessons.kernel.Live;\n"
                + "import dev.dl4jlessons.lessons.LessonCatalog;\n\nvar dropout = LessonCatalog.notebook().stream()"
                + ".filter(l -> l.name().equals(\"dropout\")).toList();\n"
                + "var runs = Live.train(dropout, Settings.NOTEBOOK.withEpochs(100));");
        Path input = tmp.resolve("live.ipynb");
        mapper.writeValue(input.toFile(), notebook);
        NotebookKernelTest.run(tmp, env, 1800, NotebookKernelTest.JUPYTER.toString(), "nbconvert", "--to",
                "notebook", "--execute", input.toString(), "--output-dir", tmp.toString(), "--output", "run.ipynb");
        var outputs = mapper.readTree(tmp.resolve("run.ipynb").toFile()).get("cells").get(0).get("outputs");
        List<String> lines = new java.util.ArrayList<>();
        int charts = 0;
        int epochLines = 0;
        for (var output : outputs) {
            assertTrue(!output.path("output_type").asText().equals("error"), output.toString());
            if (output.path("output_type").asText().equals("display_data")) {
                if (output.path("data").has("image/png")) {
                    charts++;
                } else {
                    // nbformat keeps a text as a list of its lines
                    var text = new StringBuilder();
                    output.path("data").path("text/plain").forEach(t -> text.append(t.asText()));
                    lines.add(text.toString());
                }
            }
            if (output.path("output_type").asText().equals("stream")) {
                for (var text : output.path("text")) {
                    epochLines += text.asText().matches("(?s)Epoch \\d+, Loss.*") ? 1 : 0;
                }
            }
        }
        System.out.println("live cell outputs: " + outputs.size() + ", progress lines " + lines + ", charts " + charts);
        assertEquals(1, lines.size(), "one progress line: " + lines);
        assertTrue(lines.get(0).startsWith("dropout: epoch 100 of 100, loss "), lines.get(0));
        assertEquals(1, charts, "one chart");
        assertEquals(0, epochLines, "no line per epoch");
    }

    @Test
    void inspectionAndThePagerShowACourseNamesJavadocOverTheProtocol(@TempDir Path tmp) throws Exception {
        try (var kernel = new KernelProcess(tmp)) {
            kernel.awaitReady(java.time.Duration.ofSeconds(180));
            String code = "var runs = dev.dl4jlessons.kernel.Live.train(models, settings);";
            int cursor = code.indexOf("Live") + 2;
            for (int detail = 0; detail <= 1; detail++) {
                var content = org.nd4j.shade.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                content.put("code", code).put("cursor_pos", cursor).put("detail_level", detail);
                String id = kernel.send(kernel.shell, kernel.request("inspect_request", content));
                var reply = kernel.reply(kernel.shell, id, java.time.Duration.ofSeconds(120));
                assertTrue(reply != null, "inspect_reply: " + kernel.log());
                assertEquals("ok", reply.content().path("status").asText());
                assertTrue(reply.content().path("found").asBoolean());
                String text = reply.content().path("data").path("text/plain").asText();
                assertTrue(text.startsWith("dev.dl4jlessons.kernel.Live\nTraining in a notebook cell with live "
                        + "output: one line per model that updates in place"), text);
                assertEquals(detail == 1, text.contains("Outside the course's kernel it trains as"),
                        "the Javadoc's summary, and the whole of it with detail: " + text);
            }
            var page = kernel.execute("dev.dl4jlessons.harness.Settings.MAX_EPOCHS?",
                    java.time.Duration.ofSeconds(120));
            assertEquals("dev.dl4jlessons.harness.Settings.MAX_EPOCHS:int\nMost epochs a lesson trains: the history "
                    + "keeps every step's loss.", page.reply().content().path("payload").get(0).path("data")
                    .path("text/plain").asText());
        }
    }
}
