package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.Locale;

import javax.imageio.ImageIO;

import dev.dl4jlessons.testing.TestData;

import org.junit.jupiter.api.Test;

/** The data each picture in lessons/img/ plots: what the picture claims must hold in the numbers. */
class PicturesTest {
    @Test
    void smallModelUnderfitsAndMemorisingModelOverfitsOverSeeds() {
        for (long seed = 1; seed <= 2; seed++) {
            var d = Pictures.underfitOverfit(seed, 300);
            var small = d.fits().get(0);
            var right = d.fits().get(1);
            var big = d.fits().get(2);
            String at = String.format(Locale.ROOT, "seed %d: small %.3f/%.3f right %.3f/%.3f big %.3f/%.3f", seed,
                    small.trainMse(), small.validationMse(), right.trainMse(), right.validationMse(), big.trainMse(),
                    big.validationMse());
            assertTrue(small.trainMse() > right.trainMse(), at);
            assertTrue(big.validationMse() > right.validationMse(), at);
            assertTrue(big.trainMse() < right.trainMse(), at);
        }
    }

    @Test
    void eachMaskDropsAboutPOfTheActiveUnitsAndScalesSurvivors() {
        var d = Pictures.dropoutMasks(Pictures.SEED);
        double scale = 1 / (1 - d.p());
        for (int k = 0; k < 3; k++) {
            assertEquals(d.p(), d.dropFraction()[k], 0.1, "pass " + k);
            double[][] t = d.training().get(k);
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < t[i].length; j++) {
                    if (t[i][j] != 0) {
                        assertEquals(d.inference()[i][j] * scale, t[i][j], 1e-5);
                    }
                }
            }
        }
        // three passes, three different masks
        assertTrue(!java.util.Arrays.deepEquals(d.training().get(0), d.training().get(1)));
        assertEquals(java.util.Arrays.deepToString(d.tinyInput()), java.util.Arrays.deepToString(d.tinyOutput().get(0)));
        for (double[] row : d.tinyOutput().get(2)) {
            assertEquals(0, java.util.Arrays.stream(row).map(Math::abs).sum());
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 8; j++) {
                double v = d.tinyOutput().get(1)[i][j];
                assertTrue(v == 0 || Math.abs(v - 2 * d.tinyInput()[i][j]) < 1e-5, "p=0.5 keeps ×2 or drops: " + v);
            }
        }
    }

    @Test
    void animationFramesAreRealMasksAndTheGifLoops() throws Exception {
        var d = Pictures.maskFrames(Pictures.SEED, 8);
        int dropped = 0;
        for (boolean[] k : d.kept()) {
            for (boolean b : k) {
                dropped += b ? 0 : 1;
            }
        }
        assertEquals(0.5, dropped / 400.0, 0.1);
        byte[] gif = PictureRenderer.dropoutGif(d);
        var reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
        assertEquals(8, reader.getNumImages(true));
        String meta = new String(gif, java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(meta.contains("NETSCAPE2.0"), "loop extension");
    }

    @Test
    void passesSpreadAroundTheInferencePrediction() {
        var d = Pictures.dropoutPasses(Pictures.SEED, 5, 400);
        assertTrue(d.std() > 0.01, "training-mode passes differ");
        assertEquals(d.inference(), d.mean(), 3 * d.std() / Math.sqrt(20), "the passes centre near output(x, false)");
    }

    @Test
    void afterBatchNormTheBatchMeanIsZeroAndStdOne() {
        var d = Pictures.batchNormHistograms(Pictures.SEED, 3);
        for (int k = 0; k < d.units().length; k++) {
            assertEquals(0, d.batchMean()[0][k], 1e-4);
            assertEquals(1, d.batchStd()[0][k], 1e-3);
            // after training the layer outputs γ·x̂ + β: the normalized x̂ still has mean 0 and std 1
            assertEquals(0, (d.batchMean()[1][k] - d.beta()[1][k]) / d.gamma()[1][k], 1e-4);
            assertEquals(1, d.batchStd()[1][k] / d.gamma()[1][k], 1e-3);
            assertTrue(Pictures.std(d.before()[0][k]) > 0.05);
        }
    }

    @Test
    void runningVarianceSettlesNearNMinusOneOverNOfTheData() throws Exception {
        // the picture's own run, so that the ratio it prints is the one lesson 6's guide quotes
        var d = Pictures.runningStats(Pictures.SEED, Pictures.BN_EPOCHS);
        double ratio = d.varianceRatio(30);
        assertEquals(0.9, ratio, 0.08);
        String guide = Files.readString(TestData.file("").getParent()
                .resolve("lessons/06-batchnorm-under-the-hood.md")).replaceAll("\\s+", " ");
        String quoted = String.format(Locale.ROOT, "over the last 30 steps the running variance is %.2f of the full "
                + "set's", ratio);
        assertTrue(guide.contains(quoted), "lesson 6's guide should say: " + quoted);
        for (int k = 0; k < d.units().length; k++) {
            int last = d.runningMean()[k].length - 1;
            assertEquals(0, d.runningMean()[k][0]);
            assertEquals(d.dataMean()[k][last], d.runningMean()[k][last], 0.1 + 0.3 * Math.sqrt(d.dataVar()[k][last]));
        }
    }

    @Test
    void learningRateSweepRecordsEveryCurve() {
        var d = Pictures.learningRates(new double[] {1e-2, 1}, new int[] {1}, 1, 2, 1);
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
    void smallBatchPictureDrawsEveryBatchSize() throws Exception {
        // the numbers come from lesson 6's experiment (LayerNormTest trains it); here only the drawing is checked
        var d = new dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson.SmallBatches(new int[] {2, 4, 10, 32},
                new long[] {42, 43}, new double[][][] {{{2.7, 2.9}, {1.5, 1.4}, {1.3, 1.2}, {1.2, 1.3}},
                    {{1.4, 1.5}, {1.5, 1.4}, {1.4, 1.5}, {1.4, 1.3}}}, 10, 3.3);
        assertEquals(2.8, d.mean(dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson.Norm.BATCH, 0), 1e-12);
        assertEquals(Math.sqrt(0.02), d.sd(dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson.Norm.BATCH, 0), 1e-12);
        var image = ImageIO.read(new ByteArrayInputStream(PictureRenderer.smallBatches(d)));
        assertTrue(image.getWidth() >= 760 && image.getHeight() >= 460, image.getWidth() + "×" + image.getHeight());
    }
    @Test
    void wrapKeepsEveryLineWithinTheWidthAndEveryWordInOrder() {
        var fm = PictureRenderer.metrics(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 13));
        String text = "Running variance / variance over all rows, last 30 steps: 0.900. Each batch's variance divides "
                + "by n = 10, and the average of such variances is about (n−1)/n = 0.9 of the full set's.";
        var lines = PictureRenderer.wrap(text, fm, 300);
        assertTrue(lines.size() >= 3, lines.toString());
        for (String line : lines) {
            assertTrue(fm.stringWidth(line) <= 300, line);
        }
        assertEquals(text, String.join(" ", lines));
        // a word wider than the width stays whole, on a line of its own
        assertEquals(java.util.List.of("a", "Supercalifragilisticexpialidocious", "b"),
                PictureRenderer.wrap("a Supercalifragilisticexpialidocious b", fm, 40));
        assertEquals(java.util.List.of("short"), PictureRenderer.wrap("short", fm, 600));
    }

    @Test
    void batchNormPicturesKeepTheirTitlesAndNotesInsideTheImage() throws Exception {
        // drawing only: made-up numbers in the shapes Pictures produces; titles and notes are the pictures' own
        int steps = 201;
        double[][] ramp = new double[3][steps];
        double[][] ones = new double[3][steps];
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < steps; s++) {
                ramp[k][s] = 0.1 * k + s / (double) steps;
                ones[k][s] = 1;
            }
        }
        var stats = new Pictures.RunningStats(new int[] {0, 1, 2}, ramp, ones, ramp, ones, 10);
        double[][][] values = new double[2][3][100];
        for (int i = 0; i < 100; i++) {
            for (int k = 0; k < 3; k++) {
                values[0][k][i] = Math.sin(i + k);
                values[1][k][i] = Math.cos(i * 0.7 + k);
            }
        }
        double[][] two = {{0, 0, 0}, {1, 1, 1}};
        var histograms = new Pictures.BatchNormHistograms(new int[] {0, 1, 2}, new String[] {"at initialisation",
            "after 20 epochs"}, values, values, two, two, two, two);
        for (byte[] png : java.util.List.of(PictureRenderer.runningStats(stats),
                PictureRenderer.batchNormHistograms(histograms))) {
            var image = ImageIO.read(new ByteArrayInputStream(png));
            // text cut off at the right edge leaves ink in the last columns; wrapped text leaves them white
            for (int x = image.getWidth() - 4; x < image.getWidth(); x++) {
                for (int y = 0; y < image.getHeight(); y++) {
                    assertEquals(0xffffff, image.getRGB(x, y) & 0xffffff, "ink at x " + x + ", y " + y);
                }
            }
        }
    }
}
