package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.testing.TestData;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/** The notebook equivalents: valid nbformat 4, code that matches the sources, and JShell scripts that run. */
class NotebookTest {
    static {
        CourseRuntime.init(false);
    }

    private static Path root() {
        return TestData.file("").getParent();
    }

    private static JsonNode notebook() throws IOException {
        return new ObjectMapper().readTree(root().resolve("notebooks-equivalent/regularization.ipynb").toFile());
    }

    private static String joined(JsonNode lines) {
        var sb = new StringBuilder();
        lines.forEach(l -> sb.append(l.asText()));
        return sb.toString();
    }

    /** The index of the one cell that starts with {@code heading}. */
    private static int section(JsonNode cells, String heading) {
        List<Integer> found = new ArrayList<>();
        for (int i = 0; i < cells.size(); i++) {
            if (joined(cells.get(i).get("source")).startsWith(heading)) {
                found.add(i);
            }
        }
        assertEquals(1, found.size(), "one section " + heading);
        return found.get(0);
    }

    @Test
    void notebookFollowsNbformat4() throws IOException {
        JsonNode nb = notebook();
        assertEquals(4, nb.get("nbformat").asInt());
        assertTrue(nb.get("nbformat_minor").asInt() >= 4);
        JsonNode kernel = nb.get("metadata").get("kernelspec");
        assertEquals("java", kernel.get("language").asText());
        assertEquals("Java (DL4J course)", kernel.get("display_name").asText());
        assertEquals("dl4j-course", kernel.get("name").asText(), "the course's own kernel (kernel install)");
        assertEquals("java", nb.get("metadata").get("language_info").get("name").asText(), "as the kernel says it");
        Set<String> ids = new java.util.HashSet<>();
        int images = 0;
        int epochLines = 0;
        for (JsonNode cell : nb.get("cells")) {
            String type = cell.get("cell_type").asText();
            assertTrue(Set.of("markdown", "code").contains(type), type);
            assertTrue(cell.get("metadata").isObject());
            assertTrue(cell.get("source").isArray());
            assertTrue(ids.add(cell.get("id").asText()), "unique cell ids (nbformat 4.5)");
            cell.get("source").forEach(line -> assertTrue(line.isTextual()));
            if (type.equals("code")) {
                assertTrue(cell.get("execution_count").isInt());
                for (JsonNode output : cell.get("outputs")) {
                    String kind = output.get("output_type").asText();
                    if (kind.equals("stream")) {
                        assertEquals("stdout", output.get("name").asText());
                        epochLines += (int) joined(output.get("text")).lines().filter(l -> l.startsWith("Epoch ")).count();
                    } else {
                        assertEquals("display_data", kind);
                        byte[] png = Base64.getDecoder().decode(output.get("data").get("image/png").asText());
                        var image = ImageIO.read(new java.io.ByteArrayInputStream(png));
                        assertEquals(960, image.getWidth());
                        assertTrue(output.get("metadata").isObject());
                        images++;
                    }
                }
            } else {
                assertFalse(cell.has("outputs"));
            }
        }
        assertTrue(images >= 1, "the loss chart is embedded");
        assertTrue(epochLines >= 15, "the three models' epoch lines: " + epochLines);
        String markdown = joined(nb.get("cells").get(1).get("source")) + joined(nb.get("cells").get(0).get("source"));
        assertTrue(markdown.contains("nothing to"), "says the targets are noise");
    }

    @Test
    void capacityComesFirstAndItsCellTrainsTheConfigurationItShows() throws IOException {
        List<String> sources = new ArrayList<>();
        notebook().get("cells").forEach(c -> sources.add(joined(c.get("source"))));
        int capacity = sources.indexOf(sources.stream().filter(t -> t.startsWith("## 0. Capacity")).findFirst()
                .orElseThrow());
        int dropout = sources.indexOf(sources.stream().filter(t -> t.startsWith("## 1. Dropout")).findFirst()
                .orElseThrow());
        assertTrue(capacity < dropout, "lesson 0 before lesson 1");
        assertTrue(sources.get(capacity + 1).contains("public static MultiLayerConfiguration configuration(int width"));
        String call = sources.get(capacity + 2);
        assertTrue(call.contains("-> configuration(width, depth, drop, task, seed, lr)"), "the sweep trains the "
                + "cell's own configuration: " + call);
        assertTrue(call.contains("Charts.show("), "its chart is shown: " + call);
        assertEquals(1, sources.stream().filter(t -> t.contains("CapacityLesson.run(")).count(), "capacity once");
    }

