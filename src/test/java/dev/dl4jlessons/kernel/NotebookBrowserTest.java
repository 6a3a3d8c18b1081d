package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.Ports;

/**
 * The notebook in a browser, as a student opens it: Debian's classic notebook server on 127.0.0.1 with the course's
 * kernel, the page in headless Chromium, the dropout lesson's two cells run from the page's own notebook API, and
 * the epoch lines read back from the page.
 *
 * <p>Tagged {@code browser}: {@code mvn -B -ntp test -Pbrowser} runs it, after {@code .ci/run} has installed Debian's
 * {@code chromium} and {@code jupyter-notebook}. Chromium is driven over its DevTools protocol on a loopback port;
 * every other host name resolves to nothing, so the page can reach only the local server.
 */
@Tag("browser")
class NotebookBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aTrainingCellRunFromThePageShowsItsEpochLines(@TempDir Path tmp) throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            fail(CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run does");
        }
        NotebookKernelTest.requireJupyter();
        Path root = ProjectFiles.requireRoot();
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString(),
                "JUPYTER_CONFIG_DIR", tmp.resolve("config").toString(),
                "JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
        NotebookKernelTest.install(tmp, env);
        Path served = Files.createDirectories(tmp.resolve("served"));
        // a copy, so that the server's autosave never touches the committed notebook
        Files.copy(root.resolve(NotebookKernelTest.NOTEBOOK), served.resolve("regularization.ipynb"));
        String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        int port = Ports.free();
        var serverBuilder = new ProcessBuilder(NotebookKernelTest.JUPYTER.toString(), "notebook", "--no-browser",
                "--ip=127.0.0.1", "--port=" + port, "--port-retries=0", "--allow-root", "--NotebookApp.token=" + token,
                "--notebook-dir=" + served).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("server.log").toFile());
        serverBuilder.environment().putAll(env);
        Process server = serverBuilder.start();
        Process chromium = null;
        try {
            String base = "http://127.0.0.1:" + port;
            awaitHttp(base + "/api/status?token=" + token, Duration.ofSeconds(60), server, tmp.resolve("server.log"));
            int devtools = Ports.free();
            chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                    "--disable-quic", "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync",
                    "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium")),
                    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                    "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=" + devtools,
                    "--remote-allow-origins=*", "--window-size=1400,1000",
                    base + "/notebooks/regularization.ipynb?token=" + token)
                    .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile()).start();
            String pages = awaitHttp("http://127.0.0.1:" + devtools + "/json", Duration.ofSeconds(60), chromium,
                    tmp.resolve("chromium.log"));
            String socket = null;
            for (JsonNode page : JSON.readTree(pages)) {
                if (page.path("type").asText().equals("page")) {
                    socket = page.get("webSocketDebuggerUrl").asText();
                }
            }
            assertTrue(socket != null, "a page to drive: " + pages);
            try (var page = new DevTools(socket)) {
                page.await("typeof Jupyter !== 'undefined' && Jupyter.notebook !== undefined"
                        + " && Jupyter.notebook.kernel != null && Jupyter.notebook.kernel.is_connected()",
                        Duration.ofSeconds(120));
                assertEquals("Java (DL4J course)", page.evaluate("Jupyter.notebook.kernel_selector.current_selection"
                        + " === 'dl4j-course' ? 'Java (DL4J course)' : Jupyter.notebook.kernel_selector"
                        + ".current_selection"));
                assertEquals("cleared", page.evaluate("Jupyter.notebook.clear_all_output(), 'cleared'"));
                String index = page.evaluate("String(Jupyter.notebook.get_cells().findIndex(c => c.cell_type === "
                        + "'code' && c.get_text().startsWith('var dropoutRuns')))");
                int run = Integer.parseInt(index);
                assertTrue(run > 0, "the dropout run cell");
                assertEquals("", page.evaluate("Jupyter.notebook.get_cell(" + run + ").output_area.element[0]"
                        + ".innerText"), "the committed outputs are cleared before the run");
                assertEquals("started", page.evaluate("Jupyter.notebook.execute_cells([" + (run - 1) + ", " + run
                        + "]), 'started'"));
                page.await("Jupyter.notebook.get_cell(" + run + ").element[0].innerText.includes('Epoch 5, Loss:')",
                        Duration.ofSeconds(300));
                String text = page.evaluate("Jupyter.notebook.get_cell(" + run + ").output_area.element[0].innerText");
                List<String> epochs = text.lines().filter(l -> l.matches("Epoch [1-5], Loss: \\S+.*")).toList();
                assertEquals(5, epochs.size(), text);
                assertTrue(text.contains("dropout: Dense(10→50, relu)"), text);
            }
        } finally {
            if (chromium != null) {
                chromium.destroy();
                chromium.waitFor(10, TimeUnit.SECONDS);
            }
            server.destroy(); // SIGTERM: the server shuts its kernels down
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    /** The body of the first 200 answer from {@code url}, polled until {@code timeout} while {@code process} lives. */
    private static String awaitHttp(String url, Duration timeout, Process process, Path log) throws Exception {
        var client = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                fail(process.info().command().orElse("the process") + " ended before " + url + " answered: "
                        + Files.readString(log));
            }
            try {
                var response = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response.body();
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        fail(url + " did not answer within " + timeout + ": " + Files.readString(log));
        return null;
    }

    /** Chromium's DevTools protocol over its WebSocket: just {@code Runtime.evaluate}. */
    private static final class DevTools implements WebSocket.Listener, AutoCloseable {
        private final WebSocket socket;
        private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
        private final AtomicInteger ids = new AtomicInteger();
        private final StringBuilder partial = new StringBuilder();

        DevTools(String url) {
            socket = HttpClient.newHttpClient().newWebSocketBuilder().buildAsync(URI.create(url), this).join();
        }

        /** The string value of a page expression. */
        String evaluate(String expression) throws Exception {
            int id = ids.incrementAndGet();
            var answer = new CompletableFuture<JsonNode>();
            pending.put(id, answer);
            var message = JSON.createObjectNode().put("id", id).put("method", "Runtime.evaluate");
            message.putObject("params").put("expression", expression).put("returnByValue", true);
            socket.sendText(JSON.writeValueAsString(message), true).join();
            JsonNode result = answer.get(60, TimeUnit.SECONDS);
            JsonNode exception = result.path("result").path("exceptionDetails");
            if (!exception.isMissingNode()) {
                return "exception: " + exception;
            }
            return result.path("result").path("result").path("value").asText();
        }

        /** Polls a page condition until it is true. */
        void await(String condition, Duration timeout) throws Exception {
            long deadline = System.nanoTime() + timeout.toNanos();
            String last = "";
            while (System.nanoTime() < deadline) {
                last = evaluate("String(" + condition + ")");
                if (last.equals("true")) {
                    return;
                }
                Thread.sleep(500);
            }
            fail("the page never got to " + condition + " (last: " + last + "); page text: "
                    + evaluate("document.body.innerText").substring(0, 2000));
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    JsonNode message = JSON.readTree(partial.toString());
                    var answer = pending.remove(message.path("id").asInt(-1));
                    if (answer != null) {
                        answer.complete(message);
                    }
                } catch (IOException e) {
                    // an event we did not ask for
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
    }
}
