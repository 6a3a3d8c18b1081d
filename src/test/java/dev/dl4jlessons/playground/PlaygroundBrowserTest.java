package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The playground in Debian's headless Chromium, driven by Selenium through {@code /usr/bin/chromedriver}: each preset
 * is loaded from its link, trained for a few seconds, and checked on the page's own data ({@code window.playground}
 * and what the page shows). Each preset's screenshot is the guide's {@code lessons/img/playground-KEY.png}.
 *
 * <p>Tagged {@code browser}: {@code mvn -B -ntp test -Pbrowser}; {@code .ci/run} installs {@code chromium} and
 * {@code chromium-driver} first.
 */
@Tag("browser")
class PlaygroundBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** Seconds of training per preset, at least. */
    private static final int TRAIN_SECONDS = 8;
    /** The longest wait for a preset's steps on a busy machine. */
    private static final Duration MOST = Duration.ofMinutes(3);

    private static PlaygroundServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver), as "
                    + ".ci/run does");
        }
        server = PlaygroundServer.start(0, new Sessions(8, 2, Duration.ofMinutes(5), Duration.ofSeconds(30)));
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,1000",
                        "--hide-scrollbars", "--disable-background-networking", "--disable-component-update",
                        "--no-first-run", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1");
        var service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (driver != null) {
            driver.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void spiralLossFallsAndTheBoundaryForms() throws Exception {
        var first = open(Preset.SPIRAL);
        var last = train(Preset.SPIRAL, 300);
        double before = number(first.get("testLoss"));
        double after = number(last.get("testLoss"));
        assertTrue(after < before - 0.03, "the spiral's test loss falls: " + before + " -> " + after);
        assertShownLoss(last);
        screenshot(Preset.SPIRAL);
    }

    @Test
    void memorisingTheNoiseOpensAGap() throws Exception {
        open(Preset.MEMORISE_THE_NOISE);
        var last = train(Preset.MEMORISE_THE_NOISE, 100);
        assertShownLoss(last);
        assertTrue(number(last.get("trainLoss")) < number(last.get("testLoss")),
                "the big network fits its training points better than the test points: " + last);
        screenshot(Preset.MEMORISE_THE_NOISE);
    }

    @Test
    void dropoutGreysAboutPOfTheUnits() throws Exception {
        open(Preset.DROPOUT_CLOSES_THE_GAP);
        var last = train(Preset.DROPOUT_CLOSES_THE_GAP, 30);
        assertShownLoss(last);
        @SuppressWarnings("unchecked")
        var stats = (List<Map<String, Object>>) js("return window.playground.maskStats;");
        assertEquals(4, stats.size(), "a mask count per dropout layer: " + stats);
        for (var layer : stats) {
            double seen = number(layer.get("seen"));
            double fraction = number(layer.get("dropped")) / seen;
            assertTrue(seen >= 200, "enough units seen: " + layer);
            assertEquals(0.5, fraction, 0.1, "the fraction of greyed units is near p = 0.5: " + layer);
        }
        long greyNow = (Long) js("return document.querySelectorAll('canvas.unit.dropped').length;");
        assertTrue(greyNow > 0 && greyNow < 128, "some, not all, unit pictures greyed: " + greyNow);
        screenshot(Preset.DROPOUT_CLOSES_THE_GAP);
    }

    @Test
    void batchNormTrainsAndTogglingItChangesTheConfiguration() throws Exception {
        open(Preset.BN_LETS_A_HIGH_LEARNING_RATE_TRAIN);
        var last = train(Preset.BN_LETS_A_HIGH_LEARNING_RATE_TRAIN, 40);
        assertShownLoss(last);
        screenshot(Preset.BN_LETS_A_HIGH_LEARNING_RATE_TRAIN);
        String java = driver.findElement(By.id("java")).getText();
        assertEquals(6, count(java, "BatchNormalization"), java);
        driver.findElement(By.cssSelector("#layers tbody tr:first-child .batchNorm")).click();
        new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> !d.findElement(By.id("java")).getText()
                .equals(java));
        String toggled = driver.findElement(By.id("java")).getText();
        assertNotEquals(java, toggled);
        assertEquals(5, count(toggled, "BatchNormalization"), "one batch norm fewer: " + toggled);
        assertTrue(driver.getCurrentUrl().contains("batchNorm=false,true,true,true,true,true"),
                "the URL holds the new state: " + driver.getCurrentUrl());
    }

    @Test
    void dropoutBeforeBatchNormShowsTheVarianceShift() throws Exception {
        open(Preset.DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT);
        var last = train(Preset.DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT, 150);
        assertShownLoss(last);
        @SuppressWarnings("unchecked")
        var bn = (List<Map<String, Object>>) last.get("batchNorm");
        for (var layer : bn) {
            double running = mean(layer.get("runningStd"));
            double atTest = mean(layer.get("testStd"));
            assertTrue(running > 1.15 * atTest, "the running std, learned with dropout on, exceeds the std at test "
                    + "time: " + running + " vs " + atTest);
        }
        assertFalse(driver.findElement(By.id("batchnorm")).getText().isBlank());
        screenshot(Preset.DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT);
    }

    /** Opens the preset's link and waits for the first state; returns it. */
    private static Map<String, Object> open(Preset preset) {
        driver.get(server.url() + "?preset=" + preset.key());
        new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> number(js(
                "return window.playground ? window.playground.states : 0;")) >= 1);
        assertEquals("", js("return window.playground.error || '';"), "no error on the page");
        assertTrue(driver.getCurrentUrl().contains("units="), "the URL holds the whole state: "
                + driver.getCurrentUrl());
        return state();
    }

    /**
     * Presses play, trains for {@link #TRAIN_SECONDS} and at least {@code steps} steps (a busy machine trains
     * slower), presses pause, and returns the last state.
     */
    private static Map<String, Object> train(Preset preset, int steps) throws InterruptedException {
        driver.findElement(By.id("play")).click();
        long statesBefore = (Long) js("return window.playground.states;");
        Thread.sleep(TRAIN_SECONDS * 1000L);
        new WebDriverWait(driver, MOST).until(d -> number(js("return window.playground.lastState.step;")) >= steps);
        driver.findElement(By.id("pause")).click();
        Thread.sleep(500);
        long states = (Long) js("return window.playground.states;");
        assertTrue(states - statesBefore >= 5, preset.key() + ": the page kept updating: " + states);
        var last = state();
        assertTrue(number(last.get("step")) > 0, preset.key() + ": it trained: " + last.get("step"));
        return last;
    }

    /** The test loss the page shows is the one its data holds. */
    private static void assertShownLoss(Map<String, Object> state) {
        double loss = number(state.get("testLoss"));
        assertTrue(Double.isFinite(loss) && loss > 0, "a test loss: " + loss);
        assertEquals(String.format(Locale.ROOT, "%.4f", loss), driver.findElement(By.id("testLoss")).getText());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> state() {
        return (Map<String, Object>) js("return window.playground.lastState;");
    }

    private static Object js(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    private static double number(Object o) {
        return ((Number) o).doubleValue();
    }

    private static double mean(Object list) {
        return ((List<?>) list).stream().mapToDouble(o -> ((Number) o).doubleValue()).average().orElseThrow();
    }

    private static int count(String text, String word) {
        return text.split(word, -1).length - 1;
    }

    /** The page as the guide shows it: {@code lessons/img/playground-KEY.png}. */
    private static void screenshot(Preset preset) throws Exception {
        File shot = driver.getScreenshotAs(OutputType.FILE);
        Path img = ProjectFiles.requireRoot().resolve("lessons/img/playground-" + preset.key() + ".png");
        Files.copy(shot.toPath(), img, StandardCopyOption.REPLACE_EXISTING);
    }
}