    /**
     * Lesson 11's section: the guide's five pictures, then a cell that reruns one figure at the tests' size on the
     * committed sample, with the figure's table, its verdicts and its picture as outputs.
     */
    @Test
    void thePapersSectionShowsTheGuidesPicturesAndRerunsOneFigureOnTheSample() throws IOException {
        JsonNode cells = notebook().get("cells");
        int at = section(cells, "## 11. The papers");
        for (var f : dev.dl4jlessons.lessons.papers.Figure.values()) {
            assertTrue(cells.get(at).path("attachments").has(f.picture()), f.picture());
        }
        JsonNode code = cells.get(at + 1);
        assertEquals("code", code.get("cell_type").asText());
        String source = joined(code.get("source"));
        var figure = dev.dl4jlessons.lessons.papers.PapersLesson.NOTEBOOK_FIGURE;
        assertTrue(source.contains("Figure." + figure.name()) && source.contains("Scale.QUICK")
                && source.contains(dev.dl4jlessons.lessons.papers.PapersLesson.NOTEBOOK_SAMPLE), source);
        String printed = joined(code.get("outputs").get(0).get("text"));
        assertTrue(printed.startsWith("== " + figure.command() + ":"), printed);
        assertTrue(printed.contains("held: ") || printed.contains("did NOT hold: "), "its verdicts: " + printed);
        assertEquals("display_data", code.get("outputs").get(1).get("output_type").asText(), "its picture");
    }

