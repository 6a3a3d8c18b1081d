package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.ChildJvm;

/**
 * Under {@code LC_ALL=C} the JVM decodes a non-ASCII argument into replacement characters; the relaunched JVM would
 * receive them as literal '?' and write into a directory named {@code r??sultats}. The launcher refuses instead, with
 * one line naming the option, the encoding and the fix, before anything is created.
 */
class AsciiLocaleTest {
    private static List<String> courseInAsciiLocale(List<String> jvmOptions, String... args) throws Exception {
        var builder = new ProcessBuilder(ChildJvm.course(jvmOptions, args)).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG"));
        builder.environment().put("LC_ALL", "C");
        var process = builder.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, process.waitFor(60, TimeUnit.SECONDS));
        List<String> result = new ArrayList<>(out.lines().toList());
        result.add(0, Integer.toString(process.exitValue()));
        return result;
    }

    @Test
    void aNonAsciiOutIsRefusedNamingTheEncodingAndTheFix(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("résultats");
        for (List<String> options : List.of(List.<String>of(), List.of("-Dcourse.relaunch=false"))) {
            for (List<String> form : List.of(List.of("--out", out.toString()), List.of("--out=" + out))) {
                List<String> args = new ArrayList<>(List.of("lab", "--data", "synthetic", "--epochs", "1"));
                args.addAll(form);
                var run = courseInAsciiLocale(options, args.toArray(String[]::new));
                assertEquals(List.of("2", "error: --out " + dir + "/r??sultats: has characters that the file-name "
                        + "encoding ANSI_X3.4-1968 of this locale cannot hold; run with a UTF-8 locale "
                        + "(LANG=C.UTF-8)"), run, options + " " + form);
            }
        }
        try (var entries = Files.list(dir)) {
            assertEquals(List.of(), entries.toList(), "nothing created, under any name");
        }
    }

    @Test
    void anUndecodedArgumentIsNamedByItsOption() {
        var e = assertThrows(InputException.class, () -> Course.requireDecodedArguments(
                new String[] {"lab", "--data", "d\uFFFD.csv"}));
        assertTrue(e.getMessage().startsWith("--data d\uFFFD.csv: has characters that the file-name encoding "),
                e.getMessage());
        Course.requireDecodedArguments(new String[] {"lab", "--out", "résultats"});
    }
}
