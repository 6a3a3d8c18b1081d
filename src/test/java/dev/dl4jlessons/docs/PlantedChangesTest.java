package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.exercises.ExerciseCatalog;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.SyllabusEntry;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.ProjectCopy;

/**
 * Issue 28's planted changes, made as an instructor would before class, in a copy of the project: the combined
 * lesson's drop probability goes up by 0.1 and the payoff trains for two thirds of its epochs. Then {@code notebook}
 * regenerates the lessons the two changes reach, and:
 * <ul>
 * <li>exercise 3's reference answer still passes (its check compares with a frozen copy of the notebook's model, not
 * with whatever the combined lesson holds today);</li>
 * <li>{@code notebook --check} on those lessons exits 0: no stale block and no stale prose number;</li>
 * <li>no line that the old run printed and the new one does not is left in any guide, the README, the docs or the
 * notebook, and the combined lesson's block is what the planted code prints in a fresh run.</li>
 * </ul>
 * The lessons regenerated are those whose guides show the payoff, the combined model's output or its code: a full
 * {@code notebook} also runs every other lesson (Fashion-MNIST and the papers at full size among them), whose guides the
 * test shows hold no payoff or combined output. Minutes, so tag {@code slow} ({@code -Pproofs}).
 */
class PlantedChangesTest {
    private static final String COMBINED = "src/main/java/dev/dl4jlessons/lessons/combined/CombinedLesson.java";
    private static final String PAYOFF = "src/main/java/dev/dl4jlessons/harness/Payoff.java";
    private static final String SOLUTION = "src/test/resources/exercise-solutions/exercises/NotebookModelInDl4j.java";
    private static final String EXERCISE = "src/exercises/java/exercises/NotebookModelInDl4j.java";
    private static final Pattern DROP = Pattern.compile("double DROP_PROBABILITY = (\\d\\.\\d+);");
    private static final Pattern EPOCHS = Pattern.compile("int EPOCHS = (\\d+);");
    /** A guide's {@code <!-- numbers: ARGS -->} region, as {@link Guides} reads it. */
    private static final Pattern NUMBERS = Pattern.compile(
            "^<!-- numbers:[ ]*([^\\n]*?)[ ]*-->\\n(.*?)^<!-- /numbers -->", Pattern.DOTALL | Pattern.MULTILINE);
    private static final Pattern DECIMAL = Pattern.compile("(?<![\\w.])\\d+\\.\\d+(?![\\w]|\\.\\d)");
    /** A line of printed output that the planted changes can reach. */
    private static final Pattern REACHED = Pattern.compile("(?m)^(Payoff: |combined: )");

