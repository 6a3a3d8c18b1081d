package dev.dl4jlessons.lessons.papers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.docs.Guides;
import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/**
 * The guide's runs at full size ({@code mvn -B -ntp test -Ppapers}, which {@code .ci/run} calls): every
 * {@code papers} output block (see {@code Guides.runsPapersAtFullSize}) of {@code lessons/11-the-papers.md} is what the launcher prints now, on the full
 * Fashion-MNIST, so each number and each "held" or "NOT" the guide shows comes from a run. Minutes per figure.
 */
@Tag("papers")
class PapersFullTest {
    private static final String GUIDE = "11-the-papers.md";

    @TestFactory
    Stream<DynamicTest> everyFigureOfTheGuideIsWhatTheLauncherPrints() throws Exception {
        assertTrue(Files.isDirectory(FashionMnist.locate(null)), "Fashion-MNIST is installed");
        Path guide = TestData.file("").getParent().resolve("lessons").resolve(GUIDE);
        var blocks = Guides.blocks(Files.readString(guide)).stream().filter(b -> b.kind().equals("output")
                && Guides.runsPapersAtFullSize(b.argument()))
                .toList();
        assertFalse(blocks.isEmpty(), GUIDE + " shows its runs");
        return blocks.stream().map(b -> DynamicTest.dynamicTest(b.argument(), () -> {
            var run = Run.course(Guides.arguments(b.argument()));
            assertEquals(0, run.exitCode(), run.err());
            String expected = "```text\n$ " + Guides.command(b.argument()) + "\n" + run.out() + "```\n";
            assertTrue(Guides.sameOutput(expected, b.body()), () -> "stale: run `mvn -q compile exec:java "
                    + "-Dexec.args=notebook`\n--- now:\n" + expected + "--- guide:\n" + b.body());
            // the run drew its picture into target/papers; the guide's copy is the same picture
            for (Figure f : Figure.values()) {
                if (b.argument().contains(f.command())) {
                    var fresh = ImageIO.read(TestData.file("").getParent().resolve("target/papers")
                            .resolve(f.picture()).toFile());
                    var committed = ImageIO.read(guide.getParent().resolve("img").resolve(f.picture()).toFile());
                    assertEquals(committed.getWidth(), fresh.getWidth(), f.picture());
                    assertEquals(committed.getHeight(), fresh.getHeight(), f.picture());
                }
            }
        }));
    }
}
