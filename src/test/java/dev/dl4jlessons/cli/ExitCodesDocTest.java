package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.Run;

/**
 * The exit-code table of docs/REFERENCE.md (which the README links), the launcher's constants and every command's
 * --help say the same thing.
 */
class ExitCodesDocTest {
    /** What each code means, as words that every description of it contains. */
    private static final Map<Integer, Pattern> MEANING = Map.of(
            0, Pattern.compile("success|agrees"),
            1, Pattern.compile("fail|NaN|diverge|stale"),
            2, Pattern.compile("bad"),
            3, Pattern.compile("could not be written"));

    private static Map<Integer, String> readmeTable() throws IOException {
        String readme = Files.readString(ProjectFiles.requireRoot().resolve("docs/REFERENCE.md"));
        Map<Integer, String> rows = new LinkedHashMap<>();
        Matcher m = Pattern.compile("(?m)^\\| (\\d) \\| ([^|]+) \\|").matcher(readme);
        while (m.find()) {
            rows.put(Integer.parseInt(m.group(1)), m.group(2).strip());
        }
        return rows;
    }

    @Test
    void theReferenceTableListsEveryCodeTheLauncherUses() throws IOException {
        var table = readmeTable();
        assertEquals(java.util.List.of(0, 1, 2, 3), java.util.List.copyOf(table.keySet()), table.toString());
        assertEquals(1, Course.EXIT_TRAINING);
        assertEquals(2, Course.EXIT_USAGE);
        assertEquals(3, Course.EXIT_IO);
        table.forEach((code, meaning) -> assertTrue(MEANING.get(code).matcher(meaning).find(),
                code + " is '" + meaning + "'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lab", "capacity", "fashion", "papers", "parity", "notebook", "bench", "check",
        "kernel", "kernel install", "kernel uninstall", "playground"})
    void everyHelpTextStatesTheSameCodes(String command) throws IOException {
        var table = readmeTable();
        var run = command.isEmpty() ? Run.course("--help")
                : Run.course((command + " --help").split(" "));
        assertEquals(0, run.exitCode());
        String help = run.out().replaceAll("\\s+", " ");
        Matcher line = Pattern.compile("Exit codes: (.*?)\\.(?: |$)").matcher(help);
        assertTrue(line.find(), command + " --help states its exit codes: " + help);
        for (String part : line.group(1).split("; ")) {
            Matcher m = Pattern.compile("^(\\d) (.*)").matcher(part.strip());
            assertTrue(m.matches(), part);
            int code = Integer.parseInt(m.group(1));
            assertTrue(table.containsKey(code), code + " is in the table of docs/REFERENCE.md");
            assertTrue(MEANING.get(code).matcher(m.group(2)).find(), command + ": " + part);
        }
    }
}
