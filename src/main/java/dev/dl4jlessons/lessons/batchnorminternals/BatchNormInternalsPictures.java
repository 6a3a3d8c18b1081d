package dev.dl4jlessons.lessons.batchnorminternals;

import static dev.dl4jlessons.pictures.PictureStyle.FIT;
import static dev.dl4jlessons.pictures.PictureStyle.TRAIN;
import static dev.dl4jlessons.pictures.PictureStyle.dotted;
import static dev.dl4jlessons.pictures.PictureStyle.lighter;
import static dev.dl4jlessons.pictures.PictureStyle.line;
import static dev.dl4jlessons.pictures.PictureStyle.longDashes;
import static dev.dl4jlessons.pictures.PictureStyle.panel;
import static dev.dl4jlessons.pictures.PictureStyle.png;
import static dev.dl4jlessons.pictures.PictureStyle.compose;
import static dev.dl4jlessons.pictures.PictureStyle.scatter;

import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.pictures.PictureStyle;

/**
 * Lesson 6's pictures: {@code batchnorm-running-stats.png} from {@link BatchNormInternalsExperiments#runningStats}
 * and {@code layernorm-batch-sizes.png} from {@link BatchNormInternalsExperiments#smallBatches}.
 */
public final class BatchNormInternalsPictures implements LessonPictures {
    @Override
    public List<Picture> pictures() {
        return List.of(
                new Picture("batchnorm-running-stats.png", () -> runningStats(BatchNormInternalsExperiments
                        .runningStats(SEED, BatchNormInternalsExperiments.RUNNING_EPOCHS))),
                new Picture("layernorm-batch-sizes.png", () -> smallBatches(BatchNormInternalsExperiments
                        .smallBatches(SEED, BatchNormInternalsExperiments.SMALL_BATCH_EPOCHS))));
    }

    /** The running mean and variance against the whole training set's, step by step. */
    public static byte[] runningStats(BatchNormInternalsExperiments.RunningStats d) {
        int steps = d.runningMean()[0].length;
        double[] x = new double[steps];
        for (int s = 0; s < steps; s++) {
            x[s] = s;
        }
        XYChart mean = panel("running mean against the mean over all 100 rows", "training step", "mean", 640, 420);
        XYChart var = panel("running variance against the variance (÷ n) over all 100 rows", "training step",
                "variance", 640, 420);
        for (int k = 0; k < d.units().length; k++) {
            Color c = PictureStyle.series(k);
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
            c.getStyler().setLegendFont(PictureStyle.TICKS);
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
}
