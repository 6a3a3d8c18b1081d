package dev.dl4jlessons.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * Memory stays flat over 100,000 training steps when the course is started with the JVM's defaults, as a plain
 * {@code java -jar} or an IDE starts it: through the relaunch into the course's flags (runtime.TunedJvm). Takes
 * minutes, so it is tagged {@code soak}, which the default test run excludes; run it with
 * {@code mvn -B -ntp test -Dtest=SoakTest -Dtest.excludedGroups=none}.
 */
@Tag("soak")
class SoakTest {
    @Test
    void rssIsFlatOverOneHundredThousandStepsFromADefaultJvm() throws IOException, InterruptedException {
        var process = new ProcessBuilder(ChildJvm.course(List.of(), "bench", "--soak", "100000"))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), out);
        var summary = Pattern.compile("growth_pct=(-?\\d+\\.\\d)").matcher(out);
        assertTrue(summary.find(), out);
        double growth = Double.parseDouble(summary.group(1));
        assertTrue(growth < 10, "RSS grew " + growth + "% after warm-up:\n" + out);
        var max = Pattern.compile("rss_max_mb=(\\d+)").matcher(out);
        assertTrue(max.find() && Integer.parseInt(max.group(1)) < 1024, out);
    }
}
