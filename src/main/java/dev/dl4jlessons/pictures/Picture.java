package dev.dl4jlessons.pictures;

import java.util.function.Supplier;

/**
 * One picture of a lesson: its file name under {@code lessons/img/} and how to draw it. Drawing runs the lesson's
 * experiment, so it happens only when the {@code notebook} command asks for the bytes.
 *
 * @param file  the file name under {@code lessons/img/}, e.g. {@code dropout-masks.png}
 * @param draw  runs the experiment and returns the encoded image (PNG or GIF)
 */
public record Picture(String file, Supplier<byte[]> draw) {
    /** Refuses a name that is not a plain file name: a picture writes only into {@code lessons/img/}. */
    public Picture {
        if (file == null || !file.matches("[a-z0-9][a-z0-9-]*\\.(png|gif)")) {
            throw new IllegalArgumentException("a picture's file must be a lower-case name.png or name.gif: " + file);
        }
        if (draw == null) {
            throw new IllegalArgumentException("picture " + file + " has no drawing");
        }
    }
}
