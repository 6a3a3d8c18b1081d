package dev.dl4jlessons.harness;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.dl4jlessons.pictures.PictureStyle;
import dev.dl4jlessons.runtime.AtomicFiles;

/**
 * PNG charts of training histories, drawn with XChart in the pictures' one style ({@link PictureStyle}: its series
 * colours, fonts, strokes and encoders), so a lab or capacity chart and a lesson's picture look alike.
 */
public final class Charts {
    /** Default chart width in pixels. */
    public static final int WIDTH = 960;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 600;
    /** One colour per series, in order: the pictures' {@link PictureStyle#SERIES}. */
    public static final Color[] PALETTE = PictureStyle.SERIES.toArray(new Color[0]);

    private Charts() {
    }

    /** Solid: training. */
    static final BasicStroke SOLID = PictureStyle.solid();
    /** Dashed: validation. */
    static final BasicStroke DASHED = PictureStyle.dashed();
    /** Dotted: the reference line. */
    static final BasicStroke DOTTED = PictureStyle.dotted();
    /** Height of the figure's title and key above the panels, when the title and the key fit on a line each. */
    static final int HEADER = 56;
    /** From one line of the header to the next. */
    private static final int LINE = 22;

    /** An empty line chart in the pictures' style ({@link PictureStyle#panel}), its key to the right. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = PictureStyle.panel(title, xTitle, yTitle, WIDTH, HEIGHT);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return chart;
    }

    /**
     * Whole-number x labels, spaced so they never run together: without this, XChart labels every epoch of a
     * 100-epoch run with decimals, and "10111213..." becomes unreadable.
     */
    static void integerAxis(XYChart chart) {
        chart.getStyler().setXAxisDecimalPattern("0");
        chart.getStyler().setXAxisTickMarkSpacingHint(70);
        // A formatter makes XChart space ticks by round numbers; without one, equally spaced data gets a tick every
        // k-th point from the first (1, 17, 33, ...), and three-digit labels run together.
        chart.setCustomXAxisTickLabelsFormatter(WHOLE);
    }

    /** Whole numbers only: a tick between two integers gets no label. */
    static final Function<Double, String> WHOLE = x -> Math.abs(x - Math.rint(x)) < 1e-9
            ? String.valueOf(Math.round(x)) : "";

    /**
     * One panel of a small-multiples figure: a training and a validation curve over the same x values, each with
     * optional error bars (one standard deviation over seeds).
     *
     * @param title           the panel's title, e.g. the variant
     * @param trainError      half-height of each training point's error bar, or null for none
     * @param validationError half-height of each validation point's error bar, or null for none
     * @param markX           x of points marked on the panel (such as the epochs early stopping restored), or null
     * @param markY           y of the marked points
     */
    public record Panel(String title, double[] x, double[] train, double[] validation, double[] trainError,
            double[] validationError, double[] markX, double[] markY) {
        /** A panel without error bars or marks. */
        public Panel(String title, double[] x, double[] train, double[] validation) {
            this(title, x, train, validation, null, null, null, null);
        }

        /** A panel with error bars. */
        public Panel(String title, double[] x, double[] train, double[] validation, double[] trainError,
                double[] validationError) {
            this(title, x, train, validation, trainError, validationError, null, null);
        }
    }

