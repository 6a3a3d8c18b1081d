package dev.dl4jlessons.lessons.batchnorminternals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.Locale;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.runtime.ProjectFiles;

/** The data lesson 6's pictures plot, and the pictures' drawing. */
class BatchNormInternalsExperimentsTest {
    @Test
    void runningVarianceSettlesNearNMinusOneOverNOfTheData() throws Exception {
        // the picture's own run, so that the ratio it prints is the one lesson 6's guide quotes
        var d = BatchNormInternalsExperiments.runningStats(LessonPictures.SEED,
                BatchNormInternalsExperiments.RUNNING_EPOCHS);
        double ratio = d.varianceRatio(30);
        assertEquals(0.9, ratio, 0.08);
        String guide = Files.readString(ProjectFiles.requireRoot().resolve("lessons/06-batchnorm-under-the-hood.md"))
                .replaceAll("\\s+", " ");
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
    void smallBatchPictureDrawsEveryBatchSize() throws Exception {
        // the numbers come from lesson 6's experiment (LayerNormTest trains it); here only the drawing is checked
        var d = new BatchNormInternalsLesson.SmallBatches(new int[] {2, 4, 10, 32},
                new long[] {42, 43}, new double[][][] {{{2.7, 2.9}, {1.5, 1.4}, {1.3, 1.2}, {1.2, 1.3}},
                    {{1.4, 1.5}, {1.5, 1.4}, {1.4, 1.5}, {1.4, 1.3}}}, 10, 3.3);
        assertEquals(2.8, d.mean(BatchNormInternalsLesson.Norm.BATCH, 0), 1e-12);
        assertEquals(Math.sqrt(0.02), d.sd(BatchNormInternalsLesson.Norm.BATCH, 0), 1e-12);
        var image = ImageIO.read(new ByteArrayInputStream(BatchNormInternalsPictures.smallBatches(d)));
        assertTrue(image.getWidth() >= 760 && image.getHeight() >= 460, image.getWidth() + "×" + image.getHeight());
    }

    @Test
    void runningStatsPictureKeepsItsTitleAndNotesInsideTheImage() throws Exception {
        int steps = 201;
        double[][] ramp = new double[3][steps];
        double[][] ones = new double[3][steps];
        for (int k = 0; k < 3; k++) {
            for (int s = 0; s < steps; s++) {
                ramp[k][s] = 0.1 * k + s / (double) steps;
                ones[k][s] = 1;
            }
        }
        var stats = new BatchNormInternalsExperiments.RunningStats(new int[] {0, 1, 2}, ramp, ones, ramp, ones, 10);
        var image = ImageIO.read(new ByteArrayInputStream(BatchNormInternalsPictures.runningStats(stats)));
        // text cut off at the right edge leaves ink in the last columns; wrapped text leaves them white
        for (int x = image.getWidth() - 4; x < image.getWidth(); x++) {
            for (int y = 0; y < image.getHeight(); y++) {
                assertEquals(0xffffff, image.getRGB(x, y) & 0xffffff, "ink at x " + x + ", y " + y);
            }
        }
    }
}
