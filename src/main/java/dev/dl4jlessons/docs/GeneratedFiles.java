package dev.dl4jlessons.docs;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Everything the {@code notebook} command writes, computed in memory first: the guides with fresh excerpts and
 * outputs, stubs and syllabus rows for new lessons, and {@code notebooks-equivalent/}. Writing and
 * {@code notebook --check} walk the same list, so the check covers every file the command would write.
 */
public final class GeneratedFiles {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s#]+)(?:#[^)]*)?\\)");
    /** A picture in a notebook, a chart output or a markdown cell's attachment: compared by the files, not here. */
    private static final Pattern PNG_DATA = Pattern.compile("\"image/(?:png|gif)\" ?: ?\"[^\"]*\"");

    /**
     * The folders, relative to the repository root, that the {@code notebook} command writes into: the guides, the
     * pictures, the notebook equivalents with their charts, and the run cache. Each must be a real folder (or not
     * exist yet): the command refuses a symbolic link at any of them, or above them, before it runs anything.
     */
    public static final List<String> FOLDERS = List.of("lessons", RunCache.PICTURE_DIR, NotebookGenerator.OUT,
            NotebookGenerator.OUT + "/" + NotebookGenerator.CHARTS, RunCache.DIR);

    private GeneratedFiles() {
    }

    /** One file and the bytes it should hold. */
    public record Target(Path file, byte[] content) {
    }

    /**
     * Every generated file.
     *
     * @param runner runs the launcher for an output block's arguments and returns what it printed
     */
    public static List<Target> all(Path root, Function<String[], String> runner) throws IOException {
        return all(root, runner, RunCache.none(), List.of());
    }

    /**
     * The generated files, or those of some lessons only.
     *
     * @param cache   answers for runs whose code, data and options have not changed
     * @param lessons names from the syllabus ({@code --list}); empty for every file. A selection covers each
     *                lesson's guide, the syllabus, the notebook (its other cells come from the cache) and each
     *                lesson's JShell script, but not the README or the pictures
     */
    public static List<Target> all(Path root, Function<String[], String> runner, RunCache cache,
            List<String> lessons) throws IOException {
        return generate(root, runner, cache, lessons).targets();
    }

    /**
     * What the {@code notebook} command produces: the files it writes, and the prose numbers of the guides it covers
     * that no longer match their runs ({@link Guides#staleNumbers}), as {@code lessons/03-combining.md line 151: ...}.
     */
    public record Generated(List<Target> targets, List<String> staleProse) {
    }

    /** {@link #all(Path, Function, RunCache, List)}, with the guides' prose numbers checked against the same runs. */
    public static Generated generate(Path root, Function<String[], String> runner, RunCache cache,
            List<String> lessons) throws IOException {
        var guidesToRefresh = new java.util.HashSet<Path>();
        if (!lessons.isEmpty()) {
            guidesToRefresh.add(root.resolve("lessons/README.md"));
            for (String name : lessons) {
                guidesToRefresh.add(root.resolve("lessons").resolve(guide(name)));
            }
        }
        Map<Path, String> guides = new LinkedHashMap<>();
        for (Path guide : Guides.files(root)) {
            guides.put(guide, ProjectFiles.readText(guide));
        }
        Map<List<String>, String> printed = new java.util.HashMap<>(); // each output once per command
        Function<String[], String> cached = args -> printed.computeIfAbsent(List.of(args),
                a -> cache.guideOutput(args, runner));
        List<Target> targets = new ArrayList<>();
        List<String> staleProse = new ArrayList<>();
        GuideStubs.withStubs(root, guides).forEach((file, text) -> {
            if (lessons.isEmpty() || guidesToRefresh.contains(file)) {
                targets.add(new Target(file, refreshNaming(file, text, root, cached).getBytes(StandardCharsets.UTF_8)));
                try {
                    Guides.staleNumbers(text, cached).forEach(p -> staleProse.add(root.relativize(file) + " " + p));
                } catch (InputException e) {
                    throw new InputException(root.relativize(file) + ": " + e.getMessage(), e);
                }
            }
        });
        var scripts = lessons.stream().map(GeneratedFiles::scriptOf).filter(java.util.Objects::nonNull)
                .map(name -> root.resolve(NotebookGenerator.OUT).resolve(name)).toList();
        // the pictures first: the notebook embeds them, so it must embed the ones this run draws
        // One cache entry per lesson's pictures: a change to one lesson redraws only that lesson's pictures.
        Map<Path, byte[]> pictures = new LinkedHashMap<>();
        if (lessons.isEmpty()) {
            for (var source : PictureRenderer.sources()) {
                pictures.putAll(cache.pictures(root, source.getClass(),
                        () -> PictureRenderer.files(root, List.of(source))));
            }
        }
        NotebookGenerator.files(root, cache, pictures).forEach((file, bytes) -> {
            boolean script = file.getFileName().toString().endsWith(".jsh");
            if (lessons.isEmpty() || !script || scripts.contains(file)) {
                targets.add(new Target(file, bytes));
            }
        });
        pictures.forEach((file, bytes) -> targets.add(new Target(file, bytes)));
        return new Generated(targets, staleProse);
    }

    /** The bytes of every guide (README.md and lessons/*.md) now, to tell later whether one was edited meanwhile. */
    public static Map<Path, byte[]> snapshot(Path root) throws IOException {
        Map<Path, byte[]> snapshot = new LinkedHashMap<>();
        for (Path guide : Guides.files(root)) {
            snapshot.put(guide, Files.readAllBytes(guide));
        }
        return snapshot;
    }

