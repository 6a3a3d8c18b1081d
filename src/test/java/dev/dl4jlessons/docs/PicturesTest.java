package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The assembly of the guides' pictures: every lesson's {@link LessonPictures} is found on the class path, sits in its
 * lesson's package, and names a file that the guides link. The data of each picture is tested beside its lesson.
 */
class PicturesTest {
    @Test
    void everyLessonsPicturesAreFoundWithoutRegistrationInTheLessonsOwnPackage() {
        var sources = PictureRenderer.sources();
        assertTrue(sources.size() >= 5, sources.toString());
        for (LessonPictures source : sources) {
            String pkg = source.getClass().getPackageName();
            assertTrue(pkg.startsWith(PictureRenderer.LESSONS + "."), "a lesson's own package: " + pkg);
            assertTrue(source.getClass().getSimpleName().endsWith("Pictures"), source.getClass().getName());
        }
    }

    @Test
    void everyDrawnPictureIsInLessonsImgAndLinkedFromAGuide() throws Exception {
        Path root = ProjectFiles.requireRoot();
        List<String> files = PictureRenderer.pictures().stream().map(Picture::file).toList();
        assertEquals(Set.copyOf(files).size(), files.size(), "one picture per file: " + files);
        assertTrue(files.containsAll(List.of("underfit-overfit.png", "dropout-masks.png", "dropout.gif",
                "dropout-passes.png", "batchnorm-histograms.png", "batchnorm-running-stats.png",
                "batchnorm-learning-rates.png", "layernorm-batch-sizes.png")), files.toString());
        var linked = new TreeSet<String>();
        try (var guides = Files.list(root.resolve("lessons"))) {
            for (Path guide : guides.filter(p -> p.toString().endsWith(".md")).toList()) {
                String text = Files.readString(guide);
                files.stream().filter(f -> text.contains("img/" + f)).forEach(linked::add);
            }
        }
        for (String file : files) {
            assertTrue(Files.isRegularFile(root.resolve("lessons/img").resolve(file)), "lessons/img/" + file);
            assertTrue(linked.contains(file), "no guide shows img/" + file);
        }
    }

    /**
     * A picture of the same size but other pixels (a changed colour or font) is not stale for {@code notebook --check},
     * which lets another CPU's last digits move a pixel, but {@code notebook} redraws it, so a change of style reaches
     * the committed file; a byte-identical picture is neither.
     */
    @Test
    void aPictureWithOtherPixelsIsRedrawnButNotStale(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        byte[] blue = png(java.awt.Color.BLUE);
        byte[] red = png(java.awt.Color.RED);
        Path file = dir.resolve("chart.png");
        Files.write(file, blue);
        var same = new GeneratedFiles.Target(file, blue.clone());
        var recoloured = new GeneratedFiles.Target(file, red);
        assertEquals(List.of(), GeneratedFiles.stale(List.of(same, recoloured)), "the same size is not stale");
        assertEquals(List.of(recoloured), GeneratedFiles.redrawn(List.of(same, recoloured)));
        var taller = new GeneratedFiles.Target(file, png(java.awt.Color.BLUE, 9));
        assertEquals(List.of(taller), GeneratedFiles.stale(List.of(taller)), "another size is stale");
        assertEquals(List.of(), GeneratedFiles.redrawn(List.of(taller)), "and written as stale, not as redrawn");
    }

    private static byte[] png(java.awt.Color colour) throws java.io.IOException {
        return png(colour, 8);
    }

    private static byte[] png(java.awt.Color colour, int height) throws java.io.IOException {
        var image = new java.awt.image.BufferedImage(8, height, java.awt.image.BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, 8, height);
        g.dispose();
        var bytes = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(image, "png", bytes);
        return bytes.toByteArray();
    }
}
