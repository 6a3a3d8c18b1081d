package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/** The guides show the code as it is and output the code really prints. */
class GuidesTest {
    static Path root() {
        return TestData.file("").getParent();
    }

    private static List<Path> guides() throws IOException {
        return Guides.files(root());
    }

    @TestFactory
    Stream<DynamicTest> everyCodeExcerptMatchesTheSources() throws IOException {
        return guides().stream().flatMap(guide -> {
            String text = read(guide);
            return Guides.blocks(text).stream().filter(b -> b.kind().equals("code"))
                    .map(b -> DynamicTest.dynamicTest(guide.getFileName() + " " + b.argument(), () -> assertEquals(
                            "```java\n" + Guides.excerpt(root(), b.argument()) + "```\n", b.body(),
                            "stale excerpt: run `mvn -q compile exec:java -Dexec.args=notebook`")));
        });
    }

    /**
     * The lessons whose guide output takes more than a few seconds to rerun: they train for many epochs or sweep a grid
     * (capacity, lessons 2, 3, 6 and 9). Their blocks are rerun under the {@code proofs} profile, which CI runs, by
     * {@link #everyLongOutputIsWhatTheLauncherPrints()}; the default run reruns the rest. Measured in one default run at
     * load 22 (2026-12-07): these five took 411 s of GuidesTest's 457 s.
     */
    static final java.util.Set<String> LONG_OUTPUTS = java.util.Set.of("capacity", "batchnorm", "combined",
            "batchnorm-internals", "dropconnect");

    static boolean isLong(String argument) {
        String[] args = Guides.arguments(argument);
        return args.length > 0 && LONG_OUTPUTS.contains(args[0]);
    }

    @TestFactory
    Stream<DynamicTest> everyOutputIsWhatTheLauncherPrints() throws IOException {
        return outputs(false);
    }

    @TestFactory
    @Tag("slow")
    Stream<DynamicTest> everyLongOutputIsWhatTheLauncherPrints() throws IOException {
        return outputs(true);
    }

    @Test
    void theLongOutputsNameLessonsThatExist() {
        var names = dev.dl4jlessons.lessons.LessonCatalog.all().stream()
                .map(dev.dl4jlessons.lessons.Lesson::name).toList();
        for (String name : LONG_OUTPUTS) {
            assertTrue(names.contains(name), "GuidesTest.LONG_OUTPUTS names no lesson: " + name + " (" + names + ")");
        }
    }

    /** The guides' output blocks that the default run ({@code slow} false) or the proofs profile reruns. */
    private static Stream<DynamicTest> outputs(boolean slow) throws IOException {
        return guides().stream().flatMap(guide -> {
            String text = read(guide);
            return Guides.blocks(text).stream().filter(b -> b.kind().equals("output"))
                    .filter(b -> !Guides.readsFullFashionMnist(b.argument()))   // FashionGuidesTest, profile fashion
                    .filter(b -> !Guides.runsPapersAtFullSize(b.argument()))    // PapersFullTest, profile papers
                    .filter(b -> isLong(b.argument()) == slow)
                    .map(b -> DynamicTest.dynamicTest(guide.getFileName() + " output: " + b.argument(), () -> {
                        var run = Run.course(Guides.arguments(b.argument()));
                        assertEquals(0, run.exitCode(), run.err());
                        assertSameOutput("```text\n$ " + Guides.command(b.argument()) + "\n" + run.out() + "```\n",
                                b.body());
                    }));
        });
    }

    @Test
    void everyGuideHasTheTemplateSections() throws IOException {
        try (Stream<Path> s = Files.list(root().resolve("lessons"))) {
            for (Path guide : s.filter(p -> p.getFileName().toString().matches("\\d\\d-.*\\.md")).toList()) {
                String text = read(guide);
                for (String section : new String[] {"**What you'll learn:**", "**Prerequisites:**", "**Run it**",
                    "## The concept", "## The DL4J code", "## Real output", "## What to notice", "## Exercises",
                    "## Instructor notes"}) {
                    assertTrue(text.contains(section), guide.getFileName() + " lacks " + section);
                }
                assertFalse(Guides.blocks(text).isEmpty(), guide + " has no generated block");
            }
        }
    }

    /** Same text, and the same numbers within what float32 arithmetic on another CPU may change. */
    public static void assertSameOutput(String expected, String actual) {
        if (!Guides.sameOutput(expected, actual)) {
            assertEquals(expected, actual, "stale output: run `mvn -q compile exec:java -Dexec.args=notebook`");
        }
    }

    @Test
    void everyOutputBlockOpensWithTheCommandThatProducedIt() throws IOException {
        for (Path guide : guides()) {
            for (var b : Guides.blocks(read(guide))) {
                if (b.kind().equals("output")) {
                    assertTrue(b.body().startsWith("```text\n$ " + Guides.command(b.argument()) + "\n"),
                            guide.getFileName() + ": output block for '" + b.argument() + "' does not show its command");
                }
            }
        }
    }

    @Test
    void noGuideStillHoldsAStubsPlaceholders() throws IOException {
        assertEquals(List.of(), GeneratedFiles.unfinished(root()), "replace the TODOs of the generated stub");
        var stub = GuideStubs.stub(root(), dev.dl4jlessons.lessons.LessonCatalog.find("dropout").orElseThrow());
        assertTrue(GuideStubs.unfinished(stub), "a fresh stub counts as unfinished");
        assertTrue(stub.startsWith("# Lesson 1 · " + dev.dl4jlessons.lessons.LessonCatalog.find("dropout")
                .orElseThrow().title() + "\n"), "the stub's heading is every guide's: " + stub.lines().findFirst());
        for (Path guide : Guides.files(root())) {
            String name = guide.getFileName().toString();
            if (name.matches("\\d\\d-.*\\.md")) {
                assertTrue(read(guide).startsWith("# Lesson " + Integer.parseInt(name.substring(0, 2)) + " · "),
                        name + " opens with '# Lesson N · '");
            }
        }
    }

    @Test
    void everyRelativeLinkInTheDocsPointsAtAFile() throws IOException {
        assertEquals(List.of(), GeneratedFiles.brokenLinks(root()));
    }

    /** The syllabus table of lessons/README.md names every lesson the launcher lists, and in the same order. */
    @Test
    void theSyllabusAndListAgree() throws IOException {
        List<String> syllabus = read(root().resolve("lessons/README.md")).lines()
                .filter(l -> l.matches("\\| \\d+ \\|.*")).map(l -> l.split("\\|")[3].strip().replace("`", ""))
                .toList();
        List<String> listed = Run.course("--list").out().lines().map(l -> l.strip().split("\\s{2,}")[0]).toList();
        assertEquals(syllabus, listed);
        List<String> readme = read(root().resolve("README.md")).lines()
                .filter(l -> l.matches("\\| `[^`]+` \\| \\[\\d\\d-.*")).map(l -> l.split("`")[1]).toList();
        assertEquals(syllabus, readme, "README.md's lessons table");
    }

    static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
