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
    private static final Pattern PNG_DATA = Pattern.compile("\"image/png\" ?: ?\"[^\"]*\"");

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
        Map<Path, String> guides = new LinkedHashMap<>();
        for (Path guide : Guides.files(root)) {
            guides.put(guide, ProjectFiles.readText(guide));
        }
        List<Target> targets = new ArrayList<>();
        GuideStubs.withStubs(root, guides).forEach((file, text) -> targets.add(new Target(file,
                refreshNaming(file, text, root, runner).getBytes(StandardCharsets.UTF_8))));
        NotebookGenerator.files(root).forEach((file, bytes) -> targets.add(new Target(file, bytes)));
        PictureRenderer.files(root).forEach((file, bytes) -> targets.add(new Target(file, bytes)));
        return targets;
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

    private static boolean current(Target target) {
        if (!Files.isRegularFile(target.file())) {
            return false;
        }
        try {
            byte[] onDisk = Files.readAllBytes(target.file());
            if (target.file().toString().endsWith(".png") || target.file().toString().endsWith(".gif")) {
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
        List<Path> unfinished = new ArrayList<>();
        for (Path guide : Guides.files(root)) {
            if (guide.getFileName().toString().matches("\\d\\d-.*\\.md") && GuideStubs.unfinished(ProjectFiles.readText(guide))) {
                unfinished.add(guide);
            }
        }
        return unfinished;
    }
}
