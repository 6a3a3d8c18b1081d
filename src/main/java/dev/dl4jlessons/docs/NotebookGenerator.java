package dev.dl4jlessons.docs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.nd4j.shade.jackson.core.util.DefaultIndenter;
import org.nd4j.shade.jackson.core.util.DefaultPrettyPrinter;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.History;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Report;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.kernel.CourseKernel;
import dev.dl4jlessons.kernel.KernelSpec;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.lessons.papers.PapersLesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * Builds the notebook equivalents from {@code src/notebook/regularization.md}, the lesson sources and a real run:
 * a Jupyter notebook (nbformat 4), a Markdown rendering of it, and one JShell script per model lesson.
 */
public final class NotebookGenerator {
    /** Folder of the generated files, relative to the repository root. */
    public static final String OUT = "notebooks-equivalent";
    /** The notebook's template, relative to the repository root. */
    public static final String TEMPLATE = "src/notebook/regularization.md";
    /** Folder of the optional notebook text of lessons beyond the seed's three, {@code NAME.md} each. */
    public static final String PROSE = "src/notebook/lessons/";
    /** Folder of the notebook's charts, inside {@link #OUT}. */
    public static final String CHARTS = "regularization-files";
    /** The kernel the notebook declares: the course's own, installed by {@code kernel install}. */
    public static final String KERNEL = KernelSpec.NAME;
    /** Its display name, as {@code kernel install} writes it. */
    public static final String KERNEL_DISPLAY_NAME = CourseKernel.DISPLAY_NAME;
    /** The plain-text stand-in of a chart output, beside its {@code image/png}, as the kernel sends it. */
    public static final String CHART_TEXT = CourseKernel.CHART_TEXT;

    private static final Pattern DIRECTIVE = Pattern.compile("<!-- (markdown|lesson: ([\\w-]+)|experiment: ([\\w-]+)"
            + "|comparison|more-lessons|papers) -->\\n");

    private NotebookGenerator() {
    }

    /**
     * One notebook cell.
     *
     * @param markdown    true for a markdown cell
     * @param source      the cell's text, with pictures linked by their path relative to {@value #OUT}
     * @param stdout      what the code printed, or empty
     * @param png         a chart the cell displays, or null
     * @param attachments the pictures a markdown cell shows, by their name in the cell; empty for a code cell
     */
    public record Cell(boolean markdown, String source, String stdout, byte[] png, List<Attachment> attachments) {
        Cell(boolean markdown, String source, String stdout, byte[] png) {
            this(markdown, source, stdout, png, List.of());
        }

        /**
         * The cell's text as the notebook holds it: each picture linked as {@code attachment:NAME}, so that it shows
         * wherever the notebook is opened (Jupyter's server started in any folder, nbconvert, GitHub), with no file
         * beside it.
         */
        public String notebookSource() {
            String text = source;
            for (Attachment a : attachments) {
                // pictures only: a plain link to the same file stays a link
                text = text.replaceAll("(!\\[[^\\]]*\\])\\(" + Pattern.quote(a.link()) + "\\)",
                        "$1(attachment:" + Matcher.quoteReplacement(a.name()) + ")");
            }
            return text;
        }
    }

    /**
     * A picture embedded in a markdown cell.
     *
     * @param name  its name in the cell, the file's name ({@code dropout-masks.png})
     * @param link  the link the template wrote, relative to {@value #OUT} ({@code ../lessons/img/dropout-masks.png})
     * @param mime  {@code image/png} or {@code image/gif}
     * @param bytes the picture
     */
    public record Attachment(String name, String link, String mime, byte[] bytes) {
    }

    /** A Markdown picture with a relative link: {@code ![alt](../lessons/img/name.png)}. */
    private static final Pattern PICTURE = Pattern.compile("!\\[[^\\]]*\\]\\(([^)\\s:]+\\.(png|gif))\\)");

