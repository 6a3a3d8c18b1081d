package dev.dl4jlessons.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The overview page's script as the course serves it: DL4J's own, with every chart's colours from the course's
 * palette, each series far from every other, so a legend of four or more layers tells them apart.
 */
class OverviewScriptTest {
    private static final Pattern COLORS = Pattern.compile("colors: \\[([^\\]]*)\\]");
    private static final Pattern HEX = Pattern.compile("\"#([0-9a-f]{6})\"");

    @Test
    void everyChartGetsTheCoursesDistinctColoursAndNothingElseChanges() throws Exception {
        String original;
        try (var in = getClass().getClassLoader().getResourceAsStream(OverviewScript.RESOURCE)) {
            assertNotNull(in, "DL4J's script is on the class path");
            original = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        byte[] served = OverviewScript.bytes();
        assertNotNull(served);
        String script = new String(served, StandardCharsets.UTF_8);
        assertEquals(OverviewScript.recoloured(original), script);
        Matcher m = COLORS.matcher(script);
        List<List<Color>> charts = new ArrayList<>();
        while (m.find()) {
            List<Color> colours = new ArrayList<>();
            Matcher hex = HEX.matcher(m.group(1));
            while (hex.find()) {
                colours.add(new Color(Integer.parseInt(hex.group(1), 16)));
            }
            charts.add(colours);
        }
        assertEquals(OverviewScript.CHARTS, charts.size());
        assertEquals(List.of(PictureStyle.TRAIN, PictureStyle.LATER), charts.get(0).subList(0, 2),
                "the score in the training colour, its moving summary in the colour of a mean");
        for (List<Color> colours : charts.subList(1, charts.size())) {
            assertEquals(PictureStyle.SERIES, colours);
            assertTrue(colours.size() >= 8, "enough colours that flot derives none for a lesson's layers");
        }
        for (int i = 0; i < PictureStyle.SERIES.size(); i++) {
            for (int j = 0; j < i; j++) {
                double d = distance(PictureStyle.SERIES.get(i), PictureStyle.SERIES.get(j));
                assertTrue(d > 80, "series " + j + " and " + i + " are far apart: " + d);
            }
        }
        // outside the colour options, the script is DL4J's, character for character
        assertEquals(COLORS.matcher(original.replaceAll("colors:\\s*\\[", "colors: [")).replaceAll(""),
                COLORS.matcher(script).replaceAll(""));
        assertFalse(script.contains("FA5833"));
    }

    @Test
    void aScriptOfAnotherShapeIsRefusedNotHalfRecoloured() {
        assertThrows(IllegalStateException.class, () -> OverviewScript.recoloured("var a = {colors: [\"#FA5833\"]};"));
    }

    /** Euclidean distance in RGB, weighted as the eye sees it ("redmean"). */
    private static double distance(Color a, Color b) {
        double r = (a.getRed() + b.getRed()) / 2.0;
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt((2 + r / 256) * dr * dr + 4 * dg * dg + (2 + (255 - r) / 256) * db * db);
    }
}
