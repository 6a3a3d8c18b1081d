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
}
