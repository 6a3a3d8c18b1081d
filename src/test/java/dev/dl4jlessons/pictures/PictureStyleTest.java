package dev.dl4jlessons.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The shared picture style: wrapping, XChart's histogram counts, and what a picture may be called. */
class PictureStyleTest {
    @Test
    void wrapKeepsEveryLineWithinTheWidthAndEveryWordInOrder() {
        var fm = PictureStyle.metrics(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        String text = "Running variance / variance over all rows, last 30 steps: 0.900. Each batch's variance divides "
                + "by n = 10, and the average of such variances is about (n−1)/n = 0.9 of the full set's.";
        var lines = PictureStyle.wrap(text, fm, 300);
        assertTrue(lines.size() >= 3, lines.toString());
        for (String line : lines) {
            assertTrue(fm.stringWidth(line) <= 300, line);
        }
        assertEquals(text, String.join(" ", lines));
        // a word wider than the width stays whole, on a line of its own
        assertEquals(List.of("a", "Supercalifragilisticexpialidocious", "b"),
                PictureStyle.wrap("a Supercalifragilisticexpialidocious b", fm, 40));
        assertEquals(List.of("short"), PictureStyle.wrap("short", fm, 600));
    }

    @Test
    void histogramOutlineCountsEveryValueOnceIncludingTheMaximum() {
        double[] v = {0, 0.1, 0.2, 0.5, 0.9, 1.0, 1.0};
        double[][] h = PictureStyle.histogram(v, 4);
        double total = 0;
        for (int b = 0; b < 4; b++) {
            total += h[1][2 * b + 1];
            assertEquals(h[1][2 * b + 1], h[1][2 * b + 2], "a bin is a flat step");
        }
        assertEquals(v.length, total, 1e-12);
        assertEquals(3, h[1][1], "0, 0.1 and 0.2 in the first quarter");
        assertEquals(3, h[1][7], "0.9 and both 1.0 in the last, the maximum included");
        assertEquals(0, h[0][0]);
        assertEquals(1, h[0][h[0].length - 1]);
    }

    @Test
    void aPictureIsAPlainFileNameUnderLessonsImg() {
        assertEquals("a-b.png", new Picture("a-b.png", () -> new byte[0]).file());
        for (String bad : new String[] {"../x.png", "img/x.png", "x.svg", "X.png", "", ".png"}) {
            assertThrows(IllegalArgumentException.class, () -> new Picture(bad, () -> new byte[0]), bad);
        }
    }
}
