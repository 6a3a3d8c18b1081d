package dev.dl4jlessons.ui;

import java.awt.Color;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dl4jlessons.pictures.PictureStyle;

/**
 * DL4J's overview page script with the course's series colours. DL4J's {@code overview.js} gives its charts two
 * colours ({@code #FA5833}, {@code #2FABE9}) and lets flot derive the rest from them, so a network of three or more
 * layers gets a standard-deviation chart whose third and fourth lines are darker shades of the first two, and the
 * legend cannot tell them apart. The {@link UiGate} answers the script's path with this copy, in which the score chart
 * draws the score in {@link PictureStyle#TRAIN} and its moving summary in {@link PictureStyle#LATER} (as the
 * lessons' pictures draw a loss and its mean), and the other charts take {@link PictureStyle#SERIES} in order.
 */
final class OverviewScript {
    /** The path the overview page loads its script from. */
    static final String PATH = "/assets/js/train/overview.js";
    /** DL4J's script on the class path. */
    static final String RESOURCE = "deeplearning4jUiAssets/js/train/overview.js";
    /** A flot {@code colors: [...]} option. */
    private static final Pattern COLORS = Pattern.compile("colors:\\s*\\[[^\\]]*\\]");
    /** How many charts DL4J 1.0.0-M2.1's script sets colours for: score, update ratios, standard deviations. */
    static final int CHARTS = 3;

    private static volatile byte[] cached;

    private OverviewScript() {
    }

    /**
     * DL4J's script with its charts' colours replaced.
     *
     * @throws IllegalStateException when the script does not set colours for exactly {@value #CHARTS} charts (a
     *                               DL4J version this was not written for)
     */
    static String recoloured(String original) {
        Matcher m = COLORS.matcher(original);
        var out = new StringBuilder();
        int charts = 0;
        while (m.find()) {
            List<String> colours = charts == 0
                    ? List.of(css(PictureStyle.TRAIN), css(PictureStyle.LATER), "\"#000000\"")
                    : PictureStyle.SERIES.stream().map(OverviewScript::css).toList();
            m.appendReplacement(out, Matcher.quoteReplacement("colors: [" + String.join(", ", colours) + "]"));
            charts++;
        }
        m.appendTail(out);
        if (charts != CHARTS) {
            throw new IllegalStateException(RESOURCE + " sets colours for " + charts + " charts, not " + CHARTS);
        }
        return out.toString();
    }

    /** The recoloured script's bytes, or null when DL4J's script is missing or not the one this was written for. */
    static byte[] bytes() {
        byte[] bytes = cached;
        if (bytes != null) {
            return bytes.length == 0 ? null : bytes;
        }
        try (InputStream in = OverviewScript.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            bytes = in == null ? new byte[0] : recoloured(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException | IllegalStateException e) {
            bytes = new byte[0]; // DL4J's own script is served instead: the charts work, in its colours
        }
        cached = bytes;
        return bytes.length == 0 ? null : bytes;
    }

    private static String css(Color c) {
        return String.format(Locale.ROOT, "\"#%02x%02x%02x\"", c.getRed(), c.getGreen(), c.getBlue());
    }
}