    /** Epochs 1..n as log2(epoch), for a log epoch axis labelled by {@link #LOG2_LABELS}. */
    public static double[] log2Epochs(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.log(i + 1) / Math.log(2);
        }
        return x;
    }

    /** Labels of a log2 axis: 2^x at whole x (1, 2, 4, 8, ...), nothing between. */
    public static final Function<Double, String> LOG2_LABELS = x -> Math.abs(x - Math.rint(x)) < 1e-9
            ? String.valueOf(Math.round(Math.pow(2, Math.rint(x)))) : "";

    /**
     * What every panel of a figure shares.
     *
     * @param title          the figure's title
     * @param xTitle         x axis title
     * @param yTitle         y axis title
     * @param reference      height of the reference line (the trivial predictor's loss), or NaN for none
     * @param referenceLabel what the reference line is, for the key
     * @param xLabels        formats x tick labels (e.g. 2^x for a log2 axis), or null for whole numbers
     * @param markLabel      what a panel's marked points are, for the key, or null when no panel has any
     * @param zoom           true to fit the y axis to the later half of the curves ({@link #ZOOM_ROOM} above their
     *                       highest point there), cutting off the first epochs' high losses so the differences
     *                       between the panels' endings can be seen
     */
    public record Layout(String title, String xTitle, String yTitle, double reference, String referenceLabel,
            Function<Double, String> xLabels, String markLabel, boolean zoom) {
        /** A layout without marked points or zoom. */
        public Layout(String title, String xTitle, String yTitle, double reference, String referenceLabel,
                Function<Double, String> xLabels) {
            this(title, xTitle, yTitle, reference, referenceLabel, xLabels, null, false);
        }
    }

    /** With {@link Layout#zoom}: the y axis ends this factor above the highest point of the curves' later halves. */
    public static final double ZOOM_ROOM = 1.2;

    /**
     * The y range the panels share: every curve (and error bar) from 0, and the reference line when it is no higher
     * than {@link #REFERENCE_ROOM} times the highest curve. A reference far above the curves (the digits' trivial
     * cross-entropy 2.3 over validation losses of 0.2 to 0.5) would squeeze them into the bottom fifth; it is left out
     * and the key gives its value instead.
     */
    public static double[] yRange(Layout layout, List<Panel> panels) {
        double[] data = range(panels.stream().flatMap(p -> java.util.stream.Stream.of(p.train(), p.validation(),
                shifted(p.train(), p.trainError(), 1), shifted(p.validation(), p.validationError(), 1),
                shifted(p.train(), p.trainError(), -1), shifted(p.validation(), p.validationError(), -1)))
                .toList(), Double.NaN);
        double min = Math.min(0, data[0]);
        if (layout.zoom()) {
            double later = range(panels.stream().flatMap(p -> java.util.stream.Stream.of(laterHalf(p.train()),
                    laterHalf(p.validation()))).toList(), Double.NaN)[1];
            data = new double[] {data[0], Math.min(data[1], ZOOM_ROOM * later)};
        }
        if (referenceShown(layout, data[1])) {
            return new double[] {Math.min(min, layout.reference()), Math.max(data[1], layout.reference())};
        }
        return new double[] {min, data[1]};
    }

    private static double[] laterHalf(double[] curve) {
        return Arrays.copyOfRange(curve, curve.length / 2, curve.length);
    }

    /** How far above the highest curve the reference line may be and still set the shared y range. */
    public static final double REFERENCE_ROOM = 1.5;

    private static boolean referenceShown(Layout layout, double dataMax) {
        return !Double.isNaN(layout.reference()) && layout.reference() <= REFERENCE_ROOM * dataMax;
    }

    /**
     * A small-multiples figure: the composed image and its panels, in order.
     *
     * @param image  the figure
     * @param panels one chart per panel, all with the same axis ranges
     */
    public record Figure(BufferedImage image, List<XYChart> panels) {
    }

    /**
     * One panel per curve pair instead of one plot with many lines: training solid, validation dashed, the reference
     * line dotted grey, every panel on the same axes so they compare at a glance.
     */
    public static Figure smallMultiples(Layout layout, List<Panel> panels) {
        int n = panels.size();
        int columns = n <= 3 ? Math.max(n, 1) : n == 4 ? 2 : 3;
        int rows = (n + columns - 1) / columns;
        int panelWidth = WIDTH / columns;
        int panelHeight = Math.max(240, Math.min(360, panelWidth * 3 / 4));
        double[] xRange = range(panels.stream().map(Panel::x).toList(), Double.NaN);
        double[] yRange = yRange(layout, panels);
        boolean referenceShown = Double.isNaN(layout.reference()) || layout.reference() <= yRange[1];
        // capped at twice the reference, so one early spike cannot flatten every panel (the CSV has the numbers)
        double yMax = Double.isNaN(layout.reference()) ? yRange[1] : Math.min(yRange[1], 2 * layout.reference());
        List<XYChart> charts = new ArrayList<>();
        Header header = header(layout, referenceShown);
        var image = PictureStyle.canvas(WIDTH, header.height() + rows * panelHeight);
        Graphics2D g = PictureStyle.graphics(image);
        drawHeader(g, header);
        for (int i = 0; i < n; i++) {
            Panel p = panels.get(i);
            Color c = PictureStyle.series(i);
            XYChart chart = PictureStyle.panel(p.title(), layout.xTitle(), layout.yTitle(), panelWidth, panelHeight);
            var st = chart.getStyler();
            st.setLegendVisible(false);
            double xMin = layout.xLabels() == null ? Math.min(0, xRange[0]) : xRange[0];
            st.setXAxisMin(xMin);
            st.setXAxisMax(xRange[1]);
            st.setYAxisMin(Math.min(0, yRange[0]));
            st.setYAxisMax(yMax);
            st.setYAxisDecimalPattern("0.0#");
            st.setXAxisTickMarkSpacingHint(60);
            if (layout.xLabels() != null) {
                chart.setCustomXAxisTickLabelsFormatter(layout.xLabels());
            } else {
                integerAxis(chart);
                st.setXAxisTickMarkSpacingHint(60);
            }
            boolean markers = p.x().length <= 12;
            if (p.trainError() != null || p.validationError() != null) {
                st.setErrorBarsColorSeriesColor(true);
            }
            line(chart, "train", p.x(), p.train(), p.trainError(), c, SOLID, markers);
            // lighter as well as dashed: XChart dashes each segment anew, so 200 short segments look solid
            line(chart, "validation", p.x(), p.validation(), p.validationError(), lighter(c), DASHED, markers);
            if (p.markX() != null) {
                XYSeries marks = chart.addSeries("marked", p.markX(), p.markY());
                marks.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                marks.setMarker(SeriesMarkers.DIAMOND);
                marks.setMarkerColor(Color.BLACK);
            }
            if (!Double.isNaN(layout.reference()) && referenceShown) {
                // Half a unit past both ends (clipped by the plot): when every x value is equally spaced, XChart
                // labels every k-th data point instead of round numbers, and 3-digit epochs run together.
                // (with custom labels, such as the capacity chart's widths, a label on every point is what we want)
                double pad = layout.xLabels() == null ? 0.5 : 0;
                line(chart, "reference", new double[] {xMin - pad, xRange[1] + pad},
                        new double[] {layout.reference(), layout.reference()}, null, Color.GRAY, DOTTED, false);
            }
            charts.add(chart);
            BufferedImage panel = BitmapEncoder.getBufferedImage(chart);
            g.drawImage(panel, (i % columns) * panelWidth, header.height() + (i / columns) * panelHeight, null);
        }
        g.dispose();
        return new Figure(image, List.copyOf(charts));
    }

    /** What a key entry's sample looks like. */
    enum Sample { SOLID, DASHED, DOTTED, MARK }

    /** One entry of a figure's key: its sample drawn at {@code x}, its text after it, on the baseline {@code y}. */
    record KeyEntry(Sample sample, String text, int x, int y) {
    }

    /**
     * Where a figure's header puts its parts: the title wrapped to the width, one baseline per line; the key's entries
     * side by side; the note on the axes right-aligned beside a one-line title when it fits there, else after the
     * key, else on a line of its own; and the header's height.
     */
    record Header(List<String> title, List<Integer> titleBaselines, List<KeyEntry> key, String note, int noteX,
            int noteY, int height) {
    }

    /** Width of a key entry's line sample, and the room between a sample and its text, and between entries. */
    private static final int SAMPLE = 30;
    private static final int SAMPLE_GAP = 6;
    private static final int ENTRY_GAP = 24;

    /** The header of a figure with {@code layout}, laid out with the fonts' metrics so that nothing overlaps. */
    static Header header(Layout layout, boolean referenceShown) {
        int margin = PictureStyle.MARGIN;
        FontMetrics text = PictureStyle.metrics(PictureStyle.TEXT);
        List<String> title = PictureStyle.wrap(layout.title(), PictureStyle.metrics(PictureStyle.TITLE),
                WIDTH - 2 * margin);
        List<Integer> baselines = new ArrayList<>();
        for (int i = 0; i < title.size(); i++) {
            baselines.add(22 + LINE * i);
        }
        int y = baselines.get(baselines.size() - 1) + LINE;
        List<KeyEntry> key = new ArrayList<>();
        int x = margin;
        List<Object[]> entries = new ArrayList<>(List.of(new Object[] {Sample.SOLID, "training"},
                new Object[] {Sample.DASHED, "validation"}));
        if (!Double.isNaN(layout.reference())) {
            entries.add(new Object[] {Sample.DOTTED, String.format(java.util.Locale.ROOT, referenceShown ? "%s (%.3f)"
                    : "%s (%.3f, above the plotted range)", layout.referenceLabel(), layout.reference())});
            if (layout.markLabel() != null) {
                entries.add(new Object[] {Sample.MARK, layout.markLabel()});
            }
        }
        for (Object[] e : entries) {
            var sample = (Sample) e[0];
            String label = (String) e[1];
            int width = (sample == Sample.MARK ? 10 : SAMPLE) + SAMPLE_GAP + text.stringWidth(label);
            if (x > margin && x + width > WIDTH - margin) { // the key wraps too
                x = margin;
                y += LINE;
            }
            key.add(new KeyEntry(sample, label, x, y));
            x += width + ENTRY_GAP;
        }
        String note = layout.zoom() ? "same axes in every panel, fitted to the later epochs" : "same axes in every panel";
        int noteX = WIDTH - margin - text.stringWidth(note);
        int noteY;
        if (title.size() == 1 && margin + PictureStyle.metrics(PictureStyle.TITLE).stringWidth(title.get(0))
                + ENTRY_GAP <= noteX) {
            noteY = baselines.get(0); // beside a one-line title
        } else if (x <= noteX) {
            noteY = y; // after the key
        } else {
            noteY = y += LINE; // a line of its own
        }
        return new Header(title, baselines, key, note, noteX, noteY, y + HEADER - 44);
    }

    private static void drawHeader(Graphics2D g, Header header) {
        g.setColor(Color.BLACK);
        g.setFont(PictureStyle.TITLE);
        for (int i = 0; i < header.title().size(); i++) {
            g.drawString(header.title().get(i), PictureStyle.MARGIN, header.titleBaselines().get(i));
        }
        g.setFont(PictureStyle.TEXT);
        for (KeyEntry e : header.key()) {
            int x = e.x();
            int y = e.y();
            switch (e.sample()) {
                case SOLID -> sample(g, SOLID, Color.DARK_GRAY, x, y);
                case DASHED -> sample(g, DASHED, PictureStyle.lighter(Color.DARK_GRAY), x, y);
                case DOTTED -> sample(g, DOTTED, Color.GRAY, x, y);
                case MARK -> {
                    g.setColor(Color.BLACK);
                    g.fillPolygon(new int[] {x, x + 5, x + 10, x + 5}, new int[] {y - 4, y - 9, y - 4, y + 1}, 4);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.drawString(e.text(), x + (e.sample() == Sample.MARK ? 10 : SAMPLE) + SAMPLE_GAP, y);
        }
        g.drawString(header.note(), header.noteX(), header.noteY());
    }

    private static void sample(Graphics2D g, BasicStroke stroke, Color color, int x, int y) {
        g.setStroke(stroke);
        g.setColor(color);
        g.drawLine(x, y - 4, x + SAMPLE, y - 4);
    }

    /** {@code y + sign * error} point by point, or {@code y} when there are no error bars. */
    private static double[] shifted(double[] y, double[] error, int sign) {
        if (error == null) {
            return y;
        }
        double[] v = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            v[i] = y[i] + sign * error[i];
        }
        return v;
    }

    /** The colour halfway to white: {@link PictureStyle#lighter}. */
    static Color lighter(Color c) {
        return PictureStyle.lighter(c);
    }

    private static void line(XYChart chart, String name, double[] x, double[] y, double[] errors, Color c,
            BasicStroke stroke, boolean markers) {
        XYSeries s = errors == null ? chart.addSeries(name, x, y) : chart.addSeries(name, x, y, errors);
        s.setLineColor(c);
        s.setLineStyle(stroke);
        s.setMarker(markers ? SeriesMarkers.CIRCLE : SeriesMarkers.NONE);
        s.setMarkerColor(c);
    }

    /** Smallest and largest finite value over all arrays (and {@code extra}, unless NaN). */
    static double[] range(List<double[]> arrays, double extra) {
        double min = Double.isNaN(extra) ? Double.POSITIVE_INFINITY : extra;
        double max = Double.isNaN(extra) ? Double.NEGATIVE_INFINITY : extra;
        for (double[] a : arrays) {
            for (double v : Arrays.stream(a).filter(Double::isFinite).toArray()) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        return min <= max ? new double[] {min, max == min ? min + 1 : max} : new double[] {0, 1};
    }

    /** Epoch mean loss of each run (solid) and the last batch's loss that the notebook prints (dotted). */
    public static XYChart epochLosses(List<History> runs) {
        XYChart chart = lineChart("Training loss per epoch (solid: epoch mean; dotted: last batch, as printed)",
                "epoch", "MSE");
        integerAxis(chart);
        int colour = 0;
        for (History h : runs) {
            double[] x = h.epochs().stream().mapToDouble(History.Epoch::number).toArray();
            Color c = PictureStyle.series(colour++);
            XYSeries mean = chart.addSeries(h.model() + " mean", x,
                    h.epochs().stream().mapToDouble(History.Epoch::meanLoss).toArray());
            mean.setLineColor(c);
            mean.setMarkerColor(c);
            XYSeries last = chart.addSeries(h.model() + " last batch", x,
                    h.epochs().stream().mapToDouble(History.Epoch::lastLoss).toArray());
            last.setLineColor(c);
            last.setMarker(SeriesMarkers.NONE);
            last.setLineStyle(PictureStyle.dotted());
        }
        return chart;
    }

    /** The chart as PNG bytes. */
    public static byte[] pngBytes(XYChart chart) {
        try {
            var buffer = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, buffer, BitmapEncoder.BitmapFormat.PNG);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The composed figure as PNG bytes. */
    public static byte[] pngBytes(Figure figure) {
        return PictureStyle.png(figure.image());
    }

    /**
     * Where {@link #show} sends a chart's PNG bytes: the course's notebook kernel plugs itself in here when it starts.
     */
    private static volatile Consumer<byte[]> display;

    /** Makes {@link #show} hand its PNG bytes to {@code sink} (the notebook kernel); {@code null} unplugs it. */
    public static void displayWith(Consumer<byte[]> sink) {
        display = sink;
    }

    /**
     * Shows the chart inline, below the notebook cell that calls this, in the course's Jupyter kernel. Elsewhere (a
     * {@code jshell} script) it prints one line instead; {@link #png(XYChart, Path)} writes the chart to a file.
     */
    public static void show(XYChart chart) {
        show(pngBytes(chart), chart.getTitle());
    }

    /** Shows a composed figure inline; see {@link #show(XYChart)}. */
    public static void show(Figure figure) {
        show(pngBytes(figure), figure.panels().isEmpty() ? "figure" : figure.panels().get(0).getTitle());
    }

    /**
     * Shows an already drawn PNG inline (a lesson's composed picture); see {@link #show(XYChart)}.
     *
     * @param title what the line printed outside the kernel names
     */
    public static void show(byte[] png, String title) {
        Consumer<byte[]> sink = display;
        if (sink != null) {
            sink.accept(png);
        } else {
            System.out.println("(chart '" + title + "' is shown inline in the notebook kernel; Charts.png(chart, "
                    + "path) writes it to a file)");
        }
    }

    /** Writes a chart as PNG, atomically. */
    public static void png(XYChart chart, Path file) {
        byte[] bytes = pngBytes(chart);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /** Writes a composed figure as PNG, atomically. */
    public static void png(Figure figure, Path file) {
        byte[] bytes = pngBytes(figure);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
