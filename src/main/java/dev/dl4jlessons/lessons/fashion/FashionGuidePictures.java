package dev.dl4jlessons.lessons.fashion;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Lesson 10's pictures for the {@code notebook} command: {@link FashionPictures#guide} draws the three together from
 * the full-size runs the guide shows when {@value FashionPictures#REDRAW} is {@code true}, and otherwise hands back the
 * committed files, so the command neither waits for an hour of training nor needs Debian's package.
 */
public final class FashionGuidePictures implements LessonPictures {
    private Map<Path, byte[]> drawn;

    /** Found by the renderer's scan of the lessons' packages. */
    public FashionGuidePictures() {
    }

    @Override
    public List<Picture> pictures() {
        Path img = ProjectFiles.requireRoot().resolve("lessons/img");
        if (!Boolean.getBoolean(FashionPictures.REDRAW)) {
            // only the committed files that exist: a guide without them yet shows none
            return FashionPictures.GUIDE.stream().filter(name -> java.nio.file.Files.isRegularFile(img.resolve(name)))
                    .map(name -> new Picture(name, () -> all(img).get(img.resolve(name)))).toList();
        }
        return FashionPictures.GUIDE.stream().map(name -> new Picture(name, () -> all(img).get(img.resolve(name))))
                .toList();
    }

    private synchronized Map<Path, byte[]> all(Path img) {
        if (drawn == null) {
            drawn = FashionPictures.guide(img);
        }
        return drawn;
    }
}
