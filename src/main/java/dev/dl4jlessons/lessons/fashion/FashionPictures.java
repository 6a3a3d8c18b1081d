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

    /** PNG bytes of a figure or chart, for the guide's pictures. */
    public static byte[] png(Object picture) {
        return picture instanceof Charts.Figure f ? Charts.pngBytes(f) : Charts.pngBytes((XYChart) picture);
    }
}
