package dev.dl4jlessons.lessons.batchnorm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.runtime.ProjectFiles;

/** The data the batch-norm lesson's pictures plot, and the guide's reading of them. */
class BatchNormExperimentsTest {
    @Test
    void afterBatchNormTheBatchMeanIsZeroAndStdOne() {
        var d = BatchNormExperiments.histograms(LessonPictures.SEED, 3);
        for (int k = 0; k < d.units().length; k++) {
            assertEquals(0, d.batchMean()[0][k], 1e-4);
            assertEquals(1, d.batchStd()[0][k], 1e-3);
            // after training the layer outputs γ·x̂ + β: the normalized x̂ still has mean 0 and std 1
            assertEquals(0, (d.batchMean()[1][k] - d.beta()[1][k]) / d.gamma()[1][k], 1e-4);
            assertEquals(1, d.batchStd()[1][k] / d.gamma()[1][k], 1e-3);
            assertTrue(Stat.populationStd(d.before()[0][k]) > 0.05);
        }
    }

    @Test
    void learningRateSweepRecordsEveryCurve() {
        var d = BatchNormExperiments.learningRates(LessonPictures.SEED, new double[] {1e-2, 1}, new int[] {1}, 1, 2, 1);
        for (int r = 0; r < 2; r++) {
            for (int bn = 0; bn < 2; bn++) {
                assertEquals(2, d.curves()[0][r][bn].length);
            }
        }
        // at lr 0.01 both models learn something: below the trivial predictor after 2 epochs
        assertTrue(d.last(0, 0, 0) < d.trivial() && d.last(0, 0, 1) < d.trivial(),
                d.last(0, 0, 0) + " " + d.last(0, 0, 1) + " " + d.trivial());
    }

    @Test
    void batchNormHistogramsKeepTheirTitleAndNotesInsideTheImage() throws Exception {
        // drawing only: made-up numbers in the shapes the experiment produces
        double[][][] values = new double[2][3][100];
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < 3; k++) {
                values[0][k][i] = Math.sin(i + k);
                values[1][k][i] = Math.cos(i * 0.7 + k);
            }
        }
        double[][] two = {{0, 0, 0}, {1, 1, 1}};
        var histograms = new BatchNormExperiments.Histograms(new int[] {0, 1, 2}, new String[] {"at initialisation",
            "after 20 epochs"}, values, values, two, two, two, two);
        var image = ImageIO.read(new ByteArrayInputStream(BatchNormPictures.histograms(histograms)));
        // text cut off at the right edge leaves ink in the last columns; wrapped text leaves them white
        for (int x = image.getWidth() - 4; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                assertEquals(0xffffff, image.getRGB(x, y) & 0xffffff, "ink at x " + x + ", y " + y);
            }
        }
    }

    /**
     * The guide's reading of batchnorm-learning-rates.png against the sweep the picture plots: its table, the ratio
     * at lr 1, which network recovers first, and who ends better at lr 0.1. The sweep takes minutes under load.
     */
    @Tag("slow")
    @Test
    void theGuidesReadingOfTheLearningRatePictureMatchesItsData() throws Exception {
        var d = BatchNormPictures.sweep();
        String guide = Files.readString(ProjectFiles.requireRoot().resolve("lessons/02-batch-normalization.md"));
        for (int dep = 0; dep < d.depths().length; dep++) {
            for (int r = 0; r < d.rates().length; r++) {
                String row = String.format(Locale.ROOT, "| %d | %s | %.2f | %.2f |", d.depths()[dep],
                        rate(d.rates()[r]), d.last(dep, r, 0), d.last(dep, r, 1));
                assertTrue(guide.contains(row), "the guide's table should hold: " + row);
            }
        }
        String flat = guide.replaceAll("\\s+", " ");
        int one = d.rateIndex(1);
        String ratios = String.format(Locale.ROOT, "BN's final loss is %.1f times lower at depth 1 and %.1f times "
                + "lower at depth 3", d.finalRatio(0, one), d.finalRatio(1, one));
        assertTrue(flat.contains(ratios), "lesson 2 should say: " + ratios);
        for (int dep = 0; dep < d.depths().length; dep++) {
            int plain = d.firstEpochBelow(dep, one, 0, 100);
            int bn = d.firstEpochBelow(dep, one, 1, 100);
            String recovery = String.format(Locale.ROOT, "depth %d: without BN after epoch %d, with BN after epoch %d",
                    d.depths()[dep], plain, bn);
            assertTrue(flat.contains(recovery), "lesson 2 should say: " + recovery);
        }
        int tenth = d.rateIndex(0.1);
        String atTenth = String.format(Locale.ROOT, "at lr 0.1 BN ends %s at depth 1 (%.2f against %.2f) and %s at "
                + "depth 3 (%.2f against %.2f)", word(d, 0, tenth), d.last(0, tenth, 1), d.last(0, tenth, 0),
                word(d, 1, tenth), d.last(1, tenth, 1), d.last(1, tenth, 0));
        assertTrue(flat.contains(atTenth), "lesson 2 should say: " + atTenth);
        assertTrue(flat.contains(String.format(Locale.ROOT, "the trivial predictor scores %.2f", d.trivial())));
        assertTrue(flat.contains(String.format(Locale.ROOT, "mean of %d seeds, %d epochs", d.seeds(),
                d.curves()[0][0][0].length)), "the sweep's seeds and epochs");
        int slow = d.rateIndex(0.001);
        String early = String.format(Locale.ROOT, "depth 3: %.2f against %.2f after epoch 2", d.curves()[1][slow][1][1],
                d.curves()[1][slow][0][1]);
        assertTrue(flat.contains(early), "lesson 2 should say: " + early);
        int bestDepth = 0;
        int bestRate = 0;
        int bestBn = 0;
        for (int dep = 0; dep < d.depths().length; dep++) {
            for (int r = 0; r < d.rates().length; r++) {
                for (int bn = 0; bn < 2; bn++) {
                    if (d.last(dep, r, bn) < d.last(bestDepth, bestRate, bestBn)) {
                        bestDepth = dep;
                        bestRate = r;
                        bestBn = bn;
                    }
                }
            }
        }
        String best = String.format(Locale.ROOT, "The best result of the sweep is %s (%.2f, depth %d, lr %s)",
                bestBn == 0 ? "without BN" : "with BN", d.last(bestDepth, bestRate, bestBn), d.depths()[bestDepth],
                rate(d.rates()[bestRate]));
        assertTrue(flat.contains(best), "lesson 2 should say: " + best);
    }

    private static String word(BatchNormExperiments.LearningRates d, int dep, int rate) {
        return d.last(dep, rate, 1) < d.last(dep, rate, 0) ? "better" : "worse";
    }

    private static String rate(double r) {
        return r >= 1 ? String.format(Locale.ROOT, "%.0f", r) : String.format(Locale.ROOT, "%s", r);
    }
}