    @Test
    @Tag("slow")
    void droppingMoreInCombinedAndAShorterPayoffLeaveExercise3PassingAndNoStaleNumber(@TempDir Path dir)
            throws Exception {
        Path root = ProjectFiles.requireRoot();
        var project = ProjectCopy.of(root, dir.resolve("project"));

        // the lessons the changes reach: their guides print the payoff or the combined model, or show its code
        List<String> lessons = new ArrayList<>();
        Map<Path, String> before = new LinkedHashMap<>();
        for (SyllabusEntry e : LessonCatalog.syllabus()) {
            Path guide = root.resolve("lessons").resolve(e.guide());
            if (!Files.isRegularFile(guide)) {
                continue;
            }
            String text = Files.readString(guide);
            boolean reached = Guides.blocks(text).stream().anyMatch(b -> b.kind().equals("output")
                    && REACHED.matcher(b.body()).find() || b.kind().equals("code") && b.argument().startsWith(COMBINED));
            if (reached) {
                lessons.add(e.name().split(" ")[0]);
                before.put(guide, text);
            } else {
                for (var b : Guides.blocks(text)) {
                    assertFalse(b.kind().equals("output") && REACHED.matcher(b.body()).find(), e.guide());
                }
            }
        }
        assertTrue(lessons.containsAll(List.of("dropout", "batchnorm", "combined")), "reached: " + lessons);

        // the planted changes
        String combined = Files.readString(project.file(COMBINED));
        Matcher drop = DROP.matcher(combined);
        assertTrue(drop.find(), COMBINED + " declares DROP_PROBABILITY");
        String newDrop = String.format(Locale.ROOT, "%.1f", Double.parseDouble(drop.group(1)) + 0.1);
        project.replace(COMBINED, drop.group(), "double DROP_PROBABILITY = " + newDrop + ";");
        Matcher epochs = EPOCHS.matcher(Files.readString(project.file(PAYOFF)));
        assertTrue(epochs.find(), PAYOFF + " declares EPOCHS");
        int newEpochs = Integer.parseInt(epochs.group(1)) * 2 / 3;
        project.replace(PAYOFF, epochs.group(), "int EPOCHS = " + newEpochs + ";");
        var recompiled = project.compileMainSources();
        assertTrue(recompiled.containsAll(Set.of("dev/dl4jlessons/harness/Payoff.class",
                "dev/dl4jlessons/lessons/combined/CombinedLesson.class")), "recompiled: " + recompiled);
        for (String entry : recompiled) { // only the two classes and those that inline their constants
            String source = Files.readString(project.file("src/main/java/" + entry.replaceAll("(\\$.*)?\\.class$",
                    ".java")));
            assertTrue(source.contains("CombinedLesson") || source.contains("Payoff"), entry + " changed");
        }

        // notebook, for the reached lessons; then its check
        long start = System.nanoTime();
        var notebook = project.course(args("notebook", lessons));
        assertEquals(0, notebook.exitCode(), notebook.out() + notebook.err());
        assertFalse(notebook.out().contains("stale prose"), notebook.out());
        var check = project.course(args("notebook --check", lessons));
        assertEquals(0, check.exitCode(), check.out() + check.err());
        assertTrue(check.out().contains("is current"), check.out());
        System.out.printf(Locale.ROOT, "PlantedChangesTest: notebook and notebook --check for %s took %.0f s%n",
                lessons, (System.nanoTime() - start) / 1e9);

        // exercise 3's reference answer against the changed lesson
        Files.copy(root.resolve(SOLUTION), project.file(EXERCISE), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        var exercise = project.course("check", "NotebookModelInDl4j");
        assertEquals(0, exercise.exitCode(), exercise.out() + exercise.err());
        int number = ExerciseCatalog.find("NotebookModelInDl4j").orElseThrow().order();
        assertTrue(exercise.out().contains("ok    " + number + " NotebookModelInDl4j"), exercise.out());

        // the new numbers are in: the combined block is what a fresh run of the planted code prints
        Path guide3 = project.file("lessons/" + guide("combined"));
        String block = output(Files.readString(guide3), "combined");
        assertTrue(block.contains("Dropout(drop " + newDrop + " = DL4J retain "), block);
        assertTrue(block.contains("seeds × " + newEpochs + " epochs)"), block);
        var fresh = project.course("combined");
        assertEquals(0, fresh.exitCode(), fresh.err());
        assertTrue(Guides.sameOutput(fresh.out(), block.substring(block.indexOf('\n') + 1)),
                "guide 3's combined block is what the planted code prints:\n" + fresh.out());

        // and no line of the old run that the new one does not print is left anywhere a reader looks
        Set<String> gone = new LinkedHashSet<>();
        for (var entry : before.entrySet()) {
            String now = Files.readString(project.file(root.relativize(entry.getKey()).toString()));
            gone.addAll(movedLines(entry.getValue(), now));
            assertEquals(List.of(), proseQuotingMovedNumbers(entry.getValue(), now),
                    root.relativize(entry.getKey()).toString());
        }
        assertTrue(gone.stream().anyMatch(l -> l.startsWith("Payoff: ")), "the payoff's header moved: " + gone);
        assertTrue(gone.stream().anyMatch(l -> l.startsWith("combined: ")), "the combined model's line moved: " + gone);
        for (Path doc : documentation(project.dir())) {
            String text = Files.readString(doc);
            for (String line : gone) {
                assertFalse(text.contains(line) || text.contains(json(line)), project.dir().relativize(doc)
                        + " still holds the old run's line: " + line);
            }
        }
    }

    /** The fast half: what the slow test calls stale prose, on a guide small enough to read. */
    @Test
    void proseThatQuotesAMovedNumberIsStaleEvenWhenAnotherLineStillPrintsIt() {
        String before = """
                <!-- output: three -->
                ```text
                $ ./course three
                dropout   0.6724
                combined  0.6724
                ```
                <!-- /output -->
                <!-- numbers: three -->
                The combined model ends at 0.6724.
                <!-- /numbers -->
                """;
        String after = before.replace("combined  0.6724", "combined  0.6719");
        // the check notebook runs accepts it: 0.6724 is still printed, by the dropout line
        assertEquals(List.of(), Guides.staleNumbers(after, args -> "dropout   0.6724\ncombined  0.6719\n"));
        assertEquals(List.of("combined  0.6724"), movedLines(before, after));
        assertEquals(1, proseQuotingMovedNumbers(before, after).size(), "the sentence meant the number that moved");
        assertEquals(List.of(), proseQuotingMovedNumbers(before, before.replace("0.6724.", "the dropout model's.")));
    }

    /** The lines with a digit of {@code before}'s output blocks that the same blocks of {@code after} no longer hold. */
    static List<String> movedLines(String before, String after) {
        List<String> moved = new ArrayList<>();
        for (var old : Guides.blocks(before)) {
            if (old.kind().equals("output")) {
                var kept = output(after, old.argument()).lines().toList();
                old.body().lines().filter(l -> l.matches(".*\\d.*") && !kept.contains(l)).forEach(moved::add);
            }
        }
        return moved;
    }

    /**
     * The decimals that {@code after}'s {@code <!-- numbers: ARGS -->} prose quotes from a line of the output ARGS
     * that moved between {@code before} and {@code after}, even when another line still prints the same digits: the
     * sentence meant the number that moved. One line each.
     */
    static List<String> proseQuotingMovedNumbers(String before, String after) {
        List<String> problems = new ArrayList<>();
        for (var old : Guides.blocks(before)) {
            if (!old.kind().equals("output")) {
                continue;
            }
            var kept = output(after, old.argument()).lines().toList();
            var movedDecimals = decimals(String.join("\n", old.body().lines().filter(l -> !kept.contains(l))
                    .toList()));
            Matcher region = NUMBERS.matcher(after);
            while (region.find()) {
                if (region.group(1).strip().equals(old.argument())) {
                    decimals(region.group(2)).stream().filter(movedDecimals::contains).forEach(n -> problems.add(
                            "the prose quotes " + n + ", which the old run of '" + old.argument() + "' printed in a "
                                    + "line the new run changed"));
                }
            }
        }
        return problems;
    }

    /** The decimals of {@code text}, as {@link Guides} reads a prose number. */
    private static Set<String> decimals(String text) {
        Set<String> found = new LinkedHashSet<>();
        Matcher m = DECIMAL.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    private static String[] args(String command, List<String> lessons) {
        var args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(lessons);
        return args.toArray(String[]::new);
    }

    private static String guide(String lesson) {
        return LessonCatalog.syllabus().stream().filter(e -> e.name().equals(lesson)).findFirst().orElseThrow()
                .guide();
    }

    /** The body of the output block with {@code argument} in {@code markdown}, without its fences. */
    private static String output(String markdown, String argument) {
        String body = Guides.blocks(markdown).stream().filter(b -> b.kind().equals("output")
                && b.argument().equals(argument)).findFirst().orElseThrow(() -> new AssertionError(
                        "no output block '" + argument + "'")).body();
        return body.replaceFirst("^```text\\n", "").replaceFirst("```\\n?$", "");
    }

    /** A line as a JSON string holds it (the notebook's cells), without the quotes. */
    private static String json(String line) {
        return line.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    /** README, the guides, the docs and everything the notebook command writes in notebooks-equivalent/. */
    private static List<Path> documentation(Path root) throws IOException {
        List<Path> docs = new ArrayList<>(GeneratedFiles.documentation(root));
        try (Stream<Path> s = Files.list(root.resolve(NotebookGenerator.OUT))) {
            s.filter(p -> p.toString().matches(".*\\.(ipynb|jsh)$")).sorted().forEach(docs::add);
        }
        return docs;
    }
}
