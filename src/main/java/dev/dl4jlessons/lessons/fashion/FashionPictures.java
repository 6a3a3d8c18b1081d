package dev.dl4jlessons.lessons.fashion;

import java.awt.BasicStroke;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.Comparison;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.SizeSweep;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.VariantResult;

/**
 * Lesson 10's pictures, drawn with XChart from the experiments' records: accuracy and loss per epoch (one panel per
 * variant, training solid, test dashed) and test accuracy against training-set size.
 */
public final class FashionPictures {
    private FashionPictures() {
    }

    /** Training and test accuracy per epoch, one panel per variant, mean over seeds with the last epoch's spread. */
    public static Charts.Figure accuracy(Comparison c) {
        return curves(c, true);
    }

    /** Training and test cross-entropy per epoch, one panel per variant. */
    public static Charts.Figure loss(Comparison c) {
        return curves(c, false);
    }

    private static Charts.Figure curves(Comparison c, boolean accuracy) {
        List<Charts.Panel> panels = new ArrayList<>();
        for (VariantResult v : c.variants()) {
            double[] train = v.curve(false, accuracy).stream().mapToDouble(Double::doubleValue).toArray();
            double[] test = v.curve(true, accuracy).stream().mapToDouble(Double::doubleValue).toArray();
            double[] x = new double[train.length];
            java.util.Arrays.setAll(x, i -> i + 1);
            String title = accuracy ? String.format(Locale.ROOT, "%s: test %.3f, gap %.3f", v.variant().label(),
                    v.testAccuracy().mean(), v.gap().mean()) : String.format(Locale.ROOT, "%s: test loss %.3f",
                    v.variant().label(), v.testLoss().mean());
            panels.add(new Charts.Panel(title, x, train, test));
        }
        var layout = new Charts.Layout(String.format(Locale.ROOT, "Fashion-MNIST, %d training images: %s per epoch "
                + "(training solid, test dashed; mean of %d seeds)", c.trainRows(), accuracy ? "accuracy"
                : "cross-entropy", c.seeds()), "epoch", accuracy ? "accuracy" : "cross-entropy", Double.NaN, null,
                null);
        return Charts.smallMultiples(layout, panels);
    }

    /** Test accuracy against training-set size (log axis), one line per variant, with error bars over seeds. */
    public static XYChart sizes(SizeSweep sweep) {
        XYChart chart = Charts.lineChart("Fashion-MNIST: test accuracy against training-set size (mean ± std over "
                + "seeds)", "training images (log scale)", "test accuracy");
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        int colour = 0;
        for (FashionVariant v : sweep.variants()) {
            double[] x = sweep.sizes().stream().mapToDouble(Integer::doubleValue).toArray();
            double[] y = sweep.sizes().stream().mapToDouble(r -> sweep.testAccuracy(v, r).mean()).toArray();
            double[] e = sweep.sizes().stream().mapToDouble(r -> sweep.testAccuracy(v, r).std()).toArray();
            XYSeries s = chart.addSeries(v.label(), x, y, e);
            var col = Charts.PALETTE[colour++ % Charts.PALETTE.length];
            s.setLineColor(col);
            s.setMarkerColor(col);
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setLineStyle(new BasicStroke(2f));
        }
        return chart;
    }

    /** Writes a figure or chart and prints the line that names it. */
    static void write(Object picture, Path file, PrintStream out) {
        if (picture instanceof Charts.Figure f) {
            Charts.png(f, file);
        } else {
            Charts.png((XYChart) picture, file);
        }
        out.println("wrote " + file.toString().replace('\\', '/'));
    }

    /** Set to {@code true} to redraw the guide's pictures from fresh full-size runs in {@link #guide}. */
    public static final String REDRAW = "course.fashion.pictures";

    /** The guide's pictures under {@code lessons/img/}, each from the run its caption names. */
    public static final java.util.List<String> GUIDE = java.util.List.of("fashion-accuracy.png", "fashion-loss.png",
            "fashion-sizes.png");

    /**
     * The guide's pictures, by file under {@code img}. They come from the full-size runs the guide shows
     * ({@code fashion}, and {@code fashion --sizes ...}), which take many minutes and need the whole data set; so
     * they are redrawn only when {@value #REDRAW} is {@code true}, and otherwise the committed files are kept as they
     * are (the {@code notebook} command then neither waits for those runs nor fails without Debian's package).
     */
    public static java.util.Map<Path, byte[]> guide(Path img) {
        var files = new java.util.LinkedHashMap<Path, byte[]>();
        if (Boolean.getBoolean(REDRAW)) {
            var setup = FashionLesson.Setup.defaults(dev.dl4jlessons.data.FashionMnist.locate(null));
            var data = dev.dl4jlessons.data.FashionMnist.read(setup.dir());
            var quiet = new PrintStream(java.io.OutputStream.nullOutputStream());
            var comparison = FashionExperiments.compare(setup, data, quiet);
            files.put(img.resolve(GUIDE.get(0)), png(accuracy(comparison)));
            files.put(img.resolve(GUIDE.get(1)), png(loss(comparison)));
            var sizes = new FashionLesson.Setup(setup.dir(), java.util.List.of(FashionVariant.PLAIN,
                    FashionVariant.DROPOUT_05), setup.trainRows(), SIZE_SEEDS, SIZE_EPOCHS, setup.epochTestRows(),
                    setup.batchSize(),
                    setup.lr(), 0, SIZES, setup.threads(), setup.out());
            files.put(img.resolve(GUIDE.get(2)), png(sizes(FashionExperiments.sizes(sizes, data, quiet))));
            return files;
        }
        for (String name : GUIDE) {
            if (!java.nio.file.Files.isRegularFile(img.resolve(name))) {
                continue;   // not drawn yet: the guide shows only the pictures that exist
            }
            try {
                files.put(img.resolve(name), java.nio.file.Files.readAllBytes(img.resolve(name)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return files;
    }

    /** Training-set sizes of the guide's size sweep. */
    public static final java.util.List<Integer> SIZES = FashionLesson.Setup.SIZES;
    /** Seeds of the guide's size sweep. */
    public static final int SIZE_SEEDS = 1;
    /** Epochs of the guide's size sweep (at least {@link FashionExperiments#MIN_STEPS} steps each). */
    public static final int SIZE_EPOCHS = 5;

    /** PNG bytes of a figure or chart, for the guide's pictures. */
    public static byte[] png(Object picture) {
        return picture instanceof Charts.Figure f ? Charts.pngBytes(f) : Charts.pngBytes((XYChart) picture);
    }
}
