package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * The course prints the same ASCII digits and decimal points whatever the user's locale: a child JVM started under
 * an Arabic (Arabic-Indic digits), Thai, German (decimal comma) or Turkish locale prints the default run's data line and
 * epoch lines exactly as an English-locale run does, with ASCII digits only.
 */
class LocaleTest {
    private static List<String> epochLines(String... jvmLocale) throws Exception {
        List<String> options = new ArrayList<>(List.of("-Dcourse.relaunch=false", "-Xmx512m"));
        options.addAll(List.of(jvmLocale));
        List<String> cmd = ChildJvm.course(options, "--epochs", "2");
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertTrue(out.codePoints().noneMatch(c -> Character.isDigit(c) && (c < '0' || c > '9')),
                "only ASCII digits: " + out);
        return out.lines().filter(l -> l.startsWith("Epoch ") || l.startsWith("Data: ")).toList();
    }

    @ParameterizedTest(name = "{0}_{1}")
    @CsvSource({"ar,EG", "th,TH", "de,DE", "tr,TR"})
    void epochLinesAreTheSameUnderAnyLocale(String language, String country) throws Exception {
        List<String> local = epochLines("-Duser.language=" + language, "-Duser.country=" + country);
        assertTrue(local.size() >= 6, local.toString());
        assertEquals(epochLines("-Duser.language=en", "-Duser.country=US"), local);
    }
}
