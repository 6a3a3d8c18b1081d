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
}
