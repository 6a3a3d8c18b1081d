package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.CourseRuntime;

/**
 * The kernel's evaluation without Jupyter's sockets: {@link CourseKernel#evalRaw} as a cell's execute request calls
 * it. The protocol side runs in {@code NotebookKernelTest} (tag {@code notebook}).
 */
class CourseKernelTest {
    private static CourseKernel kernel;

    @BeforeAll
    static void start() {
        CourseRuntime.init(false);
        kernel = CourseKernel.create();
    }

    @AfterAll
    static void stop() {
        kernel.onShutdown(false);
    }

    /** Runs a cell with System.out captured, as the kernel's streams do during a request. */
    private static String printed(String code, Object[] value) {
        var buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            System.setOut(out);
            value[0] = kernel.evalRaw(code);
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Test
    void printsAndShowsTheTrailingExpressionOnly() {
        Object[] value = new Object[1];
        assertEquals("hello\n", printed("System.out.println(\"hello\");\nint x = 20;\nx + 22", value));
        assertEquals("42", value[0]);
        printed("int y = x + 1;", value);
        assertNull(value[0], "a declaration is not a result");
        printed("y", value);
        assertEquals("21", value[0]);
    }

    @Test
    void compileErrorNamesTheCellLineAndTheKernelGoesOn() {
        var error = assertThrows(CourseKernel.CellError.class,
                () -> kernel.evalRaw("int a = 1;\n// a comment\nString s = 42;\nint b = 3;"));
        assertEquals(List.of("Compile error in line 3 of this cell:", "    String s = 42;",
                "    " + " ".repeat("String s = ".length()) + "^",
                "incompatible types: int cannot be converted to java.lang.String"), error.lines());
        assertEquals("\"a = 1 and the next cell runs\"", kernel.evalRaw("\"a = \" + a + \" and the next cell runs\""));
    }

    @Test
    void exceptionIsOneBlockEndingAtTheCellLine() {
        kernel.evalRaw("int parse(String s) {\n    return Integer.parseInt(s);\n}");
        var error = assertThrows(CourseKernel.CellError.class,
                () -> kernel.evalRaw("int ok = 1;\n\nparse(\"abc\")"));
        List<String> lines = error.lines();
        assertEquals("java.lang.NumberFormatException: For input string: \"abc\"", lines.get(0));
        assertTrue(lines.get(1).startsWith("    at java.base/java.lang.NumberFormatException"), lines.toString());
        assertTrue(lines.get(lines.size() - 2).matches("    at line 2 of cell \\[\\d+]"), lines.toString());
        assertEquals("    at line 3 of this cell", lines.get(lines.size() - 1));
        assertEquals(lines, kernel.formatError(error));
    }

    @Test
    void completesCourseAndDl4jNames() {
        kernel.evalRaw("import dev.dl4jlessons.harness.*;");
        String code = "int n = 1;\nvar r = NotebookR";
        var options = kernel.complete(code, code.length());
        assertTrue(options.matches().contains("NotebookRun"), options.matches().toString());
        assertEquals(code.indexOf("NotebookR"), options.start());
        String dl4j = "org.deeplearning4j.nn.multilayer.MultiLayerNet";
        assertTrue(kernel.complete(dl4j, dl4j.length()).matches().contains("MultiLayerNetwork"));
    }

    @Test
    void interruptStopsATrainingLoopAndTheKernelGoesOn() throws Exception {
        var buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        var out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        System.setOut(out);
        try {
            var cell = CompletableFuture.supplyAsync(() -> {
                try {
                    kernel.evalRaw("dev.dl4jlessons.harness.NotebookRun.run(dev.dl4jlessons.lessons.LessonCatalog"
                            + ".notebook(), dev.dl4jlessons.harness.Settings.NOTEBOOK.withEpochs(100000), System.out);");
                    return "finished";
                } catch (CourseKernel.CellError e) {
                    return String.join("\n", e.lines());
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!buffer.toString(StandardCharsets.UTF_8).contains("Epoch 2, Loss") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long asked = System.nanoTime();
            kernel.interrupt();
            String result = cell.get(30, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - asked) / 1e9;
            assertEquals("finished", result, "a stop the student asked for is output, not an error");
            String printed = buffer.toString(StandardCharsets.UTF_8);
            assertTrue(printed.matches("(?s).*\\n[a-z]+: training stopped at epoch \\d+, step \\d+ \\(interrupted\\)\\n.*"),
                    printed);
            assertTrue(seconds < CourseKernel.STOP_GRACE_MILLIS / 1000.0, "stopped by the loop itself: " + seconds);
        } finally {
            System.setOut(original);
        }
        assertEquals("2", kernel.evalRaw("1 + 1"));
    }

    @Test
    void aLoopOfTheStudentsOwnIsStoppedAfterTheGraceAndSaysSo() throws Exception {
        var buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            var cell = CompletableFuture.supplyAsync(() -> String.valueOf(kernel.evalRaw(
                    "long spins = 0; while (true) { spins++; }")));
            Thread.sleep(500);
            long asked = System.nanoTime();
            kernel.interrupt();
            assertEquals("null", cell.get(30, TimeUnit.SECONDS));
            double seconds = (System.nanoTime() - asked) / 1e9;
            assertTrue(seconds >= CourseKernel.STOP_GRACE_MILLIS / 1000.0 - 0.1, "waited the grace: " + seconds);
            assertTrue(buffer.toString(StandardCharsets.UTF_8).contains("(stopped: the cell was still running 3 s after "
                    + "the stop button"), buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
        assertEquals("2", kernel.evalRaw("1 + 1"));
    }

    @Test
    void theTrainingUiStartsFromACellAndWatchesTheRunsInside() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Object[] value = new Object[1];
        printed("var ui = dev.dl4jlessons.ui.TrainingUi.start(" + port + ");\nui.overview()", value);
        try {
            assertEquals("\"http://localhost:" + port + "/train/overview\"", value[0]);
            String out = printed("ui.watching(() -> dev.dl4jlessons.harness.NotebookRun.run(dev.dl4jlessons.lessons"
                    + ".LessonCatalog.notebook().subList(0, 1), dev.dl4jlessons.harness.Settings.NOTEBOOK, System.out))"
                    + ".size()", value);
            assertTrue(out.contains("Epoch 5, Loss: "), out);
            assertEquals("1", value[0]);
        } finally {
            kernel.evalRaw("ui.close();");
        }
    }

    @Test
    void cutsACellIntoSnippetsAtTheirOffsets() {
        String code = "int a = 1;\n// note\nint b = 2; int c = 3;\nvoid f() {\n}\n";
        for (var piece : kernel.pieces(code)) {
            // a position in the piece is the same position in the cell, comments kept or not
            String head = piece.source().strip().substring(0, 5);
            assertEquals(head, code.substring(piece.offset() + piece.source().indexOf(head)).substring(0, 5));
        }
        assertEquals(4, kernel.pieces(code).size());
    }

    @Test
    void isCompleteJudgesSyntax() {
        assertEquals("invalid", kernel.isComplete("int = 7q"));
        assertEquals("invalid", kernel.isComplete("int x = ;"));
        assertEquals("complete", kernel.isComplete("int x = 7;"));
        assertEquals("complete", kernel.isComplete("1 + 2"));
        assertEquals("complete", kernel.isComplete("void f() {\n}"));
        assertEquals("    ", kernel.isComplete("void f() {"));
        assertEquals("        ", kernel.isComplete("void f() {\n    if (true) {"));
    }

    @Test
    void inspectionGivesTheSignature() {
        assertTrue(kernel.inspect("Math.max", 8, false).contains("int Math.max(int a, int b)"));
        assertTrue(kernel.inspect("Math.max", 6, false).contains("Math.max("), "the whole name under the cursor");
        assertEquals(null, kernel.inspect("noSuchName", 10, false));
    }

    @Test
    void inspectionOfACourseNameGivesItsJavadocSummaryAndWithDetailTheWholeJavadoc() {
        String name = "dev.dl4jlessons.kernel.Live.train";
        String summary = kernel.inspect(name, name.length(), false);
        assertEquals("java.util.List<dev.dl4jlessons.harness.History> dev.dl4jlessons.kernel.Live.train("
                + "java.util.List<? extends dev.dl4jlessons.harness.ModelSpec> models, "
                + "dev.dl4jlessons.harness.Settings "
                + "settings)\nTrains the models as {@link NotebookRun#run} does, with live progress lines and a live "
                + "loss chart.", summary);
        // a type, a field and an enum constant of the course, and a name through the notebook's import
        String inExpression = "var x = dev.dl4jlessons.kernel.Live.train(a, b);";
        assertTrue(kernel.inspect(inExpression, inExpression.indexOf("Live") + 1, false)
                .startsWith("dev.dl4jlessons.kernel.Live\nTraining in a notebook cell"), "a type's name in a cell: "
                + kernel.inspect(inExpression, inExpression.indexOf("Live") + 1, false));
        assertTrue(kernel.inspect("dev.dl4jlessons.kernel.Live", 27, false).contains("\nTraining in a notebook cell "
                + "with live output:"), kernel.inspect("dev.dl4jlessons.kernel.Live", 27, false));
        String field = kernel.inspect("dev.dl4jlessons.harness.Settings.MAX_EPOCHS", 42, false);
        assertTrue(field.endsWith("\nMost epochs a lesson trains: the history keeps every step's loss."), field);
        String constant = "dev.dl4jlessons.lessons.fashion.FashionVariant.PLAIN";
        assertTrue(kernel.inspect(constant, constant.length(), false)
                .endsWith("\nNo regularization: the network that memorises its training images."),
                kernel.inspect(constant, constant.length(), false));
        Object[] value = new Object[1];
        printed("import dev.dl4jlessons.kernel.*;", value);
        String imported = kernel.inspect("Live.train", 10, true);
        assertTrue(imported.contains("Trains the models as {@link NotebookRun#run} does"), imported);
    }

    @Test
    void inspectionOfADl4jNameGivesItsJavadocFromTheSourcesJarMavenDownloaded() throws Exception {
        java.nio.file.Path jar = java.nio.file.Path.of(org.deeplearning4j.nn.multilayer.MultiLayerNetwork.class
                .getProtectionDomain().getCodeSource().getLocation().toURI());
        String name = jar.getFileName().toString();
        java.nio.file.Path sources = jar.resolveSibling(name.replaceAll("\\.jar$", "-sources.jar"));
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(sources), sources
                + " is missing: DL4J's sources (mvn dependency:sources -DincludeArtifactIds=deeplearning4j-nn,nd4j-api,"
                + " as .ci/run does)");
        String code = "new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(null).fit";
        String doc = kernel.inspect(code, code.length(), false);
        assertTrue(doc.contains("void org.deeplearning4j.nn.multilayer.MultiLayerNetwork.fit(org.nd4j.linalg.dataset"
                + ".api.iterator.DataSetIterator iterator)\nPerform minibatch training on all minibatches in the "
                + "DataSetIterator for 1 epoch."), doc);
    }

    @Test
    void inspectionOfAJdkNameGivesItsJavadocFromTheJdksSources() {
        java.nio.file.Path srcZip = java.nio.file.Path.of(System.getProperty("java.home"), "lib", "src.zip");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isReadable(srcZip), srcZip + " is missing: "
                + "the JDK's sources (Debian: apt-get install -y openjdk-17-source, as .ci/run does)");
        String overloads = kernel.inspect("Math.max", 8, false);
        assertTrue(overloads.startsWith("int Math.max(int a, int b)\nReturns the greater of two {@code int} values."
                + "\n\nlong Math.max(long a, long b)\nReturns the greater of two {@code long} values.\n\n"), overloads);
        assertTrue(kernel.inspect("Math.max", 8, true).contains("@return  the larger of {@code a} and {@code b}."),
                kernel.inspect("Math.max", 8, true));
    }
}