    /**
     * Lesson 10's section: the guide's two full-run pictures, the lesson's {@code configuration}, then a cell that runs
     * the guide's sample command on the committed sample with that configuration, printing the guide's table for
     * both variants (the same numbers as the guide's sample block, less its "wrote" lines) and showing one chart.
     */
    @Test
    void theFashionSectionRunsTheGuidesSampleCommandOnTheCellsOwnConfiguration() throws IOException {
        JsonNode cells = notebook().get("cells");
        int at = section(cells, "## Fashion-MNIST");
        String text = joined(cells.get(at).get("source"));
        assertTrue(text.contains("Guide: `lessons/10-fashion.md`"), text);
        assertTrue(cells.get(at).path("attachments").has("fashion-accuracy.png"), "the guide's picture");
        assertTrue(joined(cells.get(at + 1).get("source")).contains(
                "public static MultiLayerConfiguration configuration(FashionVariant variant"), "its configuration");
        JsonNode code = cells.get(at + 2);
        String source = joined(code.get("source"));
        assertTrue(source.contains("ProjectFiles.testData(\"fashion-mnist-sample\")")
                && source.contains("-> configuration(variant, seed, lr, slowFrom)")
                && source.contains("Charts.show(") && source.contains("`./course fashion`"), source);
        assertTrue(source.lines().count() <= 12, "short enough to read and edit: " + source);
        String printed = joined(code.get("outputs").get(0).get("text"));
        assertTrue(printed.lines().anyMatch(l -> l.startsWith("plain ")) && printed.lines()
                .anyMatch(l -> l.startsWith("dropout-0.5 ")), "a row per variant: " + printed);
        String guide = Files.readString(root().resolve("lessons/10-fashion.md"));
        String sample = Guides.blocks(guide).stream().filter(b -> b.kind().equals("output")
                && b.argument().startsWith("fashion --fashion-dir test-data/fashion-mnist-sample --train-rows 400 "
                        + "--epochs 8 --seeds 2 --variants plain,dropout-0.5 ")).findFirst().orElseThrow().body();
        String table = sample.lines().skip(2).filter(l -> !l.startsWith("wrote ") && !l.equals("```"))
                .reduce("", (a, b) -> a + b + "\n");
        assertTrue(Guides.sameOutput(table, printed), "the guide's sample run:\n" + table + "\n--- the cell:\n"
                + printed);
        JsonNode chart = code.get("outputs").get(1);
        assertEquals("display_data", chart.get("output_type").asText(), "its chart");
        var image = ImageIO.read(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(
                chart.get("data").get("image/png").asText())));
        assertEquals(960, image.getWidth());
        assertTrue(Files.readString(root().resolve("notebooks-equivalent/10-fashion.jsh")).contains(source),
                "its JShell script runs the same cell");
    }

    @Test
    void jshScriptsKeepAnInteractiveSessionOpen() throws IOException {
        for (var lesson : NotebookGenerator.scripted()) {
            String script = NotebookGenerator.jsh(root(), lesson);
            assertFalse(script.lines().anyMatch(l -> l.strip().equals("/exit")), "no /exit: /open keeps jshell open");
            assertTrue(script.contains("jshell -R-XX:+UseParallelGC -R-Xmx512m --class-path"), "the JVM flags");
            assertTrue(script.contains("< /dev/null"), "the batch command ends at the end of its input");
        }
    }

    /**
     * Every picture a markdown cell shows is one of its attachments, so it shows wherever the notebook is opened
     * (no path relative to a folder the server may not serve), and each attachment is the picture file it names.
     */
    @Test
    void everyPictureInTheNotebookIsAnAttachmentOfItsCell() throws IOException {
        int pictures = 0;
        for (JsonNode cell : notebook().get("cells")) {
            String source = joined(cell.get("source"));
            var links = java.util.regex.Pattern.compile("!\\[[^\\]]*\\]\\(([^)]*)\\)").matcher(source);
            while (links.find()) {
                String link = links.group(1);
                assertTrue(link.startsWith("attachment:"), "a picture linked by a path: " + link);
                String name = link.substring("attachment:".length());
                JsonNode data = cell.path("attachments").path(name);
                assertTrue(data.has("image/png") || data.has("image/gif"), "attachment " + name);
                String mime = data.fieldNames().next();
                byte[] bytes = Base64.getDecoder().decode(data.get(mime).asText());
                var image = ImageIO.read(new java.io.ByteArrayInputStream(bytes));
                var file = ImageIO.read(root().resolve("lessons/img").resolve(name).toFile());
                assertTrue(image != null && file != null && image.getWidth() == file.getWidth()
                        && image.getHeight() == file.getHeight(), name + " is the picture lessons/img/" + name);
                pictures++;
            }
        }
        assertTrue(pictures >= 8, "the lesson pictures: " + pictures);
    }

    /** A markdown cell's pictures become attachments; one outside the repository or missing is one clear error. */
    @Test
    void aMarkdownCellEmbedsItsPicturesAndRefusesOnesItMustNotRead() {
        byte[] png = {1, 2, 3};
        var cell = NotebookGenerator.text(root(), "See ![a](../lessons/img/x.png), again ![b](../lessons/img/x.png), "
                + "and a [link](../lessons/img/x.png).", file -> {
                    assertEquals(root().resolve("lessons/img/x.png"), file);
                    return png;
                });
        assertEquals(1, cell.attachments().size());
        assertEquals("image/png", cell.attachments().get(0).mime());
        assertEquals("See ![a](attachment:x.png), again ![b](attachment:x.png), and a [link](../lessons/img/x.png).\n",
                cell.notebookSource());
        assertTrue(cell.source().contains("![a](../lessons/img/x.png)"), "the Markdown rendering keeps the path");
        var outside = org.junit.jupiter.api.Assertions.assertThrows(dev.dl4jlessons.runtime.InputException.class,
                () -> NotebookGenerator.text(root(), "![x](../../../../etc/secret.png)", f -> png));
        assertTrue(outside.getMessage().contains("is outside the repository"), outside.getMessage());
        var missing = org.junit.jupiter.api.Assertions.assertThrows(dev.dl4jlessons.runtime.InputException.class,
                () -> NotebookGenerator.pictureOnDisk(root(), root().resolve("lessons/img/no-such.png")));
        assertTrue(missing.getMessage().contains("lessons/img/no-such.png is missing"), missing.getMessage());
    }

    @Test
    void notebookSaysInvertedDropoutNeedsNoTestTimeScaling() throws IOException {
        var text = new StringBuilder();
        notebook().get("cells").forEach(c -> text.append(joined(c.get("source"))));
        assertTrue(text.toString().contains("inverted"));
        assertTrue(text.toString().contains("inference needs no scaling"));
    }

    @Test
    void codeCellsMatchTheSources() throws IOException {
        var cells = NotebookGenerator.cells(root(), false);
        List<String> expected = cells.stream().map(NotebookGenerator.Cell::notebookSource).toList();
        List<String> actual = new ArrayList<>();
        notebook().get("cells").forEach(c -> actual.add(joined(c.get("source"))));
        assertEquals(expected, actual, "stale notebook: run `./course notebook`");
        String md = Files.readString(root().resolve("notebooks-equivalent/regularization.md"));
        for (String source : cells.stream().map(NotebookGenerator.Cell::source).toList()) {
            assertTrue(md.contains(source), "the Markdown rendering holds every cell");
        }
    }

    @Test
    void everyScriptedLessonHasACurrentJshScript() throws IOException {
        assertTrue(NotebookGenerator.scripted().stream().anyMatch(l -> !(l instanceof ModelLesson)),
                "a lesson that is not one model (capacity) gets a script too");
        for (var lesson : NotebookGenerator.scripted()) {
            Path script = root().resolve("notebooks-equivalent").resolve(NotebookGenerator.jshName(lesson));
            assertTrue(Files.exists(script), script + " missing");
            assertEquals(NotebookGenerator.jsh(root(), lesson), Files.readString(script), "stale " + script);
        }
    }

    /**
     * The JDK's {@code jshell} reads a script a line at a time and runs a snippet as soon as the lines read so far
     * complete one, and a statement needs no semicolon there: a line that is a whole statement runs alone, even when
     * the next line goes on with {@code .withEpochs(8)}. Jupyter's kernel hands JShell the whole cell. Every script
     * must split into the same snippets both ways, or the jshell tool runs something else than the notebook.
     */
    @Test
    void everyJshScriptSplitsIntoTheSameSnippetsLineByLineAsWhole() throws IOException {
        try (JShell shell = JShell.builder().executionEngine("local").build()) {
            var analysis = shell.sourceCodeAnalysis();
            for (var lesson : NotebookGenerator.scripted()) {
                String script = NotebookGenerator.jsh(root(), lesson);
                List<String> whole = new ArrayList<>();
                String remaining = script;
                while (!remaining.isBlank()) {
                    var info = analysis.analyzeCompletion(remaining);
                    whole.add(info.source());
                    remaining = info.remaining();
                }
                assertEquals(whole.stream().map(NotebookTest::code).toList(), toolSnippets(analysis, script).stream()
                        .map(NotebookTest::code).toList(), NotebookGenerator.jshName(lesson));
            }
        }
    }

    /** The snippets the jshell tool runs from {@code script}, as its {@code processSource} reads it line by line. */
    private static List<String> toolSnippets(jdk.jshell.SourceCodeAnalysis analysis, String script) {
        List<String> snippets = new ArrayList<>();
        String pending = "";
        for (String line : script.lines().toList()) {
            pending = pending + line + "\n";
            while (true) {
                var info = analysis.analyzeCompletion(pending);
                if (info.completeness() == jdk.jshell.SourceCodeAnalysis.Completeness.EMPTY) {
                    pending = ""; // comments and blank lines
                    break;
                }
                if (!info.completeness().isComplete()) {
                    break;
                }
                snippets.add(info.source());
                pending = info.remaining();
            }
        }
        return snippets;
    }

    /** A snippet's code alone: no comments, white space folded, no closing semicolon. */
    private static String code(String snippet) {
        return snippet.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\\n]*", "").replaceAll("\\s+", " ")
                .strip().replaceAll(";$", "");
    }

    /** Each script trains its lesson (capacity's alone takes half a minute): run with the notebook profile. */
    @Tag("notebook")
    @TestFactory
    Stream<DynamicTest> everyJshScriptRunsInJShell() throws IOException {
        try (Stream<Path> files = Files.list(root().resolve("notebooks-equivalent"))) {
            return files.filter(p -> p.toString().endsWith(".jsh")).sorted().toList().stream()
                    .map(script -> DynamicTest.dynamicTest(script.getFileName().toString(), () -> runs(script)));
        }
    }

    private static void runs(Path script) throws IOException {
        var buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                JShell shell = JShell.builder().executionEngine("local").out(out).err(out).build()) {
            System.setOut(out); // the local engine runs snippets in this JVM, printing to System.out
            shell.addToClasspath(System.getProperty("java.class.path"));
            int snippets = 0;
            // as the jshell tool runs it (the notebook's kernel runs each cell whole: the split test above)
            for (String source : toolSnippets(shell.sourceCodeAnalysis(), Files.readString(script))) {
                for (SnippetEvent event : shell.eval(source)) {
                    assertTrue(event.status() == Snippet.Status.VALID, "snippet failed: " + event.snippet().source()
                            + " " + shell.diagnostics(event.snippet()).map(d -> d.getMessage(null)).toList());
                    assertEquals(null, event.exception(), "snippet threw: " + event.snippet().source());
                    snippets++;
                }
            }
            assertTrue(snippets > 5, "snippets evaluated: " + snippets);
        } finally {
            System.setOut(original);
        }
        String printed = buffer.toString(StandardCharsets.UTF_8);
        var lesson = NotebookGenerator.scripted().stream()
                .filter(l -> NotebookGenerator.jshName(l).equals(script.getFileName().toString())).findFirst();
        if (lesson.isPresent() && !(lesson.get() instanceof ModelLesson)) {
            assertTrue(printed.startsWith(lesson.get().name() + ":"), printed); // its own output, not a model run
        } else {
            assertTrue(printed.contains("Epoch 1, Loss: ") && printed.contains("Epoch 5, Loss: "), printed);
        }
    }
}
