package dev.dl4jlessons.lessons.dropout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.pictures.LessonPictures;
import dev.dl4jlessons.pictures.PictureStyle;
import dev.dl4jlessons.runtime.ProjectFiles;

/** The data the dropout lesson's pictures plot: what the pictures and the guide claim must hold in the numbers. */
class DropoutExperimentsTest {
    @Test
    void eachMaskDropsAboutPOfTheActiveUnitsAndScalesSurvivors() throws Exception {
        var d = DropoutExperiments.masks(LessonPictures.SEED);
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
        // the shares the guide quotes are this run's
        String guide = Files.readString(ProjectFiles.requireRoot().resolve("lessons/01-dropout.md"))
                .replaceAll("\\s+", " ");
        String quoted = String.format(java.util.Locale.ROOT, "The passes drop %.0f%%, %.0f%% and %.0f%% of the active "
                + "units", 100 * d.dropFraction()[0], 100 * d.dropFraction()[1], 100 * d.dropFraction()[2]);
        assertTrue(guide.contains(quoted), "lesson 1 should say: " + quoted);
        // three passes, three different masks
        assertTrue(!Arrays.deepEquals(d.training().get(0), d.training().get(1)));
        assertEquals(Arrays.deepToString(d.tinyInput()), Arrays.deepToString(d.tinyOutput().get(0)));
        for (double[] row : d.tinyOutput().get(2)) {
            assertEquals(0, Arrays.stream(row).map(Math::abs).sum());
        }
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 8; j++) {
                double v = d.tinyOutput().get(1)[i][j];
                assertTrue(v == 0 || Math.abs(v - 2 * d.tinyInput()[i][j]) < 1e-5, "p=0.5 keeps ×2 or drops: " + v);
            }
        }
    }

    @Test
    void theAnimationsMasksAreThoseOfTheLessonsRealTrainingSteps() throws Exception {
        int steps = DropoutPictures.GIF_STEPS;
        var d = DropoutExperiments.trainingMasks(LessonPictures.SEED, steps);
        assertEquals(steps, d.units().size(), "one mask per training step");
        // the recording changes nothing: the same losses, step by step, as the lesson's own training
        List<Double> lesson = NotebookRun.trainQuietly("dropout", DropoutLesson.configuration(Settings.NOTEBOOK),
                RandomData.notebook(LessonPictures.SEED), Settings.NOTEBOOK.withEpochs(1)).history().stepLosses();
        for (int s = 0; s < steps; s++) {
            assertEquals(lesson.get(s), d.losses()[s], 1e-6, "step " + (s + 1));
        }
        double scale = 1 / (1 - d.p());
        int active = 0;
        int dropped = 0;
        for (int s = 0; s < steps; s++) {
            for (int j = 0; j < d.units().get(s).length; j++) {
                switch (d.units().get(s)[j]) {
                    case RELU_ZERO -> assertEquals(0, d.afterDrop().get(s)[j]);
                    case DROPPED -> assertTrue(d.hidden().get(s)[j] > 0 && d.afterDrop().get(s)[j] == 0);
                    case KEPT -> assertEquals(d.hidden().get(s)[j] * scale, d.afterDrop().get(s)[j], 1e-4);
                }
                active += d.units().get(s)[j] == DropoutExperiments.Unit.RELU_ZERO ? 0 : 1;
                dropped += d.units().get(s)[j] == DropoutExperiments.Unit.DROPPED ? 1 : 0;
            }
        }
        assertEquals(d.p(), (double) dropped / active, 0.1, "about p of the active units dropped");
        assertNotEquals(Arrays.toString(d.units().get(0)), Arrays.toString(d.units().get(1)), "a new mask each step");
        byte[] gif = DropoutPictures.gif(d);
        var reader = ImageIO.getImageReadersByFormatName("gif").next();
        reader.setInput(ImageIO.createImageInputStream(new ByteArrayInputStream(gif)));
        assertEquals(steps, reader.getNumImages(true));
        assertTrue(new String(gif, StandardCharsets.ISO_8859_1).contains("NETSCAPE2.0"), "loop extension");
        // light grey and black mean the same in the animation as in the heatmap: find both in a frame
        var frame = reader.read(0);
        assertTrue(hasColour(frame, PictureStyle.RELU_ZERO.getRGB()), "ReLU zeros drawn light grey");
        assertTrue(hasColour(frame, PictureStyle.DROPPED.getRGB()), "dropped units drawn black");
    }

    @Test
    void theGuideDescribesTheAnimationAndTheTestTimeScaleInItsOwnNotation() throws Exception {
        String guide = Files.readString(ProjectFiles.requireRoot().resolve("lessons/01-dropout.md"))
                .replaceAll("\\s+", " ");
        assertTrue(guide.contains("one frame per training step"), "the GIF is what the guide says");
        assertTrue(guide.contains("light grey") && guide.contains("black"), "the guide names the colours");
        assertTrue(!guide.contains("multiply by p at test time") && !guide.contains("multiplied by p at test time"),
                "in the lesson's notation (p drops) the original dropout scales by 1 − p at test time");
        assertTrue(guide.contains("multiply by 1 − *p* at test time"), "the rule in the guide's own notation");
    }

    private static boolean hasColour(java.awt.image.BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == (rgb & 0xffffff)) {
                    return true;
                }
            }
        }
        return false;
    }
}
