package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.dl4jlessons.testing.Run;

/**
 * The guide outputs that read the whole of Fashion-MNIST, which {@link GuidesTest} leaves out of the default run:
 * {@code mvn -B -ntp test -Pfashion} (Debian's {@code dataset-fashion-mnist}, or {@code FASHION_MNIST_DIR}).
 */
@Tag("fashion")
class FashionGuidesTest {
    @TestFactory
    Stream<DynamicTest> everyFullSizeOutputIsWhatTheLauncherPrints() throws IOException {
        return Guides.files(GuidesTest.root()).stream().flatMap(guide -> Guides.blocks(GuidesTest.read(guide))
                .stream().filter(b -> b.kind().equals("output") && Guides.readsFullFashionMnist(b.argument()))
                .map(b -> DynamicTest.dynamicTest(guide.getFileName() + " output: " + b.argument(), () -> {
                    var run = Run.course(Guides.arguments(b.argument()));
                    assertEquals(0, run.exitCode(), run.err());
                    GuidesTest.assertSameOutput("```text\n$ " + Guides.command(b.argument()) + "\n" + run.out()
                            + "```\n", b.body());
                })));
    }

    @Test
    void onlyFullSizeFashionRunsAreLeftOutOfTheDefaultRun() {
        assertTrue(Guides.readsFullFashionMnist("fashion"));
        assertTrue(Guides.readsFullFashionMnist("fashion --sizes 500,1000"));
        assertTrue(Guides.readsFullFashionMnist("lab --data fashion --train-rows 2000"));
        assertFalse(Guides.readsFullFashionMnist("fashion --fashion-dir test-data/fashion-mnist-sample"));
        assertFalse(Guides.readsFullFashionMnist("lab --data digits"));
        assertFalse(Guides.readsFullFashionMnist("dropout --epochs 5"));
    }
}
