package dev.dl4jlessons.lessons.batchnorm;

import static dev.dl4jlessons.pictures.PictureStyle.FIT;
import static dev.dl4jlessons.pictures.PictureStyle.LATER;
import static dev.dl4jlessons.pictures.PictureStyle.TRAIN;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler;

import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.Picture;
import dev.dl4jlessons.pictures.PictureStyle;

/**
 * The batch-norm lesson's pictures: {@code batchnorm-histograms.png} from {@link BatchNormExperiments#histograms} and
 * {@code batchnorm-learning-rates.png} from {@link BatchNormExperiments#learningRates}.
 */
public final class BatchNormPictures implements LessonPictures {
    @Override
    public List<Picture> pictures() {
        return List.of(
                new Picture("batchnorm-histograms.png", () -> histograms(BatchNormExperiments.histograms(SEED,
                        BatchNormExperiments.BN_EPOCHS))),
                new Picture("batchnorm-learning-rates.png", () -> learningRates(sweep())));
    }

    /** The learning-rate sweep exactly as the picture and the guide show it. */
    public static BatchNormExperiments.LearningRates sweep() {
        return BatchNormExperiments.learningRates(SEED, BatchNormExperiments.RATES, BatchNormExperiments.DEPTHS,
                BatchNormExperiments.RATE_SEEDS, BatchNormExperiments.RATE_EPOCHS, 2);
    }

    /** Per unit: pre-activations before and after batch norm, at initialisation and after training. */
    public static byte[] histograms(BatchNormExperiments.Histograms d) {
        List<XYChart> panels = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (int k = 0; k < d.units().length; k++) {
                double[][][] values = side == 0 ? d.before() : d.after();
                XYChart c = PictureStyle.panel("unit " + d.units()[k] + (side == 0 ? ": Dense output, before BN"
                        : ": after BatchNormalization"), "value", "count", 320, 350);
                for (int stage = 0; stage < 2; stage++) {
                    double[] v = values[stage][k];
                    String label = String.format(Locale.ROOT, "%s: mean %.2f, std %.2f", d.stages()[stage],
                            Stat.mean(v), Stat.populationStd(v));
                    PictureStyle.histogram(c, label, v, 14, stage == 0 ? TRAIN : LATER);
                }
                // under the plot, where it covers no bars
                c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
                c.getStyler().setLegendFont(PictureStyle.TICKS);
                panels.add(c);
            }
        }
        List<String> notes = new ArrayList<>();
        notes.add("Top: the first dense layer's outputs for " + d.units().length + " units, over one epoch's batches. "
                + "Bottom: the same values after the BN layer in training mode (each batch with its own statistics).");
        notes.add(String.format(Locale.ROOT, "First batch after BN, unit 0: mean %.1e, std %.4f at initialisation (γ "
                + "= 1, β = 0); after training mean %.3f = β, std %.3f = γ (γ·x̂ + β).", d.batchMean()[0][0],
                d.batchStd()[0][0], d.batchMean()[1][0], d.batchStd()[1][0]));
        return PictureStyle.png(PictureStyle.compose("Batch normalization recentres and rescales every unit, batch by "
                + "batch (the batch-norm lesson's model, notebook data)", panels, 3, notes));
    }

    /** Validation loss per epoch, with and without batch norm, one panel per depth and learning rate. */
    public static byte[] learningRates(BatchNormExperiments.LearningRates d) {
        List<XYChart> panels = new ArrayList<>();
        int epochs = d.curves()[0][0][0].length;
        double[] x = new double[epochs];
        for (int e = 0; e < epochs; e++) {
            x[e] = e + 1;
        }
        for (int dep = 0; dep < d.depths().length; dep++) {
            for (int r = 0; r < d.rates().length; r++) {
                XYChart c = PictureStyle.panel(String.format(Locale.ROOT, "depth %d, lr %s: no BN %s, BN %s",
                        d.depths()[dep], rate(d.rates()[r]), final2(d, dep, r, 0), final2(d, dep, r, 1)), "epoch",
                        "validation MSE (log)", 330, 290);
                c.getStyler().setYAxisLogarithmic(true);
                c.getStyler().setYAxisMin(0.5);
                c.getStyler().setYAxisMax(100.0);
                c.getStyler().setXAxisDecimalPattern("0");
                PictureStyle.line(c, "without BN", x, clip(d.curves()[dep][r][0]), TRAIN, PictureStyle.solid());
                PictureStyle.line(c, "with BN", x, clip(d.curves()[dep][r][1]), FIT, PictureStyle.solid());
                PictureStyle.line(c, "trivial predictor", new double[] {1, epochs},
                        new double[] {d.trivial(), d.trivial()}, Color.GRAY, PictureStyle.dotted());
                c.getStyler().setLegendVisible(dep == 0 && r == 0);
                c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
                c.getStyler().setLegendFont(PictureStyle.TICKS);
                panels.add(c);
            }
        }
        return PictureStyle.png(PictureStyle.compose("Batch norm's training claims, measured: validation MSE by "
                + "epoch on learnable data, mean of " + d.seeds() + " seeds", panels, d.rates().length,
                List.of("Synthetic data (200 training, 200 validation rows), Adam, batch 10; hidden layers of 50 ReLU "
                        + "units. Losses above 100 are drawn at 100.")));
    }

    private static String final2(BatchNormExperiments.LearningRates d, int dep, int r, int bn) {
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
}
