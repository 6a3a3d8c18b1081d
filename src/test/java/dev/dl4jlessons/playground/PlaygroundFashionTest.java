package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.TestData;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The playground on Fashion-MNIST, with the course's sample ({@code test-data/fashion-mnist-sample}: 2,000 training and
 * 500 test images): the subset is class-balanced and seeded, the page's MLP learns it, the state carries the test
 * images' predictions and a 28×28 picture per unit, and absent or short data is one line, on the server too.
 */
class PlaygroundFashionTest {
    private static final Path SAMPLE = TestData.file("fashion-mnist-sample");

    /**
     * Fashion-MNIST with {@code points} images, {@code trainPercent} of them for training: ReLU, Adam at 0.003, batch
     * 20, seed 1, as the guide's link ({@code PlaygroundBrowserTest.FASHION_URL}) sets them.
     */
    private static PlaygroundSettings fashion(int points, int trainPercent, List<Integer> units, List<Double> dropout) {
        var d = PlaygroundSettings.defaults();
        return new PlaygroundSettings(Problem.FASHION, 0, trainPercent, points, 20, units, dropout,
                units.stream().map(u -> false).toList(), d.placement(), PlaygroundSettings.Act.RELU,
                PlaygroundSettings.Optimizer.ADAM, 0.003, 0, 1, 50);
    }