    /**
     * A markdown cell, with every picture it links embedded as an attachment.
     *
     * @param pictures the bytes of a picture file (absolute path): freshly drawn, or as it is on disk
     */
    static Cell text(Path root, String source, Function<Path, byte[]> pictures) {
        String text = source.strip() + "\n";
        List<Attachment> attachments = new ArrayList<>();
        Matcher m = PICTURE.matcher(text);
        Path base = root.resolve(OUT);
        while (m.find()) {
            String link = m.group(1);
            Path file = base.resolve(link).normalize();
            if (!file.startsWith(root)) {
                throw new InputException(TEMPLATE + ": the picture " + link + " is outside the repository");
            }
            if (attachments.stream().anyMatch(a -> a.link().equals(link))) {
                continue; // the same picture twice in one cell: one attachment serves both
            }
            String name = file.getFileName().toString();
            if (attachments.stream().anyMatch(a -> a.name().equals(name))) {
                throw new InputException(TEMPLATE + ": two pictures named " + name + " in one cell");
            }
            attachments.add(new Attachment(name, link, "image/" + m.group(2), pictures.apply(file)));
        }
        return new Cell(true, text, "", null, List.copyOf(attachments));
    }

    /** A picture as it is on disk: a regular file of the repository, not a link; missing is one clear line. */
    static byte[] pictureOnDisk(Path root, Path file) {
        if (!java.nio.file.Files.isRegularFile(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new InputException(TEMPLATE + ": the picture " + root.relativize(file) + " is missing (or not a "
                    + "regular file); run notebook to draw the pictures");
        }
        try {
            return java.nio.file.Files.readAllBytes(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The notebook's cells. With {@code run}, code cells carry the outputs of a real run; without, they are empty
     * (what the code-matches-sources test compares).
     */
    public static List<Cell> cells(Path root, boolean run) {
        return cells(root, run, RunCache.none());
    }

    /** The notebook's cells, with the outputs of unchanged lessons taken from {@code cache}. */
    public static List<Cell> cells(Path root, boolean run, RunCache cache) {
        return cells(root, run, cache, file -> pictureOnDisk(root, file));
    }

    /**
     * The notebook's cells, with the outputs of unchanged lessons taken from {@code cache}, and the pictures of its
     * markdown cells from {@code pictures} (an absolute file to its bytes).
     */
    public static List<Cell> cells(Path root, boolean run, RunCache cache, Function<Path, byte[]> pictures) {
        List<Cell> cells = new ArrayList<>();
        Map<String, History> notebookRuns = new LinkedHashMap<>();
        List<String> runVariables = new ArrayList<>();
        List<String> placed = new ArrayList<>();
        for (Part part : parts(ProjectFiles.readText(root.resolve(TEMPLATE)))) {
            String k = part.kind();
            String text = part.text();
            if (k.equals("markdown")) {
                cells.add(text(root, text, pictures));
            } else if (k.startsWith("lesson: ")) {
                ModelLesson lesson = modelLesson(k.substring("lesson: ".length()));
                notebookRuns.put(lesson.name(), null);
                addLesson(cells, root, lesson, run, cache, notebookRuns);
                runVariables.add(runVariable(lesson));
            } else if (k.startsWith("experiment: ")) {
                String name = k.substring("experiment: ".length());
                Lesson lesson = LessonCatalog.find(name).filter(l -> !l.notebookCall().isEmpty())
                        .orElseThrow(() -> new InputException(TEMPLATE + ": no lesson with a notebook call called '"
                                + name + "'"));
                addExperiment(cells, root, lesson, run, cache);
                placed.add(name);
            } else if (k.equals("comparison")) {
                cells.add(comparison(runVariables, notebookRuns, run, cache));
            } else if (k.equals("papers")) {
                cells.add(text(root, text, pictures));
                addPapers(cells, root, run, cache);
            } else {
                for (var lesson : LessonCatalog.all()) {
                    if (placed.contains(lesson.name())) {
                        continue;
                    }
                    if (lesson instanceof ModelLesson ml && !ml.inNotebook()) {
                        cells.add(text(root, "## " + ml.title() + "\n\n" + prose(root, ml) + "Guide: `lessons/"
                                + ml.guide() + "`.", pictures));
                        addLesson(cells, root, ml, run, cache, new LinkedHashMap<>());
                    } else if (!(lesson instanceof ModelLesson) && !lesson.notebookCall().isEmpty()) {
                        cells.add(text(root, "## " + lesson.title() + "\n\n" + prose(root, lesson) + "Guide: `lessons/"
                                + lesson.guide() + "`.", pictures));
                        addExperiment(cells, root, lesson, run, cache);
                    }
                }
            }
        }
        return cells;
    }

    /**
     * A lesson's own notebook text, from {@value #PROSE}{@code NAME.md} when the instructor wrote one (it goes under
     * the lesson's heading, before the guide link); empty otherwise.
     */
    static String prose(Path root, Lesson lesson) {
        Path file = root.resolve(PROSE + lesson.name() + ".md");
        return java.nio.file.Files.isRegularFile(file) ? ProjectFiles.readText(file).strip() + "\n\n" : "";
    }

    /** One directive of the template and the text that follows it, up to the next directive. */
    private record Part(String kind, String text) {
    }

    private static List<Part> parts(String template) {
        List<Part> parts = new ArrayList<>();
        Matcher m = DIRECTIVE.matcher(template);
        String kind = null;
        int start = 0;
        while (m.find()) {
            if (kind != null) {
                parts.add(new Part(kind, template.substring(start, m.start())));
            }
            kind = m.group(1);
            start = m.end();
        }
        if (kind != null) {
            parts.add(new Part(kind, template.substring(start)));
        }
        return parts;
    }

    private static ModelLesson modelLesson(String name) {
        return LessonCatalog.find(name).filter(l -> l instanceof ModelLesson).map(l -> (ModelLesson) l)
                .orElseThrow(() -> new InputException(TEMPLATE + ": no model lesson called '" + name + "'"));
    }

    /** A model lesson's two cells; a run that is not cached leaves its history in {@code histories}. */
    private static void addLesson(List<Cell> cells, Path root, ModelLesson lesson, boolean run, RunCache cache,
            Map<String, History> histories) {
        cells.add(new Cell(false, definitionCell(root, lesson), "", null));
        if (!run) {
            cells.add(new Cell(false, runCell(lesson), "", null));
            return;
        }
        String stdout = cache.text("notebook-cell", List.of(lesson.name()), List.of(lesson.name()), () -> {
            var buffer = new ByteArrayOutputStream();
            try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                histories.put(lesson.name(), NotebookRun.run(List.of(lesson), Settings.NOTEBOOK, out).get(0));
            }
            return buffer.toString(StandardCharsets.UTF_8);
        });
        cells.add(new Cell(false, runCell(lesson), stdout, null));
    }

    /** A lesson that is not one model: its configuration, then its own notebook call, with what it prints. */
    private static void addExperiment(List<Cell> cells, Path root, Lesson lesson, boolean run, RunCache cache) {
        cells.add(new Cell(false, definitionCell(root, lesson), "", null));
        addCall(cells, root, lesson.notebookCall() + "\n", "notebook-cell", List.of(lesson.name()),
                lesson::runForNotebook, run, cache);
    }

    /**
     * Lesson 11's cell: one of the papers' figures at the tests' size on the committed Fashion-MNIST sample (seconds),
     * with the table it prints and the picture it shows. Its cache entry is keyed by the papers lesson's code and the
     * sample's files.
     */
    private static void addPapers(List<Cell> cells, Path root, boolean run, RunCache cache) {
        addCall(cells, root, PapersLesson.notebookCell(), RunCache.NOTEBOOK_CALL + ":" + PapersLesson.class.getName(),
                List.of(), PapersLesson::notebookRun, run, cache);
    }

    /**
     * A code cell of {@code call}; with {@code run}, its outputs are what {@code runner} prints and the chart it
     * returns, from the cache when the code {@code purpose} and {@code lessons} reach, and every file of the committed
     * data the call reads ({@link #dataFiles}), are unchanged.
     */
    private static void addCall(List<Cell> cells, Path root, String call, String purpose, List<String> lessons,
            Function<PrintStream, byte[]> runner, boolean run, RunCache cache) {
        if (!run) {
            cells.add(new Cell(false, call, "", null));
            return;
        }
        List<String> arguments = new ArrayList<>(lessons);
        arguments.addAll(dataFiles(root, call));
        cells.add(ranCell(call, cache.bytes(purpose, arguments, lessons, () -> packed(runner),
                NotebookGenerator::wellPacked)));
    }

    /** Committed data a notebook call reads: {@code ProjectFiles.testData("NAME")}, a file or folder of test-data/. */
    private static final Pattern TEST_DATA = Pattern.compile("ProjectFiles\\.testData\\(\"([^\"\\\\]+)\"\\)");

    /**
     * The files of {@code test-data/} that {@code call} reads, relative to {@code root} and sorted: each one it names
     * with {@code ProjectFiles.testData("NAME")}, or every regular file below a folder it names. As arguments of a
     * cache entry they put their bytes into its key, so that editing the sample runs the cell again.
     */
    static List<String> dataFiles(Path root, String call) {
        Path data = root.resolve("test-data").normalize();
        var files = new java.util.TreeSet<String>();
        Matcher m = TEST_DATA.matcher(call);
        while (m.find()) {
            Path named = data.resolve(m.group(1)).normalize();
            if (!named.startsWith(data)) {
                throw new InputException("a notebook cell reads " + m.group(1) + ", which is outside test-data/");
            }
            try (var walk = java.nio.file.Files.walk(named)) {
                walk.filter(f -> java.nio.file.Files.isRegularFile(f, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .forEach(f -> files.add(root.relativize(f).toString().replace('\\', '/')));
            } catch (java.nio.file.NoSuchFileException e) {
                throw new InputException("a notebook cell reads test-data/" + m.group(1) + ", which is missing");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return List.copyOf(files);
    }

    /** What a cell prints and the chart it shows (if any), together: [stdout length][stdout][png]. */
    private static byte[] packed(Function<PrintStream, byte[]> run) {
        var buffer = new ByteArrayOutputStream();
        byte[] png;
        try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
            png = run.apply(out);
        }
        byte[] text = buffer.toByteArray();
        return java.nio.ByteBuffer.allocate(4 + text.length + (png == null ? 0 : png.length))
                .putInt(text.length).put(text).put(png == null ? new byte[0] : png).array();
    }

    private static boolean wellPacked(byte[] b) {
        return b.length >= 4 && java.nio.ByteBuffer.wrap(b).getInt() >= 0
                && java.nio.ByteBuffer.wrap(b).getInt() <= b.length - 4;
    }

    /** A code cell of {@code call} with the outputs {@link #packed} holds. */
    private static Cell ranCell(String call, byte[] packed) {
        var unpacked = java.nio.ByteBuffer.wrap(packed);
        byte[] text = new byte[unpacked.getInt()];
        unpacked.get(text);
        byte[] png = unpacked.remaining() == 0 ? null : new byte[unpacked.remaining()];
        if (png != null) {
            unpacked.get(png);
        }
        return new Cell(false, call, new String(text, StandardCharsets.UTF_8), png);
    }

    /** Lessons that get a JShell script: every model lesson, and every other lesson with a notebook call. */
    public static List<Lesson> scripted() {
        return LessonCatalog.all().stream()
                .filter(l -> l instanceof ModelLesson || !l.notebookCall().isEmpty()).toList();
    }

    /** The lesson's imports and its configuration method, excerpted from its source file. */
    public static String definitionCell(Path root, Lesson lesson) {
        Path source = sourceOf(root, lesson);
        String text = ProjectFiles.readText(source);
        var sb = new StringBuilder();
        sb.append("import java.util.List;\n");
        for (String line : text.lines().distinct().toList()) {
            // JShell marks a repeated import as overwriting the first, so java.util.List appears once
            if (line.startsWith("import ") && !line.contains(".cli.") && !line.equals("import java.util.List;")) {
                sb.append(line).append('\n');
            }
        }
        sb.append("import dev.dl4jlessons.harness.*;\n");
        if (!(lesson instanceof ModelLesson)) {
            sb.append("import ").append(lesson.getClass().getName()).append(";\n"); // its notebook call names it
            // and the classes beside it that the excerpt and the call name without an import (FashionVariant)
            sb.append("import ").append(lesson.getClass().getPackageName()).append(".*;\n");
        }
        // top-level constants only: a nested type's constant (Sweep.DEFAULT) is not a member of the lesson class
        Matcher constants = Pattern.compile("^    public static final \\w+(?:\\[\\])* (\\w+) =", Pattern.MULTILINE)
                .matcher(text);
        while (constants.find()) {
            sb.append("import static ").append(lesson.getClass().getName()).append('.').append(constants.group(1))
                    .append(";\n");
        }
        sb.append("dev.dl4jlessons.runtime.CourseRuntime.init(false); // quiet DL4J's start-up logs\n\n");
        String relative = root.relativize(source).toString().replace('\\', '/');
        String excerpt = Guides.excerpt(root, relative + "#configuration");
        if (lesson instanceof ModelLesson ml) {
            // Every model lesson's method is configuration(Settings). In one JShell session a second definition
            // would replace the first, and JShell resets each variable whose initializer used it: the earlier
            // lessons' runs would be null by the comparison cell. So each keeps its own name in the notebook.
            String renamed = excerpt.replaceFirst(" configuration\\(Settings ", " " + configurationMethod(ml)
                    + "(Settings ");
            if (renamed.equals(excerpt)) {
                throw new InputException(relative + ": a model lesson's excerpt must define configuration(Settings "
                        + "settings)");
            }
            excerpt = renamed;
        }
        sb.append(excerpt);
        return sb.toString();
    }

    /** The name of a model lesson's configuration method in the notebook, e.g. {@code dropoutConfiguration}. */
    public static String configurationMethod(ModelLesson lesson) {
        String variable = runVariable(lesson);
        return variable.substring(0, variable.length() - "Runs".length()) + "Configuration";
    }

    /** The cell that trains the lesson's model with the shared harness. */
    public static String runCell(ModelLesson lesson) {
        return "var " + runVariable(lesson) + " = NotebookRun.run(List.of(ModelSpec.of(\"" + lesson.name()
                + "\", s -> " + configurationMethod(lesson) + "(s))), Settings.NOTEBOOK, System.out);\n";
    }

    private static String runVariable(ModelLesson lesson) {
        String[] parts = lesson.name().split("-");
        var sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            sb.append(Character.toUpperCase(parts[i].charAt(0))).append(parts[i].substring(1));
        }
        return sb.append("Runs").toString();
    }

    private static Cell comparison(List<String> variables, Map<String, History> histories, boolean run,
            RunCache cache) {
        String source = "var runs = List.of(" + String.join(", ", variables.stream().map(v -> v + ".get(0)").toList())
                + ");\nReport.comparison(runs, System.out);\nCharts.show(Charts.epochLosses(runs));\n";
        if (!run) {
            return new Cell(false, source, "", null);
        }
        List<String> names = List.copyOf(histories.keySet());
        String stdout = cache.text("notebook-comparison", names, names, () -> {
            var buffer = new ByteArrayOutputStream();
            try (var out = new PrintStream(buffer, true, StandardCharsets.UTF_8)) {
                Report.comparison(histories(histories), out);
            }
            return buffer.toString(StandardCharsets.UTF_8);
        });
        byte[] chart = cache.bytes("notebook-chart", names, names,
                () -> Charts.pngBytes(Charts.epochLosses(histories(histories))));
        return new Cell(false, source, stdout, chart);
    }

    /** The notebook models' histories; a model whose cell came from the cache is trained again, silently. */
    private static List<History> histories(Map<String, History> histories) {
        histories.replaceAll((name, h) -> h != null ? h : NotebookRun.run(List.of(modelLesson(name)),
                Settings.NOTEBOOK, new PrintStream(OutputStream.nullOutputStream())).get(0));
        return List.copyOf(histories.values());
    }

    /** JShell's options for the course's JVM flags, for the JVM that runs the snippets (see TunedJvm). */
    public static final String JSHELL_FLAGS = String.join(" ", TunedJvm.FLAGS.stream().map(f -> "-R" + f).toList());

    /**
     * The JShell script of a lesson: the same two cells as the notebook. It has no {@code /exit}, so that
     * {@code /open} in an interactive {@code jshell} keeps the session open; the batch command reads its input from
     * {@code /dev/null}, and JShell exits at the end of that input.
     */
    public static String jsh(Path root, Lesson lesson) {
        String call = lesson instanceof ModelLesson ml ? runCell(ml) : lesson.notebookCall() + "\n";
        String script = OUT + "/" + jshName(lesson);
        return "// " + lesson.title() + "\n// Generated from the sources by `mvn -q compile exec:java -Dexec.args=notebook`. "
                + "Run it with:\n//   jshell " + JSHELL_FLAGS + " --class-path \"$(cat target/classpath.txt)\" " + script
                + " < /dev/null\n// or, in an interactive jshell started with the same options: /open " + script
                + "\n\n" + definitionCell(root, lesson) + "\n" + call;
    }

    /** File name of a lesson's JShell script, e.g. {@code 01-dropout.jsh}. */
    public static String jshName(Lesson lesson) {
        return String.format(Locale.ROOT, "%02d-%s.jsh", lesson.order() / 10, lesson.name());
    }

    /** The notebook as nbformat 4 JSON. */
    public static String ipynb(List<Cell> cells) {
        List<Object> json = new ArrayList<>();
        int execution = 0;
        for (int i = 0; i < cells.size(); i++) {
            Cell c = cells.get(i);
            Map<String, Object> cell = new LinkedHashMap<>();
            cell.put("cell_type", c.markdown() ? "markdown" : "code");
            if (!c.markdown()) {
                cell.put("execution_count", ++execution);
            }
            cell.put("id", String.format(Locale.ROOT, "cell-%02d", i + 1));
            cell.put("metadata", Map.of());
            if (!c.attachments().isEmpty()) {
                Map<String, Object> attachments = new LinkedHashMap<>();
                for (Attachment a : c.attachments()) {
                    attachments.put(a.name(), Map.of(a.mime(), Base64.getEncoder().encodeToString(a.bytes())));
                }
                cell.put("attachments", attachments);
            }
            if (!c.markdown()) {
                List<Object> outputs = new ArrayList<>();
                if (!c.stdout().isEmpty()) {
                    Map<String, Object> stream = new LinkedHashMap<>();
                    stream.put("name", "stdout");
                    stream.put("output_type", "stream");
                    stream.put("text", lines(c.stdout()));
                    outputs.add(stream);
                }
                if (c.png() != null) {
                    Map<String, Object> display = new LinkedHashMap<>();
                    Map<String, Object> data = new LinkedHashMap<>(); // ordered, so regenerating is byte-stable
                    data.put("image/png", Base64.getEncoder().encodeToString(c.png()));
                    data.put("text/plain", List.of(CHART_TEXT));
                    display.put("data", data);
                    display.put("metadata", Map.of());
                    display.put("output_type", "display_data");
                    outputs.add(display);
                }
                cell.put("outputs", outputs);
            }
            cell.put("source", lines(c.notebookSource()));
            json.add(cell);
        }
        Map<String, Object> notebook = new LinkedHashMap<>();
        notebook.put("cells", json);
        Map<String, Object> kernel = new LinkedHashMap<>();
        kernel.put("display_name", KERNEL_DISPLAY_NAME);
        kernel.put("language", CourseKernel.LANGUAGE);
        kernel.put("name", KERNEL);
        Map<String, Object> language = new LinkedHashMap<>();
        language.put("codemirror_mode", "java");
        // as the kernel's kernel_info_reply says it, and the kernelspec's "language"
        language.put("file_extension", CourseKernel.FILE_EXTENSION);
        language.put("mimetype", "text/x-java-source");
        language.put("name", CourseKernel.LANGUAGE);
        language.put("pygments_lexer", "java");
        language.put("version", "17");
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("kernelspec", kernel);
        metadata.put("language_info", language);
        notebook.put("metadata", metadata);
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        try {
            var printer = new DefaultPrettyPrinter().withObjectIndenter(new DefaultIndenter(" ", "\n"));
            return new ObjectMapper().writer(printer).writeValueAsString(notebook) + "\n";
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** nbformat's multi-line strings: a list of lines, each but the last ending in a newline. */
    static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int nl = text.indexOf('\n', start);
            int end = nl < 0 ? text.length() : nl + 1;
            out.add(text.substring(start, end));
            start = end;
        }
        return out;
    }

    /** The notebook rendered as Markdown; images are referenced from {@code imageDir}. */
    public static String markdown(List<Cell> cells, String imageDir, List<String> imageNames) {
        var sb = new StringBuilder("<!-- Generated from src/notebook/regularization.md and the lesson sources by "
                + "`mvn -q compile exec:java -Dexec.args=notebook`; do not edit. -->\n");
        int image = 0;
        for (Cell c : cells) {
            sb.append('\n');
            if (c.markdown()) {
                sb.append(c.source());
                continue;
            }
            sb.append("```java\n").append(c.source()).append("```\n");
            if (!c.stdout().isEmpty()) {
                sb.append("\n```text\n").append(c.stdout()).append(c.stdout().endsWith("\n") ? "" : "\n")
                        .append("```\n");
            }
            if (c.png() != null) {
                sb.append("\n![chart](").append(imageDir).append('/').append(imageNames.get(image++))
                        .append(")\n");
            }
        }
        return sb.toString();
    }

    /**
     * The notebook, its Markdown rendering, its charts and every JShell script, as file to bytes, in the order they
     * are listed; nothing is written here.
     */
    public static Map<Path, byte[]> files(Path root) {
        return files(root, RunCache.none());
    }

    /** {@link #files(Path)}, with the outputs of unchanged lessons taken from {@code cache}. */
    public static Map<Path, byte[]> files(Path root, RunCache cache) {
        return files(root, cache, Map.of());
    }

    /**
     * {@link #files(Path, RunCache)}, with the pictures the notebook embeds taken from {@code drawn} (file to bytes)
     * where it has them, so that a run that draws the pictures anew embeds the new ones.
     */
    public static Map<Path, byte[]> files(Path root, RunCache cache, Map<Path, byte[]> drawn) {
        List<Cell> cells = cells(root, true, cache, file -> drawn.containsKey(file) ? drawn.get(file)
                : pictureOnDisk(root, file));
        Path out = root.resolve(OUT);
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(out.resolve("regularization.ipynb"), utf8(ipynb(cells)));
        List<String> images = new ArrayList<>();
        for (Cell c : cells) {
            if (c.png() != null) {
                String name = "chart-" + (images.size() + 1) + ".png";
                images.add(name);
                files.put(out.resolve(CHARTS).resolve(name), c.png());
            }
        }
        files.put(out.resolve("regularization.md"), utf8(markdown(cells, CHARTS, images)));
        for (var lesson : scripted()) {
            files.put(out.resolve(jshName(lesson)), utf8(jsh(root, lesson)));
        }
        return files;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** The source file of a lesson class. */
    static Path sourceOf(Path root, Object lesson) {
        return root.resolve("src/main/java").resolve(lesson.getClass().getName().replace('.', '/') + ".java");
    }

}
