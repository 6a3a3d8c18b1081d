package dev.dl4jlessons.lessons.papers;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.Histogram;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.papers.PaperModels.Order;
import dev.dl4jlessons.lessons.papers.Results.Hold;
import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The pictures of the papers lesson, drawn with XChart from the experiments' records: one PNG per figure, each
 * composed of panels laid out as in the paper, in the course's {@link PictureStyle} (the plain network in its
 * training blue, the regularized one in its fitted red; titles wrap to the picture's width).
 */
public final class PaperCharts {
    private static final int PANEL_W = 480;
    private static final int PANEL_H = 360;
    private static final Color WITHOUT = PictureStyle.TRAIN;
    private static final Color WITH = PictureStyle.FIT;
    private static final Color THIRD = PictureStyle.LATER;

    private PaperCharts() {
    }

    /** A series of the mean at each {@code x}, with the standard deviation over seeds as error bars. */
    private static void spread(XYChart chart, String name, double[] x, java.util.function.IntFunction<Stat> stat,
            Color color) {
        double[] mean = new double[x.length];
        double[] std = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            Stat s = stat.apply(i);
            mean[i] = s.mean();
            std[i] = s.std();
        }
        XYSeries series = chart.addSeries(name, x, mean, std);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
    }

    /** Figure 1: (a) test accuracy against steps, (b, c) the typical unit's percentiles without and with BN. */
    public static byte[] bnFigure1(Results.BnFigure1 r) {
        XYChart a = chart("(a) test accuracy, mean ± std over seeds", "training step", "accuracy");
        for (boolean bn : new boolean[] {false, true}) {
            var runs = r.runs().stream().filter(x -> x.batchNorm() == bn).toList();
            double[] steps = toDouble(runs.get(0).steps());
            spread(a, bn ? "with BN" : "without BN", steps,
                    i -> Stat.of(runs.stream().map(x -> x.accuracy()[i]).toList()), bn ? WITH : WITHOUT);
        }
        a.getStyler().setErrorBarsColorSeriesColor(true);
        keyBelow(a);
        List<XYChart> panels = new ArrayList<>(List.of(a));
        for (boolean bn : new boolean[] {false, true}) {
            var run = r.runs().stream().filter(x -> x.batchNorm() == bn).findFirst().orElseThrow();
            int unit = run.typicalUnit();
            XYChart p = chart(String.format(Locale.ROOT, "(%s) %s: unit %d's sigmoid input, seed %d", bn ? "c" : "b",
                    bn ? "with BN" : "without BN", unit, run.seed()), "training step", "sigmoid input");
            String[] names = {"15th percentile", "50th", "85th"};
            for (int k = 0; k < 3; k++) {
                double[] y = new double[run.steps().length];
                for (int c = 0; c < y.length; c++) {
                    y[c] = run.percentiles()[c][unit][k];
                }
                PictureStyle.line(p, names[k], toDouble(run.steps()), y, k == 1 ? Color.BLACK : Color.GRAY,
                        k == 1 ? new java.awt.BasicStroke(2f) : PictureStyle.dashed());
            }
            keyBelow(p);
            panels.add(p);
        }
        return PictureStyle.png(PictureStyle.compose(String.format(Locale.ROOT, "Ioffe & Szegedy's Figure 1 on "
                + "Fashion-MNIST: 3 × 100 sigmoid units, %d steps of %d (median drift: %.2f without BN, %.2f with)",
                last(r.runs().get(0).steps()), Experiments.BN_BATCH, r.drift(false).mean(), r.drift(true).mean()),
                panels, 3, List.of()));
    }

    /** Figures 7 and 8: features without and with dropout, and the two histograms. */
    public static byte[] autoencoder(Results.Autoencoder r) {
        var without = r.runs().stream().filter(x -> !x.dropout()).findFirst().orElseThrow();
        var with = r.runs().stream().filter(Results.AutoencoderRun::dropout).findFirst().orElseThrow();
        List<BufferedImage> images = new ArrayList<>();
        images.add(features(without.features(), "(a) features without dropout, seed " + without.seed()));
        images.add(features(with.features(), "(b) features with dropout p = " + with.retain() + ", seed "
                + with.seed()));
        CategoryChart means = histogram("(c) mean activation per hidden unit, all seeds", "mean activation",
                r.runs(), x -> {
                    List<Double> v = new ArrayList<>();
                    for (double m : x.unitMeans()) {
                        v.add(m);
                    }
                    return v;
                });
        CategoryChart acts = histogram("(d) activations (100 test images, all seeds)", "activation", r.runs(), x -> {
            List<Double> v = new ArrayList<>();
            for (float a : x.sample()) {
                v.add((double) a);
            }
            return v;
        });
        images.add(BitmapEncoder.getBufferedImage(means));
        images.add(BitmapEncoder.getBufferedImage(acts));
        return PictureStyle.png(PictureStyle.composeImages(String.format(Locale.ROOT, "Srivastava et al.'s Figures 7 "
                + "and 8 on Fashion-MNIST: autoencoder 784-%d-784 (mean activation %.2f without dropout, %.2f with)",
                r.hidden(), r.meanActivation(false).mean(), r.meanActivation(true).mean()), images, 2, List.of()));
    }

    /** Figure 9: test and training error against p, (a) n fixed, (b) p·n fixed. */
    public static byte[] retain(Results.Retain r) {
        List<XYChart> panels = new ArrayList<>();
        for (Hold hold : Hold.values()) {
            XYChart c = chart(hold == Hold.N ? "(a) n = " + r.n() + " fixed" : "(b) p·n = " + r.pn() + " fixed",
                    "probability of retaining a unit, p", "classification error");
            double[] x = r.retains().stream().mapToDouble(Double::doubleValue).toArray();
            for (boolean test : new boolean[] {true, false}) {
                spread(c, test ? "test error" : "training error", x, i -> r.error(hold, x[i], test),
                        test ? WITH : WITHOUT);
            }
            c.getStyler().setErrorBarsColorSeriesColor(true);
            c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
            c.getStyler().setYAxisMin(0.0);
            panels.add(c);
        }
        return PictureStyle.png(PictureStyle.compose("Srivastava et al.'s Figure 9 on Fashion-MNIST: the retain "
                + "probability p, " + Experiments.LAYERS + " hidden ReLU layers, mean ± std over seeds", panels, 2,
                List.of()));
    }

    /**
     * Figure 10: (a) test error with and without dropout against the training-set size, (b) dropout's gain (the
     * difference of the two) per size, which is what the paper reads from its figure.
     */
    public static byte[] dataSize(Results.DataSize r) {
        XYChart c = chart("(a) test error, mean ± std over seeds", "training images (log scale)",
                "classification error");
        c.getStyler().setXAxisLogarithmic(true);
        double[] x = r.sizes().stream().mapToDouble(Integer::doubleValue).toArray();
        for (boolean dropout : new boolean[] {false, true}) {
            spread(c, dropout ? "with dropout" : "without dropout", x, i -> r.error((int) x[i], dropout),
                    dropout ? WITH : WITHOUT);
        }
        c.getStyler().setErrorBarsColorSeriesColor(true);
        keyBelow(c);
        XYChart g = chart("(b) dropout's gain: error without minus with", "training images (log scale)",
                "error points gained");
        g.getStyler().setXAxisLogarithmic(true);
        spread(g, "gain, mean ± std over seeds", x, i -> {
            Stat s = r.gain((int) x[i]);
            return new Stat(100 * s.mean(), 100 * s.std());
        }, THIRD);
        PictureStyle.line(g, "no gain", new double[] {x[0], x[x.length - 1]}, new double[] {0, 0}, Color.GRAY,
                PictureStyle.dotted());
        g.getStyler().setErrorBarsColorSeriesColor(true);
        keyBelow(g);
        return PictureStyle.png(PictureStyle.compose("Srivastava et al.'s Figure 10 on Fashion-MNIST: 784-"
                + r.hidden() + "-" + r.hidden() + "-10, dropout p = " + Experiments.RETAIN + " (inputs "
                + Experiments.RETAIN_INPUT + ")", List.of(c, g), 2, List.of()));
    }

    /** Li et al.: running against actual variance per unit, and the accuracies of the two remedies. */
    public static byte[] varianceShift(Results.VarianceShift r) {
        XYChart scatter = chart("(a) per unit of the BN layer, seed 1", "running variance (training)",
                "variance at inference");
        scatter.getStyler().setXAxisLogarithmic(true);
        scatter.getStyler().setYAxisLogarithmic(true);
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (Order order : Order.values()) {
            var run = r.runs().stream().filter(x -> x.order() == order).findFirst().orElseThrow();
            PictureStyle.scatter(scatter, order.toString(), run.runningVar(), run.actualVar(),
                    order == Order.DROPOUT_BEFORE_BN ? WITH : WITHOUT, 5);
            for (double v : run.runningVar()) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
        }
        for (double k : new double[] {1, r.retain()}) {
            PictureStyle.line(scatter, k == 1 ? "equal" : "p × running", new double[] {lo, hi},
                    new double[] {k * lo, k * hi}, k == 1 ? Color.GRAY : Color.BLACK, new java.awt.BasicStroke(2f));
        }
        // the points lie along the diagonal, so the top left corner is empty at every size
        scatter.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        // short labels under the bars (the longer ones ran into each other); the axis title says what they name
        CategoryChart bars = PictureStyle.barPanel("(b) test accuracy, mean ± std over seeds",
                "dropout before BN (statistics as trained, or recomputed), or after", "accuracy", PANEL_W, PANEL_H);
        List<String> names = List.of("before, as trained", "before, recomputed", "after BN");
        List<Stat> stats = List.of(r.accuracy(Order.DROPOUT_BEFORE_BN, false), r.accuracy(Order.DROPOUT_BEFORE_BN, true),
                r.accuracy(Order.DROPOUT_AFTER_BN, false));
        bars.addSeries("accuracy", names, stats.stream().map(Stat::mean).toList(),
                stats.stream().map(Stat::std).toList()).setFillColor(THIRD);
        double min = stats.stream().mapToDouble(s -> s.mean() - s.std()).min().orElse(0);
        bars.getStyler().setYAxisMin(Math.floor(min * 50) / 50 - 0.02);
        bars.getStyler().setErrorBarsColor(Color.BLACK);
        List<BufferedImage> panels = List.of(BitmapEncoder.getBufferedImage(scatter),
                BitmapEncoder.getBufferedImage(bars));
        return PictureStyle.png(PictureStyle.composeImages(String.format(Locale.ROOT, "Li et al.'s variance shift on "
                + "Fashion-MNIST: dropout p = %.1f before or after batch norm (median test/running variance %.2f "
                + "before, %.2f after)", r.retain(), r.ratio(Order.DROPOUT_BEFORE_BN).mean(),
                r.ratio(Order.DROPOUT_AFTER_BN).mean()), panels, 2, List.of()));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static XYChart chart(String title, String x, String y) {
        return PictureStyle.panel(title, x, y, PANEL_W, PANEL_H);
    }

    /** The key in one row under the plot, where it can hide no line whatever the run measured. */
    private static void keyBelow(XYChart c) {
        c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    }

    private static CategoryChart histogram(String title, String x, List<Results.AutoencoderRun> runs,
            java.util.function.Function<Results.AutoencoderRun, List<Double>> values) {
        CategoryChart c = PictureStyle.barPanel(title, x, "share", PANEL_W, PANEL_H);
        double max = 0;
        for (var run : runs) {
            for (double v : values.apply(run)) {
                max = Math.max(max, v);
            }
        }
        int bins = 20;
        for (boolean dropout : new boolean[] {false, true}) {
            List<Double> all = new ArrayList<>();
            runs.stream().filter(rr -> rr.dropout() == dropout).forEach(rr -> all.addAll(values.apply(rr)));
            var h = new Histogram(all, bins, 0, max);
            List<String> labels = new ArrayList<>();
            List<Double> shares = new ArrayList<>();
            for (int i = 0; i < bins; i++) {
                labels.add(String.format(Locale.ROOT, "%.1f", h.getxAxisData().get(i)));
                shares.add(h.getyAxisData().get(i) / all.size());
            }
            Color color = dropout ? WITH : WITHOUT;
            c.addSeries(dropout ? "with dropout" : "without dropout", labels, shares)
                    .setFillColor(new Color(color.getRed(), color.getGreen(), color.getBlue(), 150));
        }
        c.getStyler().setOverlapped(true);
        c.getStyler().setXAxisLabelRotation(90);
        c.getStyler().setLegendVisible(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return c;
    }

    /** A 4 × 4 grid of 28 × 28 weight images, each scaled to its own range (grey 0 = most negative). */
    private static BufferedImage features(double[][] w, String title) {
        int cell = 28 * 3 + 8;
        int columns = 4;
        var image = PictureStyle.canvas(PANEL_W, PANEL_H);
        Graphics2D g = PictureStyle.graphics(image);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, (PANEL_W - g.getFontMetrics().stringWidth(title)) / 2, 18);
        int x0 = (PANEL_W - columns * cell) / 2;
        for (int k = 0; k < w.length; k++) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : w[k]) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            int cx = x0 + (k % columns) * cell;
            int cy = 30 + (k / columns) * cell;
            for (int i = 0; i < 784; i++) {
                int grey = (int) Math.round(255 * (w[k][i] - lo) / Math.max(hi - lo, 1e-12));
                g.setColor(new Color(grey, grey, grey));
                g.fillRect(cx + (i % 28) * 3, cy + (i / 28) * 3, 3, 3);
            }
        }
        g.dispose();
        return image;
    }

    private static double[] toDouble(int[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            d[i] = v[i];
        }
        return d;
    }

    private static int last(int[] v) {
        return v[v.length - 1];
    }
}