    @Test
    void theSubsetIsClassBalancedSeededAndScaled() {
        var source = PlaygroundFashion.at(SAMPLE);
        var s = fashion(400, 50, List.of(8), List.of(0.0));
        var data = PlaygroundData.of(s, source);
        assertEquals(200, data.trainRows());
        assertEquals(400, data.features().length);
        int[] trainCounts = new int[10];
        int[] testCounts = new int[10];
        for (int i = 0; i < data.features().length; i++) {
            assertEquals(FashionMnist.PIXELS, data.features()[i].length);
            for (float x : data.features()[i]) {
                assertTrue(x >= 0 && x <= 1, "a pixel in [0, 1]: " + x);
            }
            assertEquals(1f, sum(data.targets()[i]), "one-hot");
            (i < data.trainRows() ? trainCounts : testCounts)[data.label(i)]++;
        }
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, trainCounts, "class-balanced");
        assertArrayEquals(new int[] {20, 20, 20, 20, 20, 20, 20, 20, 20, 20}, testCounts, "class-balanced");
        var again = PlaygroundData.of(s, source);
        assertArrayEquals(data.features()[123], again.features()[123], "the same seed, the same images");
        var other = PlaygroundData.of(new PlaygroundSettings(Problem.FASHION, 0, 50, 400, 20, List.of(8), List.of(0.0),
                List.of(false), s.placement(), s.activation(), s.optimizer(), s.learningRate(), 0, 2, 50), source);
        assertFalse(java.util.Arrays.equals(data.features()[0], other.features()[0]), "another seed, other images");
    }

    private static float sum(float[] row) {
        float s = 0;
        for (float x : row) {
            s += x;
        }
        return s;
    }

    @Test
    void absentOrShortDataIsOneLine(@TempDir Path empty) {
        var absent = PlaygroundFashion.absent();
        assertFalse(absent.available());
        assertTrue(absent.unavailableReason().contains("apt-get install dataset-fashion-mnist"));
        var s = fashion(400, 50, List.of(8), List.of(0.0));
        var e = assertThrows(InputException.class, () -> new Session(s, absent));
        assertTrue(e.getMessage().startsWith("problem fashion: Fashion-MNIST is not installed here"), e.getMessage());
        absent.require(PlaygroundSettings.defaults());  // the other problems need no files

        var noFiles = assertThrows(InputException.class, () -> PlaygroundFashion.locate(empty));
        assertTrue(noFiles.getMessage().startsWith("--fashion-dir ") && noFiles.getMessage().contains(
                "train-images-idx3-ubyte.gz is missing"), noFiles.getMessage());
        var noFolder = assertThrows(InputException.class, () -> PlaygroundFashion.locate(empty.resolve("nope")));
        assertTrue(noFolder.getMessage().contains("no such folder"), noFolder.getMessage());

        // the sample holds 500 test images: 900 are refused, naming the settings
        var sample = PlaygroundFashion.locate(SAMPLE);
        assertTrue(sample.available());
        assertNull(sample.unavailableReason());
        var tooMany = assertThrows(InputException.class, () -> sample.require(fashion(1000, 10, List.of(8),
                List.of(0.0))));
        assertEquals("points 1000 with trainPercent 10: 900 test images; the Fashion-MNIST files here hold 500; raise "
                + "trainPercent or lower points", tooMany.getMessage());
    }

    @Test
    void aDamagedFileIsOneLineAndTheDataIsThenShownAsUnavailable(@TempDir Path dir) throws IOException {
        for (String name : FashionMnist.FILES) {
            Files.copy(SAMPLE.resolve(name), dir.resolve(name));
        }
        Files.write(dir.resolve(FashionMnist.TEST_LABELS), new byte[] {0x1f, (byte) 0x8b, 8, 0});
        var source = PlaygroundFashion.at(dir);
        assertTrue(source.available(), "not read yet");
        var e = assertThrows(InputException.class, () -> source.require(fashion(400, 50, List.of(8), List.of(0.0))));
        assertTrue(e.getMessage().startsWith("problem fashion: ") && e.getMessage().contains(
                FashionMnist.TEST_LABELS), e.getMessage());
        assertFalse(source.available());
        assertEquals(e.getMessage(), source.unavailableReason());
    }

    @Test
    void theMlpLearnsTheImagesAndTheStateShowsPredictionsAndUnitPictures() {
        var s = fashion(1000, 70, List.of(32, 16), List.of(0.5, 0.0));
        var session = new Session(s, PlaygroundFashion.at(SAMPLE));
        var first = session.snapshot(false);
        for (int i = 0; i < 350; i++) {  // 10 epochs of 35 steps
            session.step(i % 10 == 9);
        }
        var last = session.snapshot(false);
        System.out.printf(Locale.ROOT, "fashion (700 train, 300 test, 784-32(dropout 0.5)-16-10, Adam 0.003, batch 20): "
                + "test loss %.4f -> %.4f, test accuracy %.3f -> %.3f, train accuracy %.3f after %d epochs%n",
                first.getDouble("testLoss"), last.getDouble("testLoss"), first.getDouble("testAccuracy"),
                last.getDouble("testAccuracy"), last.getDouble("trainAccuracy"), last.getLong("epoch"));
        assertEquals(10, last.getLong("epoch"));
        assertTrue(last.getDouble("testLoss") < first.getDouble("testLoss") - 0.5, "the test loss falls");
        assertTrue(last.getDouble("testAccuracy") > 0.6, "well above chance (0.1): " + last.getDouble("testAccuracy"));

        var data = session.points();
        assertEquals("fashion", data.getString("problem"));
        assertEquals(FashionMnist.CLASS_NAMES, data.getJsonArray("classes").getList());
        JsonArray images = data.getJsonArray("images");
        assertEquals(Session.SHOWN_IMAGES, images.size());
        JsonArray predictions = last.getJsonArray("predictions");
        assertEquals(images.size(), predictions.size());
        int right = 0;
        for (int i = 0; i < images.size(); i++) {
            JsonObject image = images.getJsonObject(i);
            assertEquals(FashionMnist.PIXELS, Base64.getDecoder().decode(image.getString("pixels")).length);
            int guess = predictions.getInteger(i);
            assertTrue(guess >= 0 && guess < 10);
            right += guess == image.getInteger("label") ? 1 : 0;
        }
        assertTrue(right > images.size() / 3, "most shown images are right after training: " + right);

        JsonArray units = last.getJsonArray("units");
        assertEquals(2, units.size(), "a picture row per hidden layer");
        assertEquals(32, units.getJsonArray(0).size());
        assertEquals(16, units.getJsonArray(1).size());
        for (Object layer : units) {
            for (Object p : (JsonArray) layer) {
                var picture = (JsonObject) p;
                assertEquals(FashionMnist.PIXELS, Base64.getDecoder().decode(picture.getString("values")).length,
                        "a 28x28 tile");
            }
        }
        var weights = units.getJsonArray(0).getJsonObject(0);
        assertEquals(-weights.getDouble("max"), weights.getDouble("min"), "weights on a scale symmetric about 0");
        String mask = last.getJsonArray("dropped").getString(0);
        assertEquals(32, mask.length(), "the first layer's dropout mask, one per unit");
        assertNull(last.getJsonArray("dropped").getValue(1), "no dropout in the second layer");
    }

    @Test
    void theServerOffersFashionOnlyWithItsFilesAndRefusesTooManyImages() throws Exception {
        try (var without = PlaygroundServer.start(0, new Sessions(2, 1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                PlaygroundFashion.absent()))) {
            var problems = new JsonArray(PlaygroundServerTest.raw(without.port(), "GET /api/problems HTTP/1.1\r\n\r\n",
                    null).body());
            var fashion = problems.getJsonObject(problems.size() - 1);
            assertEquals("fashion", fashion.getString("key"));
            assertFalse(fashion.getBoolean("available"));
            assertEquals(PlaygroundFashion.HOW_TO_GET, fashion.getString("reason"));
            var refused = PlaygroundServerTest.post(without.port(), "/api/sessions", "{\"problem\":\"fashion\"}");
            assertEquals(400, refused.status());
            assertTrue(refused.body().contains("apt-get install dataset-fashion-mnist"), refused.body());
        }
        try (var server = PlaygroundServer.start(0, new Sessions(2, 1, Duration.ofMinutes(5), Duration.ofSeconds(30),
                PlaygroundFashion.at(SAMPLE)))) {
            var problems = new JsonArray(PlaygroundServerTest.raw(server.port(), "GET /api/problems HTTP/1.1\r\n\r\n",
                    null).body());
            assertTrue(problems.getJsonObject(problems.size() - 1).getBoolean("available"));
            var tooMany = PlaygroundServerTest.post(server.port(), "/api/sessions",
                    "{\"problem\":\"fashion\",\"points\":1000,\"trainPercent\":10}");
            assertEquals(400, tooMany.status());
            assertTrue(tooMany.body().startsWith("points 1000 with trainPercent 10: 900 test images"), tooMany.body());
            var made = PlaygroundServerTest.post(server.port(), "/api/sessions",
                    "{\"problem\":\"fashion\",\"points\":300,\"units\":[8]}");
            assertEquals(201, made.status(), made.body());
            var json = new JsonObject(made.body());
            assertTrue(json.getString("java").contains("InputType.feedForward(784)")
                    && json.getString("java").contains("nOut(10).activation(Activation.SOFTMAX)"), json.getString("java"));
            String id = json.getString("id");
            var changed = PlaygroundServerTest.post(server.port(), "/api/sessions/" + id + "/settings",
                    "{\"problem\":\"fashion\",\"points\":1000,\"trainPercent\":20}");
            assertEquals(400, changed.status(), "a change is checked too: " + changed.body());
            assertTrue(changed.body().contains("800 test images"), changed.body());
            try (var page = new SseClient(server.port(), id)) {
                long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while ((page.lastData == null || page.lastState == null) && System.nanoTime() < end) {
                    Thread.sleep(50);
                }
                assertEquals(Session.SHOWN_IMAGES, page.lastData.getJsonArray("images").size());
                assertEquals(Session.SHOWN_IMAGES, page.lastState.getJsonArray("predictions").size());
            }
        }
    }
}
