package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
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

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.TestData;

/**
 * The playground in Debian's headless Chromium, driven by Selenium through {@code /usr/bin/chromedriver}: each preset
 * is loaded from its link, and Fashion-MNIST (the course's sample) from its URL, trained for a few seconds, and checked
 * on the page's own data ({@code window.playground} and what the page shows).
 *
 * <p>Each run saves a screenshot per preset, {@code playground-KEY.png}, into {@code target/playground-screenshots/}.
 * The guide's pictures are refreshed only on request, by naming their folder (relative to the project root):
 * {@code mvn -B test -Pbrowser -Dtest='PlaygroundBrowserTest' -Dcourse.playground.screenshots=lessons/img}.
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
    /** The system property naming the folder the screenshots go to, relative to the project root. */
    static final String SCREENSHOTS = "course.playground.screenshots";
    /** Where the screenshots go unless {@value #SCREENSHOTS} says otherwise. */
    static final String DEFAULT_SCREENSHOTS = "target/playground-screenshots";
    /** The Fashion-MNIST screenshot's name. */
    static final String FASHION_SHOT = "fashion";
    /** The page on Fashion-MNIST, as the guide links it: 700 training and 300 test images, dropout in layer 1. */
    static final String FASHION_URL = "?problem=fashion&points=1000&trainPercent=70&batchSize=20&units=32,16"
            + "&dropout=0.5,0&batchNorm=false,false&activation=relu&optimizer=adam&learningRate=0.003"
            + "&stepsPerSecond=100";

    private static PlaygroundServer server;
    private static ChromeDriver driver;

    @BeforeAll
    static void start() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("install Debian's chromium and chromium-driver (apt-get install -y chromium chromium-driver), as "
                    + ".ci/run does");
        }
        server = PlaygroundServer.start(0, new Sessions(8, 2, Duration.ofMinutes(5), Duration.ofSeconds(30),
                PlaygroundFashion.at(TestData.file("fashion-mnist-sample"))));
        var options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1500,1100",
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

    @Test
    void fashionMnistLearnsAboveChanceAndShowsItsImagesAndUnits() throws Exception {
        var first = open(FASHION_URL);
        assertEquals("fashion", js("return window.playground.settings.problem;"));
        assertTrue(driver.findElement(By.id("boundary")).getAttribute("hidden") != null, "no 2-D boundary");
        var last = train("fashion", 200);
        assertShownLoss(last);
        double before = number(first.get("testLoss"));
        double after = number(last.get("testLoss"));
        double accuracy = number(last.get("testAccuracy"));
        System.out.printf(Locale.ROOT, "fashion in the page: test loss %.4f -> %.4f, test accuracy %.3f after %s "
                + "steps%n", before, after, accuracy, last.get("step"));
        assertTrue(after < before - 0.3, "the test loss falls: " + before + " -> " + after);
        assertTrue(accuracy > 0.3, "test accuracy above chance (0.1): " + accuracy);
        String shown = driver.findElement(By.id("accuracy")).getText();  // "· test accuracy 66.7%"
        assertEquals(accuracy * 100, Double.parseDouble(shown.replaceAll(".*accuracy ([0-9.]+)%.*", "$1")), 0.051,
                "the page reports the accuracy it holds: " + shown);
        @SuppressWarnings("unchecked")
        var images = (Map<String, Object>) js("return window.playground.images;");
        assertEquals(24L, images.get("shown"));
        long shownRight = (Long) js("return document.querySelectorAll('#images .image.right').length;");
        long shownWrong = (Long) js("return document.querySelectorAll('#images .image.wrong').length;");
        assertEquals(images.get("right"), shownRight, "green frames are the right guesses");
        assertEquals(24L, shownRight + shownWrong);
        long tiles = (Long) js("return document.querySelectorAll('#units .layer-units:first-child canvas.unit.tile')"
                + ".length;");
        assertEquals(32, tiles, "a 28x28 weight tile per first-layer unit");
        @SuppressWarnings("unchecked")
        var stats = (List<Map<String, Object>>) js("return window.playground.maskStats;");
        double fraction = number(stats.get(0).get("dropped")) / number(stats.get(0).get("seen"));
        assertEquals(0.5, fraction, 0.15, "about p of the first layer's tiles greyed: " + stats.get(0));
        screenshot(FASHION_SHOT);
    }

    @Test
    void withoutItsFilesFashionIsOfferedDisabledWithHowToGetThem() throws Exception {
        try (var bare = PlaygroundServer.start(0, new Sessions(2, 1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                PlaygroundFashion.absent()))) {
            driver.get(bare.url());
            new WebDriverWait(driver, Duration.ofSeconds(60)).until(d -> number(js(
                    "return window.playground ? window.playground.states : 0;")) >= 1);
            var option = driver.findElement(By.cssSelector("#problem option[value=fashion]"));
            assertFalse(option.isEnabled(), "the option is disabled");
            String note = driver.findElement(By.id("problem-note")).getText();
            assertTrue(note.contains("apt-get install dataset-fashion-mnist") && note.contains("--fashion-dir"), note);
        }
    }

    /** Opens the preset's link and waits for the first state; returns it. */
    private static Map<String, Object> open(Preset preset) {
        return open("?preset=" + preset.key());
    }

    /** Opens the page at {@code query} and waits for the first state; returns it. */
    private static Map<String, Object> open(String query) {
        driver.get(server.url() + query);
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
        return train(preset.key(), steps);
    }

    private static Map<String, Object> train(String name, int steps) throws InterruptedException {
        driver.findElement(By.id("play")).click();
        long statesBefore = (Long) js("return window.playground.states;");
        Thread.sleep(TRAIN_SECONDS * 1000L);
        new WebDriverWait(driver, MOST).until(d -> number(js("return window.playground.lastState.step;")) >= steps);
        driver.findElement(By.id("pause")).click();
        Thread.sleep(500);
        long states = (Long) js("return window.playground.states;");
        assertTrue(states - statesBefore >= 5, name + ": the page kept updating: " + states);
        var last = state();
        assertTrue(number(last.get("step")) > 0, name + ": it trained: " + last.get("step"));
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

    private static void screenshot(Preset preset) {
        screenshot(preset.key());
    }

    /**
     * The page as the guide shows it, {@code playground-NAME.png}, in {@link #screenshotFolder()}: a committed
     * picture changes only when a run is asked to write there.
     */
    private static void screenshot(String name) {
        byte[] png = driver.getScreenshotAs(OutputType.BYTES);
        Path root = ProjectFiles.requireRoot();
        AtomicFiles.writeUnder(root, screenshotFolder().resolve("playground-" + name + ".png"), out -> out.write(png));
    }

    /** {@value #DEFAULT_SCREENSHOTS}, or the folder {@value #SCREENSHOTS} names, under the project root. */
    static Path screenshotFolder() {
        String chosen = System.getProperty(SCREENSHOTS, "").strip();
        return ProjectFiles.requireRoot().resolve(chosen.isEmpty() ? DEFAULT_SCREENSHOTS : chosen).normalize();
    }
}
