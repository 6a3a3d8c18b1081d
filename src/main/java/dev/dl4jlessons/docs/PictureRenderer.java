package dev.dl4jlessons.docs;

import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.runtime.PackageClasses;

/**
 * Assembles the guides' pictures: every {@link LessonPictures} in the lessons' packages, found on the class path as
 * the lesson catalog finds lessons, drawn into {@code lessons/img/}. The experiments and the drawing live with their
 * lessons; {@link #files} is what the {@code notebook} command writes.
 */
public final class PictureRenderer {
    /** The package below which every lesson's pictures are looked for. */
    static final String LESSONS = Lesson.class.getPackageName();

    private PictureRenderer() {
    }

    /**
     * Every lesson's pictures, in the order of their classes' names.
     *
     * @throws IllegalStateException when two pictures name the same file
     */
    public static List<Picture> pictures() {
        return pictures(sources());
    }

    /** The pictures of {@code sources}, in order; two naming the same file are an error. */
    static List<Picture> pictures(List<LessonPictures> sources) {
        List<Picture> pictures = new ArrayList<>();
        for (LessonPictures source : sources) {
            pictures.addAll(source.pictures());
        }
        var seen = new HashSet<String>();
        for (Picture p : pictures) {
            if (!seen.add(p.file())) {
                throw new IllegalStateException("two pictures are drawn into lessons/img/" + p.file());
            }
        }
        return List.copyOf(pictures);
    }

    /** Every public {@link LessonPictures} class below {@link #LESSONS}, one instance each. */
    static List<LessonPictures> sources() {
        List<LessonPictures> sources = new ArrayList<>();
        try {
            for (String name : PackageClasses.classNamesBelow(PictureRenderer.class.getClassLoader(), LESSONS)) {
                Class<?> type = Class.forName(name, false, PictureRenderer.class.getClassLoader());
                if (LessonPictures.class.isAssignableFrom(type) && !type.isInterface()
                        && !Modifier.isAbstract(type.getModifiers()) && Modifier.isPublic(type.getModifiers())) {
                    sources.add((LessonPictures) type.getConstructor().newInstance());
                }
            }
        } catch (ReflectiveOperationException | LinkageError e) {
            throw new IllegalStateException("a lesson's pictures could not be loaded", e);
        } catch (UncheckedIOException e) {
            throw new IllegalStateException("could not list the lessons' picture classes", e.getCause());
        }
        return sources;
    }

    /** Every picture, by its file under {@code root}, drawn from fresh runs. */
    public static Map<Path, byte[]> files(Path root) {
        return files(root, sources());
    }

    /** The pictures of {@code sources}, by their files under {@code root}, drawn from fresh runs. */
    static Map<Path, byte[]> files(Path root, List<LessonPictures> sources) {
        Path img = root.resolve("lessons/img");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        for (Picture p : pictures(sources)) {
            files.put(img.resolve(p.file()), p.draw().get());
        }
        return files;
    }
}
