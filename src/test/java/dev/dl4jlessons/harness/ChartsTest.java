package dev.dl4jlessons.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The training charts are drawn in the pictures' one style ({@link PictureStyle}): the same series colours, fonts and
 * strokes, and a header laid out by the fonts' metrics, so that a long title wraps instead of running into the note
 * beside it.
 */
class ChartsTest {
    private static final double[] X = {1, 2, 3};
    private static final Charts.Panel PANEL = new Charts.Panel("plain", X, new double[] {0.9, 0.5, 0.2},
            new double[] {1.0, 0.8, 0.9});

    @Test
    void theChartsColoursFontsAndStrokesAreThePictures() {
        assertEquals(PictureStyle.SERIES, List.of(Charts.PALETTE));
        assertEquals(PictureStyle.TRAIN, Charts.PALETTE[0], "the plain model is the same blue everywhere");
        assertEquals(PictureStyle.FIT, Charts.PALETTE[1], "the regularized model the same red");
        assertEquals(PictureStyle.dashed(), Charts.DASHED);
        assertEquals(PictureStyle.dotted(), Charts.DOTTED);
        assertEquals(PictureStyle.solid(), Charts.SOLID);

        var figure = Charts.smallMultiples(new Charts.Layout("t", "epoch", "MSE", 1.0, "trivial", null),
                List.of(PANEL, PANEL));
        for (var chart : List.of(figure.panels().get(0), Charts.lineChart("t", "x", "y"))) {
            var st = chart.getStyler();
            assertEquals(PictureStyle.PANEL_TITLE, st.getChartTitleFont());
            assertEquals(PictureStyle.AXIS_TITLE, st.getAxisTitleFont());
            assertEquals(PictureStyle.TICKS, st.getAxisTickLabelsFont());
        }
        assertEquals(PictureStyle.series(1), figure.panels().get(1).getSeriesMap().get("train").getLineColor(),
                "the second panel's training curve");
        assertEquals(PictureStyle.lighter(PictureStyle.series(1)),
                figure.panels().get(1).getSeriesMap().get("validation").getLineColor());
    }

    @Test
    void aShortTitleAndKeyKeepTheHeadersHeight() {
        var layout = new Charts.Layout("Loss curves on diabetes, mean of 5 seeds", "epoch", "MSE", 0.979,
                "trivial predictor", null, "restored by early stopping (one per seed)", true);
        var header = Charts.header(layout, true);
        assertEquals(1, header.title().size());
        assertEquals(Charts.HEADER, header.height(), "a figure that fits keeps its size");
        assertEquals(header.titleBaselines().get(0), header.noteY(), "the note beside the title");
        assertTrue(PictureStyle.MARGIN + PictureStyle.metrics(PictureStyle.TITLE).stringWidth(header.title().get(0))
                < header.noteX(), "and clear of it");
        var figure = Charts.smallMultiples(layout, List.of(PANEL));
        assertEquals(Charts.HEADER + figure.panels().get(0).getHeight(), figure.image().getHeight());
    }

    @Test
    void aLongTitleWrapsAndNothingInTheHeaderOverlaps() {
        String title = "Fashion-MNIST, 60000 training images: cross-entropy per epoch (training solid, test dashed; "
                + "mean of 3 seeds)";
        var layout = new Charts.Layout(title, "epoch", "cross-entropy", Double.NaN, null, null);
        var header = Charts.header(layout, true);
        var titleFont = PictureStyle.metrics(PictureStyle.TITLE);
        var text = PictureStyle.metrics(PictureStyle.TEXT);
        assertTrue(header.title().size() >= 2, "wrapped: " + header.title());
        assertEquals(title, String.join(" ", header.title()));
        for (String line : header.title()) {
            assertTrue(PictureStyle.MARGIN + titleFont.stringWidth(line) <= Charts.WIDTH - PictureStyle.MARGIN, line);
        }
        int lastTitle = header.titleBaselines().get(header.titleBaselines().size() - 1);
        int previousRight = 0;
        for (var entry : header.key()) {
            assertTrue(entry.y() > lastTitle, "the key below the title: " + entry);
            assertTrue(entry.x() >= previousRight, "entries side by side: " + header.key());
            previousRight = entry.x() + 30 + text.stringWidth(entry.text());
            assertTrue(previousRight <= Charts.WIDTH - PictureStyle.MARGIN, entry.toString());
            if (entry.y() == header.noteY()) {
                assertTrue(previousRight < header.noteX(), "the note clears the key: " + header);
            }
        }
        assertTrue(header.noteX() + text.stringWidth(header.note()) <= Charts.WIDTH - PictureStyle.MARGIN);
        assertTrue(header.height() > Charts.HEADER, "the header grows by the title's extra lines");
        var figure = Charts.smallMultiples(layout, List.of(PANEL));
        assertEquals(header.height() + figure.panels().get(0).getHeight(), figure.image().getHeight());
    }
}
