package dev.dl4jlessons.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.pictures.PictureStyle;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;

/**
 * The training UI in a real browser: a short run of two lessons with {@code --ui} in a terminal (so it waits for
 * Enter), headless Chromium renders the overview page of each session, and the score chart must hold this run's
 * losses, and every chart's legend tells its series apart (the course's colours, {@link OverviewScript}).
 * Screenshots go to {@code target/ui-screenshots/}; the guides' {@code lessons/img/ui-*.png} are copies, refreshed
 * by hand after a passing run: {@code cp target/ui-screenshots/ui-*.png lessons/img/}. The test never writes a
 * tracked file.
 *
 * <p>Tagged {@code browser}: {@code mvn -B -ntp test -Pbrowser} runs it, and {@code .ci/run} installs Debian's
 * {@code chromium} first. It installs nothing itself.
 */
@Tag("browser")
class UiBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final int EPOCHS = 20;
    private static final int STEPS_PER_EPOCH = 10;  // 100 rows in batches of 10
    private static final Pattern EPOCH_LINE = Pattern.compile("^Epoch (\\d+), Loss: (\\S+)", Pattern.MULTILINE);
    /** The score series' colour, as {@link OverviewScript} gives it. */
    private static final int SCORE_RGB = PictureStyle.TRAIN.getRGB() & 0xFFFFFF;
    /** A flot legend entry: its colour box and its label. */
    private static final Pattern LEGEND = Pattern.compile("border:5px solid ([^;\"]+);[^<]*</div></div></td>"
            + "<td class=\"legendLabel\">([^<]*)</td>");

    @Test
    void theOverviewChartsShowThisRunsLossesForEachSession(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");
        }
        int port = Ports.free();
        Path screenshots = Files.createDirectories(Path.of("target", "ui-screenshots"));
        var course = ChildJvm.course(List.of("-Xmx512m"), "dropout", "batchnorm", "--epochs",
                Integer.toString(EPOCHS), "--ui", "--ui-port", Integer.toString(port));
        // script(1) gives the run a terminal, so it keeps the UI up until Enter, as for a student.
        var process = new ProcessBuilder("script", "-qfec", shellQuoted(course), "/dev/null")
                .redirectErrorStream(true).start();
        var output = new Output(process.getInputStream());
        try {
            output.await("Press Enter to stop it.", Duration.ofMinutes(4));
            String printed = output.text();
            assertTrue(printed.contains("Training UI: http://localhost:" + port + "/train/overview"), printed);
            List<Double> losses = epochLosses(printed);
            assertEquals(2 * EPOCHS, losses.size(), printed);
            UiProcess.awaitSessions(port, Set.of("dropout", "batchnorm"));

            check("dropout", port, losses.subList(0, EPOCHS), 601, screenshots, tmp);
            check("batchnorm", port, losses.subList(EPOCHS, 2 * EPOCHS), 801, screenshots, tmp);

            process.getOutputStream().write('\n');
            process.getOutputStream().flush();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "Enter stops the UI and the run ends");
            assertEquals(0, process.exitValue(), output.text());
        } finally {
            process.destroyForcibly();
        }
    }

    /** One session: its JSON holds the printed losses, and the rendered page shows them in the score chart. */
    private static void check(String session, int port, List<Double> printedLosses, int params, Path screenshots,
            Path tmp) throws Exception {
        UiProcess.get(port, "/train/sessions/set/" + session);

        String data = UiProcess.get(port, "/train/overview/data");
        List<Double> scores = numbers(data, "scores");
        List<Double> iterations = numbers(data, "scoresIter");
        assertEquals(EPOCHS * STEPS_PER_EPOCH, scores.size(), "every step reported: " + data);
        for (int epoch = 1; epoch <= EPOCHS; epoch++) {
            int last = epoch * STEPS_PER_EPOCH - 1;  // iterations count from 0
            assertEquals(last, iterations.get(last).intValue());
            assertEquals(printedLosses.get(epoch - 1), scores.get(last), 1e-9 * Math.abs(scores.get(last)),
                    session + ": the chart's score after epoch " + epoch + " is the printed loss");
        }

        String dom = chromium(tmp, port, "--dump-dom");
        assertEquals(Integer.toString(params), cell(dom, "nParams"), session + ": the model's parameters");
        assertEquals(Integer.toString(EPOCHS * STEPS_PER_EPOCH), cell(dom, "totalParamUpdates"),
                session + ": the page counts this run's steps");
        String chart = dom.substring(dom.indexOf("id=\"scoreiterchart\""));
        chart = chart.substring(0, chart.indexOf("id=\"hoverdata\""));
        assertTrue(chart.contains("class=\"flot-base\""), "flot drew the score chart: " + chart);
        assertTrue(chart.contains(">score<") && chart.contains(">summary<"), "with its legend: " + chart);
        for (String id : List.of("scoreiterchart", "updateRatioChart", "stdevChart")) {
            String legend = dom.substring(dom.indexOf("id=\"" + id + "\""));
            legend = legend.substring(0, legend.indexOf("</table>") + 1);
            Matcher entry = LEGEND.matcher(legend);
            var colours = new java.util.LinkedHashMap<String, String>();
            while (entry.find()) {
                colours.put(entry.group(2), entry.group(1).strip().toLowerCase(java.util.Locale.ROOT));
            }
            assertTrue(colours.size() >= 2, session + ": " + id + "'s legend: " + legend);
            assertEquals(colours.size(), Set.copyOf(colours.values()).size(),
                    session + ": every series of " + id + " has its own colour: " + colours);
            Set<String> palette = PictureStyle.SERIES.stream().map(c -> String.format(java.util.Locale.ROOT,
                    "rgb(%d,%d,%d)", c.getRed(), c.getGreen(), c.getBlue())).collect(Collectors.toSet());
            assertTrue(palette.containsAll(colours.values()),
                    session + ": " + id + ": every colour is the course's, none derived by flot: " + colours);
        }

        Path png = screenshots.resolve("ui-" + session + ".png");
        Files.deleteIfExists(png);
        chromium(tmp, port, "--screenshot=" + png.toAbsolutePath());
        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(1400, image.getWidth());
        long scorePixels = 0;
        for (int y = 0; y < image.getHeight() / 2; y++) {
            for (int x = 0; x < image.getWidth() * 3 / 4; x++) {
                scorePixels += (image.getRGB(x, y) & 0xFFFFFF) == SCORE_RGB ? 1 : 0;
            }
        }
        assertTrue(scorePixels > 300, session + ": the score line is drawn (" + scorePixels + " pixels)");
    }

    /**
     * Headless Chromium on the overview page, in a fresh profile, with every host but localhost unresolvable so a
     * page that needed the network would come out broken.
     */
    private static String chromium(Path tmp, int port, String action) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory(tmp, "chromium-");
        var process = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile,
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
                "--window-size=1400,1000", "--hide-scrollbars", "--virtual-time-budget=10000", action,
                "http://localhost:" + port + "/train/overview")
                .redirectError(tmp.resolve("chromium.log").toFile()).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "chromium finishes");
        assertEquals(0, process.exitValue(), () -> "chromium failed: " + read(tmp.resolve("chromium.log")));
        return out;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static String cell(String dom, String id) {
        Matcher m = Pattern.compile("<td id=\"" + id + "\">([^<]*)</td>").matcher(dom);
        assertTrue(m.find(), "no cell " + id);
        return m.group(1).strip();
    }

    /** The JSON array {@code "name" : [ ... ]} of numbers in {@code json}. */
    private static List<Double> numbers(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\" : \\[([^\\]]*)\\]").matcher(json);
        assertTrue(m.find(), "no " + name + " in " + json);
        List<Double> values = new ArrayList<>();
        for (String v : m.group(1).split(",")) {
            if (!v.isBlank()) {
                values.add(Double.parseDouble(v.strip()));
            }
        }
        return values;
    }

    private static List<Double> epochLosses(String printed) {
        List<Double> losses = new ArrayList<>();
        Matcher m = EPOCH_LINE.matcher(printed.replace("\r", ""));
        while (m.find()) {
            losses.add(Double.parseDouble(m.group(2)));
        }
        return losses;
    }

    private static String shellQuoted(List<String> words) {
        return words.stream().map(w -> "'" + w.replace("'", "'\\''") + "'").collect(Collectors.joining(" "));
    }

    /** Collects a process's output on a thread of its own, so the test can wait for a line while it runs. */
    private static final class Output {
        private final StringBuffer text = new StringBuffer();

        Output(InputStream in) {
            var reader = new Thread(() -> {
                char[] buffer = new char[8192];
                try (var chars = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    for (int n; (n = chars.read(buffer)) > 0; ) {
                        text.append(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the process ended
                }
            }, "ui-test-output");
            reader.setDaemon(true);
            reader.start();
        }

        String text() {
            return text.toString();
        }

        void await(String marker, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!text().contains(marker)) {
                if (System.nanoTime() > deadline) {
                    fail("no '" + marker + "' within " + timeout + "; output so far:\n" + text());
                }
                Thread.sleep(200);
            }
        }
    }
}
