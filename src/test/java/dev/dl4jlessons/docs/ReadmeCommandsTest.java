package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The README's first two commands are what CI runs, and every documented Maven run command compiles first, so a
 * student who edits a lesson and runs the documented command sees the edited code.
 */
class ReadmeCommandsTest {
    private static final Pattern EXEC = Pattern.compile("mvn [^`\"\\n]*exec:java");

    private static Path root() {
        return ProjectFiles.requireRoot();
    }

    /** The commands of the README's first code block, without their comments. */
    static List<String> readmeCommands() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        int start = readme.indexOf("```bash\n");
        int end = readme.indexOf("```", start + 7);
        assertTrue(start >= 0 && end > start, "README.md has no ```bash block");
        List<String> commands = new ArrayList<>();
        for (String line : readme.substring(start + 8, end).split("\n")) {
            String command = line.replaceFirst("#.*", "").strip();
            if (!command.isEmpty()) {
                commands.add(command);
            }
        }
        return commands;
    }

    @Test
    void theFirstTwoCommandsRunTheCourseAndTheTests() throws IOException {
        var commands = readmeCommands();
        assertEquals(2, commands.size(), "README's first block: " + commands);
        assertTrue(commands.get(0).contains("exec:java"), "first command runs the course: " + commands.get(0));
        assertTrue(commands.get(1).matches("mvn .*\\btest\\b.*"), "second command runs the tests: " + commands.get(1));
    }

    /**
     * The README is for a student's first hour: about 1,000 words at most, and the reference material it used to
     * hold is one link away.
     */
    @Test
    void theReadmeIsShortAndLinksTheReference() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        int words = readme.strip().split("\\s+").length;
        assertTrue(words <= 1050, "README.md has " + words + " words; move reference material to docs/");
        for (String page : new String[] {"docs/REFERENCE.md", "docs/RELIABILITY.md", "lessons/EXERCISES.md",
            "notebooks-equivalent/README.md"}) {
            assertTrue(readme.contains("](" + page), "README.md links " + page);
        }
    }

    @Test
    void ciRunsBothReadmeCommandsExactlyAsWritten() throws IOException {
        List<String> ciLines = Files.readAllLines(root().resolve(".ci/run")).stream().map(String::strip).toList();
        for (String command : readmeCommands()) {
            assertTrue(ciLines.stream().anyMatch(l -> l.equals(command) || l.startsWith(command + " ")),
                    ".ci/run does not run the README's `" + command + "` as written");
        }
    }

    @Test
    void everyDocumentedRunCommandCompilesFirst() throws IOException {
        List<String> stale = new ArrayList<>();
        // target/ and .git/ are left out before descending: surefire renames its report files in target/ while this
        // runs, and a walk into it can meet a file that is gone.
        try (Stream<Path> top = Files.list(root())) {
            List<Path> files = new ArrayList<>();
            for (Path entry : top.filter(p -> !p.getFileName().toString().matches("target|\\.git")).toList()) {
                try (Stream<Path> below = Files.walk(entry)) {
                    files.addAll(below.toList());
                }
            }
            for (Path file : files.stream().filter(ReadmeCommandsTest::isDocumentation).toList()) {
                var m = EXEC.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group().matches("mvn .*\\b(compile|test-compile|package|install)\\b.*exec:java")) {
                        stale.add(root().relativize(file) + ": " + m.group());
                    }
                }
            }
        }
        assertEquals(List.of(), stale, "exec:java alone never recompiles: an edited lesson would run as it was");
    }

    private static boolean isDocumentation(Path p) {
        String rel = root().relativize(p).toString().replace('\\', '/');
        if (rel.startsWith("target/") || rel.startsWith(".git/") || !Files.isRegularFile(p)) {
            return false;
        }
        return rel.matches(".*\\.(md|jsh|ipynb|java|sh|py)") || rel.equals(".ci/run");
    }

    /**
     * The README says which lessons share the notebook's training setup: "The notebook's three models (and
     * `gaussian-dropout`) train with MSE loss, Adam at lr 0.01...". The lessons in the parentheses are exactly the
     * catalog's other model lessons, which the harness trains on the notebook's data, and each of them does use MSE
     * and Adam at 0.01; a new model lesson must be named there (or the sentence changed).
     */
    @Test
    void theReadmeNamesEveryModelLessonThatTrainsLikeTheNotebook() throws IOException {
        String readme = Files.readString(root().resolve("README.md"));
        var m = Pattern.compile("The notebook's three models \\(and ([^)]*)\\) train with MSE loss, Adam at lr 0\\.01")
                .matcher(readme.replaceAll("\\s+", " "));
        assertTrue(m.find(), "README.md: the sentence naming the lessons that train like the notebook");
        List<String> named = Pattern.compile("`([\\w-]+)`").matcher(m.group(1)).results().map(r -> r.group(1)).toList();
        var others = dev.dl4jlessons.lessons.LessonCatalog.all().stream()
                .filter(l -> l instanceof dev.dl4jlessons.lessons.ModelLesson ml && !ml.inNotebook())
                .map(l -> (dev.dl4jlessons.lessons.ModelLesson) l).toList();
        assertEquals(others.stream().map(dev.dl4jlessons.lessons.Lesson::name).toList(), named,
                "README.md: the model lessons besides the notebook's three, in syllabus order");
        for (var lesson : dev.dl4jlessons.lessons.LessonCatalog.all()) {
            if (lesson instanceof dev.dl4jlessons.lessons.ModelLesson ml) {
                var conf = ml.model(dev.dl4jlessons.harness.Settings.NOTEBOOK);
                var confs = conf.getConfs();
                var out = (org.deeplearning4j.nn.conf.layers.BaseOutputLayer) confs.get(confs.size() - 1).getLayer();
                assertTrue(out.getLossFn() instanceof org.nd4j.linalg.lossfunctions.impl.LossMSE, ml.name() + ": MSE");
                var adam = (org.nd4j.linalg.learning.config.Adam) out.getIUpdater();
                assertEquals(0.01, adam.getLearningRate(), 1e-12, ml.name() + ": Adam at lr 0.01");
            }
        }
    }
}
