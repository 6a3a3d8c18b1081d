package dev.dl4jlessons.lessons.dropoutinternals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.pictures.LessonPictures;

/** The data of dropout-passes.png. */
class DropoutInternalsExperimentsTest {
    @Test
    void passesSpreadAroundTheInferencePrediction() {
        var d = DropoutInternalsExperiments.passes(LessonPictures.SEED, 5, 400);
        assertTrue(d.std() > 0.01, "training-mode passes differ");
        assertEquals(d.inference(), d.mean(), 3 * d.std() / Math.sqrt(20), "the passes centre near output(x, false)");
    }
}
