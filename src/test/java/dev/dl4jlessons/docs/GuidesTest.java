package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/** The guides show the code as it is and output the code really prints. */
class GuidesTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+\\.\\d+(?:e-?\\d+)?");

    private static Path root() {
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

    @TestFactory
    Stream<DynamicTest> everyOutputIsWhatTheLauncherPrints() throws IOException {
        return guides().stream().flatMap(guide -> {
            String text = read(guide);
            return Guides.blocks(text).stream().filter(b -> b.kind().equals("output"))
                    .map(b -> DynamicTest.dynamicTest(guide.getFileName() + " output: " + b.argument(), () -> {
                        var run = Run.course(Guides.arguments(b.argument()));
                        assertEquals(0, run.exitCode(), run.err());
                        assertSameOutput("```text\n" + run.out() + "```\n", b.body());
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
    static void assertSameOutput(String expected, String actual) {
        assertEquals(NUMBER.matcher(expected).replaceAll("#"), NUMBER.matcher(actual).replaceAll("#"),
                "stale output: run `mvn -q compile exec:java -Dexec.args=notebook`");
        Matcher e = NUMBER.matcher(expected);
        Matcher a = NUMBER.matcher(actual);
        while (e.find() && a.find()) {
            assertEquals(Double.parseDouble(e.group()), Double.parseDouble(a.group()), 2e-3, "number in output");
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