    /**
     * True when {@code file} was in {@code snapshot} and now holds something else: a guide edited while the notebook
     * command ran, which it must not overwrite with text computed from the older version.
     */
    public static boolean changedSince(Path file, Map<Path, byte[]> snapshot) {
        byte[] then = snapshot.get(file);
        try {
            return then != null && !java.util.Arrays.equals(then, Files.readAllBytes(file));
        } catch (IOException e) {
            return true; // gone or unreadable since: not ours to replace
        }
    }

    /** The guide file of a syllabus entry, e.g. {@code 01-dropout.md} for {@code dropout}. */
    private static String guide(String name) {
        return dev.dl4jlessons.lessons.LessonCatalog.syllabus().stream()
                .filter(e -> e.name().equals(name) || e.name().startsWith(name + " ")).findFirst()
                .map(dev.dl4jlessons.lessons.SyllabusEntry::guide)
                .orElseThrow(() -> new InputException("unknown lesson '" + name + "'"));
    }

    /** The file name of a lesson's JShell script, or null for a syllabus entry without one. */
    private static String scriptOf(String name) {
        return NotebookGenerator.scripted().stream().filter(l -> l.name().equals(name)).findFirst()
                .map(NotebookGenerator::jshName).orElse(null);
    }

    /** A guide refreshed; an error in one of its blocks is reported against the guide's file. */
    private static String refreshNaming(Path guide, String text, Path root, Function<String[], String> runner) {
        try {
            return Guides.refresh(text, root, runner);
        } catch (InputException e) {
            throw e.getMessage().startsWith(guide.toString()) ? e
                    : new InputException(root.relativize(guide) + ": " + e.getMessage(), e);
        }
    }

    /**
     * The targets whose file is missing or says something else. Text counts as the same when only numbers moved
     * within {@link Guides#NUMBER_TOLERANCE} (another CPU's float32 rounding); a chart (PNG, or a GIF's first frame)
     * counts as the same when it decodes to an image of the same size, since a last-digit change can move a line by a pixel.
     */
    public static List<Target> stale(List<Target> targets) {
        return targets.stream().filter(t -> !current(t)).toList();
    }

    /**
     * The pictures among {@code targets} that {@link #stale} lets pass (the same size) but whose bytes differ: a
     * changed colour, font or line. {@code notebook} rewrites them, so that a change of style reaches the committed
     * pictures; {@code notebook --check} does not count them, since another CPU's last digits move pixels too.
     */
    public static List<Target> redrawn(List<Target> targets) {
        return targets.stream().filter(t -> isPicture(t.file()) && current(t)).filter(t -> {
            try {
                return !java.util.Arrays.equals(Files.readAllBytes(t.file()), t.content());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }

    private static boolean isPicture(Path file) {
        return file.toString().endsWith(".png") || file.toString().endsWith(".gif");
    }

    private static boolean current(Target target) {
        if (!Files.isRegularFile(target.file())) {
            return false;
        }
        try {
            byte[] onDisk = Files.readAllBytes(target.file());
            if (isPicture(target.file())) {
                return sameSize(image(onDisk), image(target.content()));
            }
            String expected = PNG_DATA.matcher(new String(target.content(), StandardCharsets.UTF_8)).replaceAll("png");
            String actual = PNG_DATA.matcher(new String(onDisk, StandardCharsets.UTF_8)).replaceAll("png");
            return Guides.sameOutput(expected, actual);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static BufferedImage image(byte[] png) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(png));
    }

    private static boolean sameSize(BufferedImage a, BufferedImage b) {
        return a != null && b != null && a.getWidth() == b.getWidth() && a.getHeight() == b.getHeight();
    }

    /**
     * Every Markdown file a reader follows: README.md, the guides in {@code lessons/}, and the Markdown files of
     * {@code docs/}, {@code notebooks-equivalent/}, {@code reference/} and {@code test-data/}.
     */
    public static List<Path> documentation(Path root) throws IOException {
        List<Path> docs = new ArrayList<>(Guides.files(root));
        for (String folder : new String[] {"docs", "notebooks-equivalent", "reference", "test-data"}) {
            Path dir = root.resolve(folder);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
                }
            }
        }
        return docs;
    }

    /**
     * Relative links in the README, the guides and the docs that point at no file, as {@code file → target}: a guide
     * listed in the syllabus but never written, or renamed, is caught here.
     */
    public static List<String> brokenLinks(Path root) throws IOException {
        List<String> broken = new ArrayList<>();
        for (Path doc : documentation(root)) {
            Matcher m = LINK.matcher(ProjectFiles.readText(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.matches("^[a-z]+:.*") || target.startsWith("/")) {
                    continue; // a web address or an absolute path: not this repository's to check
                }
                if (!Files.exists(doc.getParent().resolve(target).normalize())) {
                    broken.add(root.relativize(doc) + " → " + target);
                }
            }
        }
        return broken;
    }

    /** Guides in {@code lessons/} that still hold a stub's TODO placeholders. */
    public static List<Path> unfinished(Path root) throws IOException {
        return unfinished(root, List.of());
    }

    /** Guides of {@code lessons} (every guide when empty) that still hold a stub's TODO placeholders. */
    public static List<Path> unfinished(Path root, List<String> lessons) throws IOException {
        List<Path> unfinished = new ArrayList<>();
        var selected = lessons.stream().map(n -> root.resolve("lessons").resolve(guide(n))).toList();
        for (Path guide : Guides.files(root)) {
            if (!lessons.isEmpty() && !selected.contains(guide)) {
                continue;
            }
            if (guide.getFileName().toString().matches("\\d\\d-.*\\.md") && GuideStubs.unfinished(ProjectFiles.readText(guide))) {
                unfinished.add(guide);
            }
        }
        return unfinished;
    }
}
