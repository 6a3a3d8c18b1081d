package dev.dl4jlessons.pictures;

import java.util.List;

/**
 * The pictures of one lesson's guide. A public class with a public no-argument constructor that implements this, in
 * the lesson's own package (for example {@code lessons.dropout.DropoutPictures}), is found by the {@code notebook}
 * command without any registration, and each of its {@link Picture}s is drawn into {@code lessons/img/}.
 */
public interface LessonPictures {
    /** The seed every picture is drawn with. */
    long SEED = 42;

    /** The pictures, in the order they are drawn; each file name is used by one picture of the whole course. */
    List<Picture> pictures();
}
