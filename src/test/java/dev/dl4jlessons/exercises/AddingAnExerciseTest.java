package dev.dl4jlessons.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * lessons/ADDING-AN-EXERCISE.md tells the truth: its worked example (exercise 9) is in the repository, the files that
 * name it are exactly the ones the page lists, every code block of the page is in one of them, and the students'
 * table in lessons/EXERCISES.md lists the catalog's exercises in order, so that nothing else needs a count.
 */
class AddingAnExerciseTest {
    private static final Path ROOT = ProjectFiles.requireRoot();
    private static final String EXAMPLE = "GaussianDropoutForward";

    private static String page() throws IOException {
        return Files.readString(ROOT.resolve("lessons/ADDING-AN-EXERCISE.md"), StandardCharsets.UTF_8);
    }

    /** The numbered list under "## The files": {@code 1. `path`: why}. */
    private static List<String> listed() throws IOException {
        String files = page().split("## The files", 2)[1].split("\n## ", 2)[0];
        var m = Pattern.compile("(?m)^\\d+\\. `([^`]+)`: \\S").matcher(files);
        var out = new ArrayList<String>();
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    @Test
    void theFilesThatNameTheWorkedExampleAreExactlyThePagesList() throws IOException {
        var listed = listed();
        assertFalse(listed.isEmpty(), "the page lists its files under '## The files'");
        var naming = new TreeSet<String>();
        for (String top : List.of("src", "lessons", "docs", "notebooks-equivalent", "reference", "bench", ".ci")) {
            Path dir = ROOT.resolve(top);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path f : files.filter(Files::isRegularFile).toList()) {
                    String rel = ROOT.relativize(f).toString().replace('\\', '/');
                    if (!rel.equals("lessons/ADDING-AN-EXERCISE.md") && !rel.endsWith("AddingAnExerciseTest.java")
                            && new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1).contains(EXAMPLE)) {
                        naming.add(rel);
                    }
                }
            }
        }
        for (String top : List.of("README.md", "pom.xml")) {
            if (Files.readString(ROOT.resolve(top)).contains(EXAMPLE)) {
                naming.add(top);
            }
        }
        assertEquals(new TreeSet<>(listed), naming, "files that name " + EXAMPLE + " against the page's list");
    }

    @Test
    void everyCodeBlockOfThePageIsInAListedFile() throws IOException {
        var blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(page());
        var texts = new ArrayList<String>();
        for (String f : listed()) {
            texts.add(squash(Files.readString(ROOT.resolve(f), StandardCharsets.UTF_8)));
        }
        int n = 0;
        while (blocks.find()) {
            String block = squash(blocks.group(1));
            n++;
            assertTrue(texts.stream().anyMatch(t -> t.contains(block)), "not in any listed file: " + block);
        }
        assertTrue(n >= 3, "the page shows the student's file, the check and the plant");
    }

    @Test
    void theStudentsTableListsTheCatalogInOrder() throws IOException {
        String guide = Files.readString(ROOT.resolve("lessons/EXERCISES.md"), StandardCharsets.UTF_8);
        var rows = Pattern.compile("(?m)^\\| (\\d+) \\| `(\\w+)\\.java` \\|").matcher(guide);
        var table = new ArrayList<String>();
        while (rows.find()) {
            table.add(rows.group(1) + " " + rows.group(2));
        }
        assertEquals(ExerciseCatalog.all().stream().map(e -> e.order() + " " + e.name()).toList(), table);
    }

    @Test
    void noGuideStatesHowManyExercisesThereAre() throws IOException {
        var counts = Pattern.compile("(?i)\\b(all|the|these) (seven|eight|nine|ten|\\d+) (exercises|in order|that)"
                + "|\\b(seven|eight|nine|ten) small Java files");
        try (Stream<Path> files = Files.list(ROOT.resolve("lessons"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                var m = counts.matcher(Files.readString(f, StandardCharsets.UTF_8));
                if (m.find()) {
                    throw new AssertionError(f.getFileName() + " states a count the catalog decides: " + m.group());
                }
            }
        }
        assertFalse(counts.matcher(Files.readString(ROOT.resolve("README.md"))).find(), "README.md");
    }

    private static String squash(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }
}
