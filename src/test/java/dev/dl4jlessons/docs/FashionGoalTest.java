package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Lesson 10's goal, held against the guide's own run: the course's MLP on all 60,000 Fashion-MNIST images reaches at
 * least 0.89 test accuracy. This test reads the committed output block; {@link FashionGuidesTest} ({@code -Pfashion})
 * runs the same command again and holds the block to what it prints, so together they hold the claim.
 */
class FashionGoalTest {
    /** The test accuracy lesson 10 aims at on the whole training set. */
    static final double GOAL = 0.89;

    @Test
    void theGuidesRunOnAllImagesReachesTheGoal() {
        String guide = ProjectFiles.readText(ProjectFiles.requireRoot().resolve("lessons/10-fashion.md"));
        var full = Guides.blocks(guide).stream().filter(b -> b.kind().equals("output")
                && b.argument().contains("--full-epochs")).toList();
        assertEquals(1, full.size(), "one output block trains on all images");
        assertTrue(Guides.readsFullFashionMnist(full.get(0).argument()), "it reads the whole data set");
        var m = Pattern.compile("All 60000 training images, .*\\n(?:.*\\n)*after the last epoch: train accuracy "
                + "(\\d\\.\\d+), test accuracy (\\d\\.\\d+)").matcher(full.get(0).body());
        assertTrue(m.find(), full.get(0).body());
        double test = Double.parseDouble(m.group(2));
        assertTrue(test >= GOAL, "test accuracy " + test + " on all 60,000 images, the goal " + GOAL);
        assertTrue(guide.contains(String.format(java.util.Locale.ROOT, "dropout 0.2 ends at %.3f test accuracy",
                test)), "the prose quotes the run");
    }
}
