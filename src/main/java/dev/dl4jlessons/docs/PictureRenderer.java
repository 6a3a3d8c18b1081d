package dev.dl4jlessons.docs;

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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageTypeSpecifier;
import javax.imageio.ImageWriter;
import javax.imageio.metadata.IIOMetadata;
import javax.imageio.metadata.IIOMetadataNode;
import javax.imageio.stream.ImageOutputStream;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.lessons.BatchNormInternalsLesson;

/**
 * Draws {@link Pictures}' data: XChart for the plots, Java2D for the heatmap and the network diagram, the JDK's
 * ImageIO GIF writer for the animation. {@link #files} is what the {@code notebook} command writes to
 * {@code lessons/img/}.
 */
public final class PictureRenderer {
    private static final Color TRAIN = new Color(0x1f77b4);
    private static final Color VALIDATION = new Color(0x999999);
    private static final Color FIT = new Color(0xd62728);
    private static final Color LATER = new Color(0xff7f0e);
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font TEXT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font MONO = new Font(Font.MONOSPACED, Font.PLAIN, 12);
    /** Left and right margin of titles and notes. */
    private static final int MARGIN = 12;

    private PictureRenderer() {
    }

    /** Every picture, by its file under {@code root}, drawn from fresh runs. */
    public static Map<Path, byte[]> files(Path root) {
        Path img = root.resolve("lessons/img");
        Map<Path, byte[]> files = new LinkedHashMap<>();
        files.put(img.resolve("underfit-overfit.png"), underfitOverfit(Pictures.underfitOverfit(Pictures.SEED,
                Pictures.CURVE_STEPS)));
        files.put(img.resolve("dropout-masks.png"), dropoutMasks(Pictures.dropoutMasks(Pictures.SEED)));
        files.put(img.resolve("dropout.gif"), dropoutGif(Pictures.maskFrames(Pictures.SEED, 8)));
        files.put(img.resolve("dropout-passes.png"), dropoutPasses(Pictures.dropoutPasses(Pictures.SEED,
                Pictures.PASSES_EPOCHS, Pictures.PASSES)));
        files.put(img.resolve("batchnorm-histograms.png"), batchNormHistograms(Pictures.batchNormHistograms(
                Pictures.SEED, Pictures.BN_EPOCHS)));
        files.put(img.resolve("batchnorm-running-stats.png"), runningStats(Pictures.runningStats(Pictures.SEED,
                Pictures.BN_EPOCHS)));
        files.put(img.resolve("batchnorm-learning-rates.png"), learningRates(Pictures.learningRates(
                Pictures.RATES, Pictures.DEPTHS, Pictures.RATE_SEEDS, Pictures.RATE_EPOCHS, 2)));
        files.put(img.resolve("layernorm-batch-sizes.png"), smallBatches(Pictures.smallBatches(
                Pictures.SMALL_BATCH_EPOCHS)));
        files.putAll(dev.dl4jlessons.lessons.fashion.FashionPictures.guide(img));
        files.putAll(dev.dl4jlessons.lessons.papers.PapersLesson.pictures(img));
        return files;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Four panels: the points, the true function and one model's fitted curve each, with its MSEs in the title. */
    public static byte[] underfitOverfit(Pictures.UnderfitOverfit d) {
        List<XYChart> panels = new ArrayList<>();
        for (Pictures.Fit f : d.fits()) {
            XYChart c = panel(String.format(Locale.ROOT, "%s: train MSE %.3f, val MSE %.3f", f.name(),
                    f.trainMse(), f.validationMse()), "x", "y", 470, 330);
            c.getStyler().setYAxisMin(-2.5);
            c.getStyler().setYAxisMax(2.5);
            scatter(c, "held-out points", d.validationX(), d.validationY(), VALIDATION, 3);
            scatter(c, "training points", d.trainX(), d.trainY(), TRAIN, 7);
            line(c, "true function", d.gridX(), d.truth(), Color.GRAY, dotted());
            line(c, "fitted: " + f.model(), d.gridX(), d.fits().get(d.fits().indexOf(f)).curve(), FIT, new BasicStroke(2.5f));
            panels.add(c);
        }
        return png(compose("Underfitting and overfitting: " + d.trainX().length + " noisy training points, "
                + d.validationX().length + " held-out points (seed " + Pictures.SEED + ")", panels, 2,
                List.of("Every model: tanh hidden layers, Adam lr 0.01, full batch; losses measured with dropout off.")));
    }

    /** Heatmaps of units × rows: inference, then three training-mode passes; the worked example beside them. */
    public static byte[] dropoutMasks(Pictures.DropoutMasks d) {
        int rows = d.inference().length;
        int units = d.inference()[0].length;
        int cell = 14;
        int left = 70;
        int top = 70;
        int panelH = rows * cell + 48;
        int mapW = units * cell;
        int textX = left + mapW + 40;
        int width = textX + 420;
        int height = top + 4 * panelH + 70;
        double max = 0;
        for (double[][] t : d.training()) {
            for (double[] r : t) {
                for (double v : r) {
                    max = Math.max(max, v);
                }
            }
        }
        double scale = 1 / (1 - d.p());
        var image = canvas(width, height);
        Graphics2D g = graphics(image);
        g.setFont(TITLE);
        g.drawString(String.format(Locale.ROOT, "Dropout p = %.1f on the dropout lesson's hidden layer: %d rows × %d "
                + "units of one batch", d.p(), rows, units), 14, 26);
        g.setFont(TEXT);
        g.drawString("columns: hidden units; rows: the batch's rows. Same weights in every panel; each training pass "
                + "draws a new mask.", 14, 48);
        for (int k = 0; k < 4; k++) {
            double[][] m = k == 0 ? d.inference() : d.training().get(k - 1);
            int y0 = top + k * panelH;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
            g.drawString(k == 0 ? "inference: output(x, false), no units dropped"
                    : String.format(Locale.ROOT, "training pass %d: output(x, true), %.0f%% of the active units "
                            + "dropped, survivors × %.0f", k, 100 * d.dropFraction()[k - 1], scale), left, y0 + 14);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < units; j++) {
                    boolean reluZero = d.inference()[i][j] == 0;
                    Color c = reluZero ? new Color(0xdddddd) : m[i][j] == 0 ? Color.BLACK : heat(m[i][j] / max);
                    g.setColor(c);
                    g.fillRect(left + j * cell, y0 + 22 + i * cell, cell - 1, cell - 1);
                }
            }
            g.setColor(Color.DARK_GRAY);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            g.drawString("row", left - 30, y0 + 22 + rows * cell / 2);
        }
        // key and colour scale
        int ky = top + 4 * panelH + 6;
        g.setFont(TEXT);
        g.setColor(new Color(0xdddddd));
        g.fillRect(left, ky, 14, 14);
        g.setColor(Color.BLACK);
        g.drawString("0 from ReLU (also 0 in inference)", left + 20, ky + 12);
        g.fillRect(left + 270, ky, 14, 14);
        g.drawString("0 from the dropout mask", left + 290, ky + 12);
        int barX = left;
        int barY = ky + 26;
        for (int i = 0; i < 300; i++) {
            g.setColor(heat(i / 299.0));
            g.fillRect(barX + i, barY, 1, 14);
        }
        g.setColor(Color.BLACK);
        g.drawString("0", barX - 12, barY + 12);
        g.drawString(String.format(Locale.ROOT, "%.2f  activation (survivors are inference × 1/(1−p) = × %.0f)", max,
                scale), barX + 306, barY + 12);
        // the worked example
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        int ty = top + 14;
        g.drawString("A worked example: a 2×8 array through dropout", textX, ty);
        g.drawString("in training mode (DL4J's DropoutLayer)", textX, ty + 18);
        g.setFont(MONO);
        ty += 46;
        g.drawString("input", textX, ty);
        ty += 16;
        for (double[] r : d.tinyInput()) {
            g.drawString(rowText(r), textX, ty);
            ty += 16;
        }
        for (int k = 0; k < d.tinyP().length; k++) {
            ty += 14;
            double p = d.tinyP()[k];
            g.drawString(p == 0 ? "p = 0: nothing dropped, scale 1" : p == 1 ? "p = 1: everything dropped"
                    : String.format(Locale.ROOT, "p = %.1f: about half dropped, rest × %.0f", p, 1 / (1 - p)), textX,
                    ty);
            ty += 16;
            for (double[] r : d.tinyOutput().get(k)) {
                g.drawString(rowText(r), textX, ty);
                ty += 16;
            }
        }
        g.setFont(TEXT);
        ty += 20;
        g.drawString("At p = 1 DL4J has no layer: its retain", textX, ty);
        g.drawString("probability would be 0 and the scale 1/(1−p)", textX, ty + 16);
        g.drawString("infinite. PyTorch's nn.Dropout(1) returns zeros,", textX, ty + 32);
        g.drawString("shown here.", textX, ty + 48);
        g.dispose();
        return png(image);
    }

    private static String rowText(double[] r) {
        var sb = new StringBuilder();
        for (double v : r) {
            sb.append(String.format(Locale.ROOT, "%4.0f", v));
        }
        return sb.toString();
    }

    /** A colour from pale yellow (0) through orange to dark red (1). */
    static Color heat(double t) {
        t = Math.max(0, Math.min(1, t));
        float r = (float) (1.0 - 0.45 * t);
        float gr = (float) (0.95 - 0.9 * t);
        float b = (float) (0.6 - 0.55 * t);
        return new Color(r, Math.max(0, gr), Math.max(0, b));
    }

    /** One frame per training step: 10 inputs, 50 hidden units with the dropped ones greyed out, one output. */
    public static byte[] dropoutGif(Pictures.MaskFrames d) {
        List<BufferedImage> frames = new ArrayList<>();
        int width = 560;
        int height = 620;
        int inX = 90;
        int hidX = 290;
        int outX = 480;
        int top = 80;
        int hidden = d.kept().get(0).length;
        double hidStep = (height - top - 40) / (double) hidden;
        double inStep = (height - top - 40) / 10.0;
        for (int f = 0; f < d.kept().size(); f++) {
            boolean[] kept = d.kept().get(f);
            int dropped = 0;
            for (boolean k : kept) {
                dropped += k ? 0 : 1;
            }
            var image = canvas(width, height);
            Graphics2D g = graphics(image);
            g.setFont(TITLE);
            g.drawString(String.format(Locale.ROOT, "Dropout p = %.1f, training step %d of %d", d.p(), f + 1,
                    d.kept().size()), 14, 26);
            g.setFont(TEXT);
            g.drawString(String.format(Locale.ROOT, "%d of %d hidden units dropped (grey); the kept ones are scaled "
                    + "× %.0f", dropped, hidden, 1 / (1 - d.p())), 14, 48);
            g.drawString("inputs (10)", inX - 40, top - 12);
            g.drawString("hidden ReLU (50)", hidX - 50, top - 12);
            g.drawString("output", outX - 20, top - 12);
            int outY = (int) (top + (height - top - 40) / 2.0);
            g.setStroke(new BasicStroke(0.6f));
            for (int j = 0; j < hidden; j++) {
                if (!kept[j]) {
                    continue;
                }
                int hy = (int) (top + hidStep * (j + 0.5));
                g.setColor(new Color(31, 119, 180, 50));
                for (int i = 0; i < 10; i++) {
                    g.drawLine(inX, (int) (top + inStep * (i + 0.5)), hidX, hy);
                }
                g.setColor(new Color(214, 39, 40, 120));
                g.drawLine(hidX, hy, outX, outY);
            }
            for (int i = 0; i < 10; i++) {
                node(g, inX, (int) (top + inStep * (i + 0.5)), 9, TRAIN);
            }
            for (int j = 0; j < hidden; j++) {
                int hy = (int) (top + hidStep * (j + 0.5));
                node(g, hidX, hy, 4, kept[j] ? FIT : new Color(0xcccccc));
            }
            node(g, outX, outY, 10, Color.DARK_GRAY);
            g.dispose();
            frames.add(image);
        }
        return gif(frames, 900);
    }

    private static void node(Graphics2D g, int x, int y, int r, Color c) {
        g.setColor(c);
        g.fillOval(x - r, y - r, 2 * r, 2 * r);
        g.setColor(Color.DARK_GRAY);
        g.setStroke(new BasicStroke(1f));
        g.drawOval(x - r, y - r, 2 * r, 2 * r);
    }

    /** A histogram of the training-mode predictions, with the inference prediction and the passes' mean marked. */
    public static byte[] dropoutPasses(Pictures.Passes d) {
        XYChart c = panel(String.format(Locale.ROOT, "One held-out row, %d passes of output(x, true) through the "
                + "trained dropout model", d.passes().length), "prediction", "passes", 900, 520);
        double[][] h = histogram(d.passes(), 30);
        double top = 0;
        for (double v : h[1]) {
            top = Math.max(top, v);
        }
        line(c, String.format(Locale.ROOT, "training-mode passes: mean %.3f, std %.3f", d.mean(), d.std()), h[0],
                h[1], TRAIN, new BasicStroke(2f));
        line(c, String.format(Locale.ROOT, "output(x, false) = %.3f", d.inference()),
                new double[] {d.inference(), d.inference()}, new double[] {0, top * 1.05}, FIT, new BasicStroke(3f));
        line(c, String.format(Locale.ROOT, "mean of the passes = %.3f", d.mean()),
                new double[] {d.mean(), d.mean()}, new double[] {0, top * 1.05}, LATER, dashed());
        line(c, String.format(Locale.ROOT, "target = %.3f", d.target()), new double[] {d.target(), d.target()},
                new double[] {0, top * 1.05}, Color.GRAY, dotted());
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        return png(compose("Dropout as an ensemble: every training-mode pass is a different thinned network", List.of(c),
                1, List.of(String.format(Locale.ROOT, "The dropout lesson's model, trained %d epochs on the learnable "
                        + "synthetic data (training MSE %.3f). Inference uses the whole network;", Pictures.PASSES_EPOCHS,
                        d.trainMse()), "averaging many thinned passes (MC dropout) approximates it, and their spread "
                        + "is the model's uncertainty about this row.")));
    }

    /** Per unit: pre-activations before and after batch norm, at initialisation and after training. */
    public static byte[] batchNormHistograms(Pictures.BatchNormHistograms d) {
        List<XYChart> panels = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (int k = 0; k < d.units().length; k++) {
                double[][][] values = side == 0 ? d.before() : d.after();
                XYChart c = panel("unit " + d.units()[k] + (side == 0 ? ": Dense output, before BN"
                        : ": after BatchNormalization"), "value", "count", 320, 350);
                for (int stage = 0; stage < 2; stage++) {
                    double[] v = values[stage][k];
                    double[][] h = histogram(v, 14);
                    String label = String.format(Locale.ROOT, "%s: mean %.2f, std %.2f", d.stages()[stage],
                            Pictures.mean(v), Pictures.std(v));
                    line(c, label, h[0], h[1], stage == 0 ? TRAIN : LATER, new BasicStroke(2f));
                }
                // under the plot, where it covers no bars
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                panels.add(c);
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Top: the first dense layer's outputs for 3 units, over one epoch's 10 batches of 10 rows. Bottom: "
                + "the same values after the BN layer in training mode (each batch with its own statistics).");
        notes.add(String.format(Locale.ROOT, "First batch after BN, unit 0: mean %.1e, std %.4f at initialisation (γ "
                + "= 1, β = 0); after training mean %.3f = β, std %.3f = γ (γ·x̂ + β).", d.batchMean()[0][0],
                d.batchStd()[0][0], d.batchMean()[1][0], d.batchStd()[1][0]));
        return png(compose("Batch normalization recentres and rescales every unit, batch by batch (the batch-norm "
                + "lesson's model, notebook data)", panels, 3, notes));
    }

    /** The running mean and variance against the whole training set's, step by step. */
    public static byte[] runningStats(Pictures.RunningStats d) {
        int steps = d.runningMean()[0].length;
        double[] x = new double[steps];
        for (int s = 0; s < steps; s++) {
            x[s] = s;
        }
        XYChart mean = panel("running mean against the mean over all 100 rows", "training step", "mean", 640, 420);
        XYChart var = panel("running variance against the variance (÷ n) over all 100 rows", "training step",
                "variance", 640, 420);
        for (int k = 0; k < d.units().length; k++) {
            Color c = Charts.PALETTE[k];
            // all rows: long dashes in a lighter shade of the unit's colour, so that they stay apart from the
            // noisy solid running line even at half size
            Color light = lighter(c);
            line(mean, "unit " + d.units()[k] + " running", x, d.runningMean()[k], c, new BasicStroke(1.6f));
            line(mean, "unit " + d.units()[k] + " all rows", x, d.dataMean()[k], light, longDashes());
            line(var, "unit " + d.units()[k] + " running", x, d.runningVar()[k], c, new BasicStroke(1.6f));
            line(var, "unit " + d.units()[k] + " all rows", x, d.dataVar()[k], light, longDashes());
        }
        for (XYChart c : List.of(mean, var)) {
            // beside the plot, not over the curves' ends
            c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideE);
            c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
            c.getStyler().setLegendSeriesLineLength(36);
        }
        int n = d.batchSize();
        return png(compose("Batch norm's running statistics (decay 0.9) converge toward the training set's", List.of(
                mean, var), 2, List.of(String.format(Locale.ROOT, "Running variance / variance over all rows, last 30 "
                        + "steps: %.3f. Each batch's variance divides by n = %d, and the average of such variances is "
                        + "about (n−1)/n = %.1f", d.varianceRatio(30), n, (n - 1.0) / n) + " of the full set's.",
                "Starts: mean 0, variance 1 (DL4J's initial values). Solid: the layer's running value; light long "
                        + "dashes: the statistic of all 100 rows under the current weights.")));
    }

    /** Validation loss per epoch, with and without batch norm, one panel per depth and learning rate. */
    public static byte[] learningRates(Pictures.LearningRates d) {
        List<XYChart> panels = new ArrayList<>();
        int epochs = d.curves()[0][0][0].length;
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        for (int dep = 0; dep < d.depths().length; dep++) {
            for (int r = 0; r < d.rates().length; r++) {
                XYChart c = panel(String.format(Locale.ROOT, "depth %d, lr %s: no BN %s, BN %s",
                        d.depths()[dep], rate(d.rates()[r]),
                        final3(d, dep, r, 0), final3(d, dep, r, 1)), "epoch", "validation MSE (log)", 330, 290);
                c.getStyler().setYAxisLogarithmic(true);
                c.getStyler().setYAxisMin(0.5);
                c.getStyler().setYAxisMax(100.0);
                c.getStyler().setXAxisDecimalPattern("0");
                line(c, "without BN", x, clip(d.curves()[dep][r][0]), TRAIN, new BasicStroke(2f));
                line(c, "with BN", x, clip(d.curves()[dep][r][1]), FIT, new BasicStroke(2f));
                line(c, "trivial predictor", new double[] {1, epochs}, new double[] {d.trivial(), d.trivial()},
                        Color.GRAY, dotted());
                c.getStyler().setLegendVisible(dep == 0 && r == 0);
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
                c.getStyler().setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                panels.add(c);
            }
        }
        return png(compose("Batch norm's training claims, measured: validation MSE by epoch on learnable data, mean "
                + "of " + d.seeds() + " seeds", panels, d.rates().length, List.of("Synthetic data (200 training, 200 "
                        + "validation rows), Adam, batch 10; hidden layers of 50 ReLU units. Losses above 100 are "
                        + "drawn at 100.")));
    }

    /** Held-out MSE against batch size, batch norm and layer norm: every seed as a point, the mean as a line. */
    public static byte[] smallBatches(BatchNormInternalsLesson.SmallBatches d) {
        XYChart c = panel("Held-out MSE by batch size (" + d.epochs() + " epochs, " + BatchNormInternalsLesson.ROWS
                + " training rows, " + d.seeds().length + " seeds)", "batch size", "held-out MSE", 760, 460);
        // the batch sizes evenly spaced, labelled with their values
        int[] sizes = d.sizes();
        c.getStyler().setxAxisTickLabelsFormattingFunction(v -> {
            long i = Math.round(v);
            return Math.abs(v - i) < 1e-6 && i >= 0 && i < sizes.length ? Integer.toString(sizes[(int) i]) : "";
        });
        c.getStyler().setYAxisMin(0.0);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        double[] x = java.util.stream.IntStream.range(0, sizes.length).asDoubleStream().toArray();
        Color[] colors = {FIT, TRAIN};
        for (BatchNormInternalsLesson.Norm norm : BatchNormInternalsLesson.Norm.values()) {
            double[] mean = new double[x.length];
            List<Double> px = new ArrayList<>();
            List<Double> py = new ArrayList<>();
            for (int k = 0; k < x.length; k++) {
                mean[k] = d.mean(norm, k);
                for (double v : d.heldOut()[norm.ordinal()][k]) {
                    px.add(x[k]);
                    py.add(v);
                }
            }
            line(c, norm.label + ", mean", x, mean, colors[norm.ordinal()], new BasicStroke(2.5f));
            scatter(c, norm.label + ", each seed", px.stream().mapToDouble(Double::doubleValue).toArray(),
                    py.stream().mapToDouble(Double::doubleValue).toArray(), colors[norm.ordinal()], 6);
        }
        line(c, "trivial predictor", new double[] {x[0], x[x.length - 1]}, new double[] {d.trivial(), d.trivial()},
                Color.GRAY, dotted());
        return png(compose("Batch norm needs a batch; layer norm does not", List.of(c), 1, List.of(
                "Lesson 6's batch-norm model, and the same model with DenseLayer.hasLayerNorm(true)",
                "instead of the BN layer; the lab's synthetic data, Adam lr 0.01, same epochs at every size.")));
    }

    private static String final3(Pictures.LearningRates d, int dep, int r, int bn) {
        double v = d.last(dep, r, bn);
        return Double.isNaN(v) ? "diverged" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String rate(double r) {
        return r >= 1 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%s", r);
    }

    private static double[] clip(double[] v) {
        double[] c = v.clone();
        for (int i = 0; i < c.length; i++) {
            c[i] = Double.isNaN(c[i]) ? 100 : Math.min(100, c[i]);
        }
        return c;
    }

    // ---------------------------------------------------------------------------------------------------------

    /** Outline of a histogram of {@code v} in {@code bins} bins, as x and y of a closed step line. */
    static double[][] histogram(double[] v, int bins) {
        double lo = java.util.Arrays.stream(v).min().orElse(0);
        double hi = java.util.Arrays.stream(v).max().orElse(1);
        if (hi - lo < 1e-9) {
            hi = lo + 1;
        }
        double w = (hi - lo) / bins;
        double[] counts = new double[bins];
        for (double x : v) {
            counts[Math.min(bins - 1, (int) ((x - lo) / w))]++;
        }
        double[] xs = new double[2 * bins + 2];
        double[] ys = new double[2 * bins + 2];
        xs[0] = lo;
        for (int b = 0; b < bins; b++) {
            xs[2 * b + 1] = lo + b * w;
            ys[2 * b + 1] = counts[b];
            xs[2 * b + 2] = lo + (b + 1) * w;
            ys[2 * b + 2] = counts[b];
        }
        xs[2 * bins + 1] = hi;
        return new double[][] {xs, ys};
    }

    private static XYChart panel(String title, String xTitle, String yTitle, int width, int height) {
        XYChart c = new XYChartBuilder().width(width).height(height).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        var st = c.getStyler();
        st.setChartBackgroundColor(Color.WHITE);
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setLegendPosition(Styler.LegendPosition.InsideSE);
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 200));
        st.setMarkerSize(5);
        return c;
    }

    private static void scatter(XYChart c, String name, double[] x, double[] y, Color color, int size) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setMarkerColor(color);
    }

    private static void line(XYChart c, String name, double[] x, double[] y, Color color, BasicStroke stroke) {
        XYSeries s = c.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineColor(color);
        s.setLineStyle(stroke);
    }

    private static BasicStroke dotted() {
        return new BasicStroke(1.8f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 3f}, 0f);
    }

    private static BasicStroke longDashes() {
        return new BasicStroke(3f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {12f, 7f}, 0f);
    }

    /** {@code c} mixed halfway toward white. */
    static Color lighter(Color c) {
        return new Color((c.getRed() + 255) / 2, (c.getGreen() + 255) / 2, (c.getBlue() + 255) / 2);
    }

    private static BasicStroke dashed() {
        return new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {7f, 4f}, 0f);
    }

    /** The panels in a grid under a title, with notes below; title and notes wrap to the image width. */
    private static BufferedImage compose(String title, List<XYChart> panels, int columns, List<String> notes) {
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
            g.drawImage(BitmapEncoder.getBufferedImage(panels.get(i)), (i % columns) * w, header + (i / columns) * h,
                    null);
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
    static List<String> wrap(String text, FontMetrics fm, int width) {
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
    static FontMetrics metrics(Font font) {
        Graphics2D g = graphics(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB));
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    private static BufferedImage canvas(int width, int height) {
        var image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.dispose();
        return image;
    }

    private static Graphics2D graphics(BufferedImage image) {
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        return g;
    }

    private static byte[] png(BufferedImage image) {
        var out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** An animated GIF that loops for ever, {@code delayMs} per frame, from the JDK's own GIF writer. */
    static byte[] gif(List<BufferedImage> frames, int delayMs) {
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
