package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * docs/REFERENCE.md follows the project: its layout names every package of the course, and its tests section names
 * every Maven profile that runs tests, each of which {@code .ci/run} runs.
 */
class ReferenceDocTest {
    private static final Path ROOT = ProjectFiles.requireRoot();

    private static String read(String file) throws IOException {
        return Files.readString(ROOT.resolve(file));
    }

    /** The text of the REFERENCE.md section whose heading is {@code heading}. */
    private static String section(String heading) throws IOException {
        String text = read("docs/REFERENCE.md");
        int start = text.indexOf("\n## " + heading + "\n");
        int end = text.indexOf("\n## ", start + 1);
        return text.substring(start, end < 0 ? text.length() : end);
    }

    @Test
    void theLayoutNamesEveryPackage() throws IOException {
        String layout = section("Layout");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> packages = Files.list(ROOT.resolve("src/main/java/dev/dl4jlessons"))) {
            for (Path p : packages.filter(Files::isDirectory).sorted().toList()) {
                String name = p.getFileName().toString();
                if (!Pattern.compile("(?m)^  " + Pattern.quote(name) + "/ ").matcher(layout).find()) {
                    missing.add(name + "/");
                }
            }
        }
        assertEquals(List.of(), missing, "docs/REFERENCE.md's layout lacks these packages");
    }

    @Test
    void everyTestProfileIsInTheTestsSectionAndInCi() throws IOException {
        String tests = section("Tests");
        String ci = read(".ci/run");
        Matcher m = Pattern.compile("<profile>.*?<id>([^<]+)</id>(.*?)</profile>", Pattern.DOTALL)
                .matcher(read("pom.xml"));
        List<String> profiles = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        while (m.find()) {
            if (!m.group(2).contains("<test.groups>")) {
                continue; // a profile that selects no tests (exercises: a source folder for IDEs)
            }
            String command = "mvn -B -ntp test -P" + m.group(1);
            profiles.add(m.group(1));
            if (!tests.contains("`" + command + "`")) {
                missing.add("docs/REFERENCE.md's Tests section lacks `" + command + "`");
            }
            if (!Pattern.compile("(?m)^" + Pattern.quote(command) + "$").matcher(ci).find()) {
                missing.add(".ci/run does not run " + command);
            }
        }
        assertEquals(List.of(), missing, "profiles " + profiles);
        assertEquals(true, profiles.size() >= 5, "the pom's test profiles: " + profiles);
    }
}
