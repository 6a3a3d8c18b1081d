package dev.dl4jlessons.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The one style of the lessons' pictures: colours that mean the same thing in every picture, fonts, XChart panels and
 * their series, a grid of panels under a wrapped title, and the PNG and looping GIF encoders.
 */
public final class PictureStyle {
    /** Training data, the plain model, the first stage. */
    public static final Color TRAIN = new Color(0x1f77b4);
    /** Held-out data. */
    public static final Color VALIDATION = new Color(0x999999);
    /** A fitted curve, the regularized model, a unit that passes its value on. */
    public static final Color FIT = new Color(0xd62728);
    /** The later stage of the same thing, a mean. */
    public static final Color LATER = new Color(0xff7f0e);
    /** A unit that outputs 0 because its ReLU input was negative: in every dropout picture, and only that. */
    public static final Color RELU_ZERO = new Color(0xdddddd);
    /** A unit that outputs 0 because the dropout mask dropped it: in every dropout picture, and only that. */
    public static final Color DROPPED = Color.BLACK;
    /**
     * One colour per series where the series are just different things (variants, widths, runs, the training UI's
     * layers), in order: the first two are {@link #TRAIN} and {@link #FIT}, so a plain and a regularized model look the same in every picture.
     */
    public static final List<Color> SERIES = List.of(TRAIN, FIT, new Color(0x2ca02c), new Color(0x9467bd), LATER,
            new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf), new Color(0x7f7f7f), new Color(0xbcbd22));
    /** A picture's title. */
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    /** Notes and keys. */
    public static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    /** Arrays of numbers. */
    public static final Font MONO = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    /** A panel's title. */
    public static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 12);
    /** Axis titles. */
    public static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 11);
    /** Tick labels and a panel's legend. */
    public static final Font TICKS = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
    /** Left and right margin of titles and notes. */
    public static final int MARGIN = 12;

    private PictureStyle() {
    }

    /** An XChart panel in the pictures' style. */
    public static XYChart panel(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        return c;
    }

    /** An XChart bar (category) panel in the pictures' style, its legend hidden. */
    public static CategoryChart barPanel(String title, String xTitle, String yTitle, int width, int height) {
        CategoryChart c = new CategoryChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(c.getStyler());
        c.getStyler().setLegendVisible(false);
        return c;
    }

    private static void style(AxesChartStyler st) {
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(PANEL_TITLE);
        st.setAxisTitleFont(AXIS_TITLE);
        st.setAxisTickLabelsFont(TICKS);
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setLegendFont(TICKS);
        st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        st.setMarkerSize(5);
    }

    /** Points. */
    public static void scatter(XYChart c, String name, double[] x, double[] y, Color color, int size) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    /** A line without markers. */
    public static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    /**
     * The outline of XChart's {@link Histogram} of {@code values} in {@code bins} equal bins over their range, as a
     * closed step line, so that several histograms can share one panel.
     */
    public static void histogram(XYChart c, String name, double[] values, int bins, Color color) {
        double[][] h = histogram(values, bins);
        line(c, name, h[0], h[1], color, new BasicStroke(2f));
    }

    /** The x and y of a histogram's outline: XChart's bin counts, drawn as steps from its first to its last edge. */
    public static double[][] histogram(double[] values, int bins) {
        double lo = Arrays.stream(values).min().orElse(0);
        double hi = Arrays.stream(values).max().orElse(1);
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        var h = new Histogram(Arrays.stream(values).boxed().toList(), bins, lo, hi);
        double w = (hi - lo) / bins;
        List<Double> counts = h.getyAxisData();
        double[] xs = new double[2 * bins + 2];
        double[] ys = new double[2 * bins + 2];
        xs[0] = lo;
        for (int b = 0; b < bins; b++) {
            xs[2 * b + 1] = lo + b * w;
            ys[2 * b + 1] = counts.get(b);
            xs[2 * b + 2] = lo + (b + 1) * w;
            ys[2 * b + 2] = counts.get(b);
        }
        xs[2 * bins + 1] = hi;
        return new double[][] {xs, ys};
    }

    /** The {@code i}-th colour of {@link #SERIES}, round again after the last. */
    public static Color series(int i) {
        return SERIES.get(Math.floorMod(i, SERIES.size()));
    }

    /** A solid line, for a measured curve. */
    public static BasicStroke solid() {
        return new BasicStroke(2f);
    }

    /** A dotted line, for a reference such as the true function or the trivial predictor. */
    public static BasicStroke dotted() {
        return new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
    }

    /** Long dashes, for a statistic drawn beside a noisy solid line. */
    public static BasicStroke longDashes() {
        return new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {12f, 7f}, 0f);
    }

    /** Short dashes. */
    public static BasicStroke dashed() {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f);
    }

    /** {@code c} mixed halfway toward white. */
    public static Color lighter(Color c) {
        return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
    }

    /** A colour from pale yellow (0) through orange to dark red (1): the size of a value a unit passes on. */
    public static Color heat(double t) {
        t = Math.max(0, Math.min(1, t));
        float r = (float) (1.0 - 0.45 * t);
        float gr = (float) (0.95 - 0.9 * t);
        float b = (float) (0.6 - 0.55 * t);
        return new Color(r, Math.max(0, gr), Math.max(0, b));
    }

    /** The panels in a grid under a title, with notes below; title and notes wrap to the image width. */
    public static BufferedImage compose(String title, List<XYChart> panels, int columns, List<String> notes) {
        return composeImages(title, panels.stream().map(BitmapEncoder::getBufferedImage).toList(), columns, notes);
    }

    /**
     * Already drawn panels, all the size of the first, in a grid under a title, with notes below: for pictures whose
     * panels are not all {@link XYChart}s (bar charts, grids of weight images). Title and notes wrap to the image
     * width.
     */
    public static BufferedImage composeImages(String title, List<BufferedImage> panels, int columns,
            List<String> notes) {
        int w = panels.get(0).getWidth();
        int h = panels.get(0).getHeight();
        int rows = (panels.size() + columns - 1) / columns;
        int width = Math.max(columns * w, 600);
        List<String> titleLines = wrap(title, metrics(TITLE), width - 2 * MARGIN);
        List<String> noteLines = new ArrayList<>();
        for (String note : notes) {
            noteLines.addAll(wrap(note, metrics(TEXT), width - 2 * MARGIN));
        }
        int header = 40 + 20 * (titleLines.size() - 1);
        int footer = 14 + 18 * noteLines.size();
        var image = canvas(width, header + rows * h + footer);
        Graphics2D g = graphics(image);
        g.setFont(TITLE);
        for (int i = 0; i < titleLines.size(); i++) {
            g.drawString(titleLines.get(i), MARGIN, 26 + 20 * i);
        }
        for (int i = 0; i < panels.size(); i++) {
            g.drawImage(panels.get(i), (i % columns) * w, header + (i / columns) * h, null);
        }
        g.setColor(Color.DARK_GRAY);
        g.setFont(TEXT);
        for (int i = 0; i < noteLines.size(); i++) {
            g.drawString(noteLines.get(i), MARGIN, header + rows * h + 18 + 18 * i);
        }
        g.dispose();
        return image;
    }

    /**
     * {@code text} broken at spaces into lines no wider than {@code width} as {@code fm} measures them; a single
     * word wider than that stays whole on its own line.
     */
    public static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        String line = "";
        for (String word : text.split(" ")) {
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (!line.isEmpty() && fm.stringWidth(candidate) > width) {
                lines.add(line);
                line = word;
            } else {
                line = candidate;
            }
        }
        lines.add(line);
        return lines;
    }

    /** The metrics of {@code font} as {@link #graphics} draws it. */
    public static FontMetrics metrics(Font font) {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /** A white image. */
    public static BufferedImage canvas(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    /** Anti-aliased graphics on {@code image}, drawing in black. */
    public static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        return g;
    }

    /** {@code image} as PNG bytes. */
    public static byte[] png(BufferedImage image) {
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An animated GIF that loops for ever, {@code delayMs} per frame, from the JDK's own GIF writer. */
    public static byte[] gif(List<BufferedImage> frames, int delayMs) {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        var out = new ByteArrayOutputStream();
        try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (BufferedImage frame : frames) {
                var type = ImageTypeSpecifier.createFromRenderedImage(frame);
                IIOMetadata meta = writer.getDefaultImageMetadata(type, null);
                String format = meta.getNativeMetadataFormatName();
                var rootNode = (IIOMetadataNode) meta.getAsTree(format);
                var control = child(rootNode, "GraphicControlExtension");
                control.setAttribute("disposalMethod", "none");
                control.setAttribute("userInputFlag", "FALSE");
                control.setAttribute("transparentColorFlag", "FALSE");
                control.setAttribute("delayTime", Integer.toString(delayMs / 10));
                control.setAttribute("transparentColorIndex", "0");
                var apps = child(rootNode, "ApplicationExtensions");
                var app = new IIOMetadataNode("ApplicationExtension");
                app.setAttribute("applicationID", "NETSCAPE");
                app.setAttribute("authenticationCode", "2.0");
                app.setUserObject(new byte[] {1, 0, 0}); // loop count 0: for ever
                apps.appendChild(app);
                meta.setFromTree(format, rootNode);
                writer.writeToSequence(new IIOImage(frame, null, meta), null);
            }
            writer.endWriteSequence();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        return out.toByteArray();
    }

    private static IIOMetadataNode child(IIOMetadataNode root, String name) {
        for (int i = 0; i < root.getLength(); i++) {
            if (root.item(i).getNodeName().equalsIgnoreCase(name)) {
                return (IIOMetadataNode) root.item(i);
            }
        }
        var node = new IIOMetadataNode(name);
        root.appendChild(node);
        return node;
    }
}
