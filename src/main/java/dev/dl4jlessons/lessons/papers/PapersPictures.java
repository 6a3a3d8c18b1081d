package dev.dl4jlessons.lessons.papers;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Lesson 11's pictures for the {@code notebook} command, one per {@link Figure}: drawn from the default-size runs
 * when {@value PapersLesson#REDRAW} is {@code true} (about half an hour here, and Debian's Fashion-MNIST package),
 * otherwise the committed files as they are ({@link PapersLesson#pictures}).
 */
public final class PapersPictures implements LessonPictures {
    private Map<Path, byte[]> drawn;

    /** Found by the renderer's scan of the lessons' packages. */
    public PapersPictures() {
    }

    @Override
    public List<Picture> pictures() {
        Path img = ProjectFiles.requireRoot().resolve("lessons/img");
        return Arrays.stream(Figure.values())
                .map(f -> new Picture(f.picture(), () -> all(img).get(img.resolve(f.picture())))).toList();
    }

    private synchronized Map<Path, byte[]> all(Path img) {
        if (drawn == null) {
            drawn = PapersLesson.pictures(img);
        }
        return drawn;
    }
}
