package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * The notebook in a browser, as a student opens it with {@code notebook --open}: in a git repository holding the
 * committed notebook and the real {@code .gitignore}, the student's copy is made by {@link NotebookCopy} and served
 * by Debian's classic notebook server, rooted at the repository as {@code --open} starts it, on 127.0.0.1 with the
 * course's kernel; the page in headless Chromium. Every picture on the page has loaded (none is broken), the dropout
 * lesson's definition cell is edited and its two cells are run from the page's own notebook API, the epoch lines are
 * read back from the page, and after saving (and a checkpoint) {@code git status} is still clean. In a notebook of
 * its own, a long training cell with the live progress line is stopped by the toolbar's stop button: the kernel goes
 * idle, the cell says where training stopped, and the progress line stays at that epoch.
 *
 * <p>Tagged {@code browser}: {@code mvn -B -ntp test -Pbrowser} runs it, after {@code .ci/run} has installed Debian's
 * {@code chromium} and {@code jupyter-notebook}. Chromium is driven over its DevTools protocol on a loopback port;
 * every other host name resolves to nothing, so the page can reach only the local server.
 */
@Tag("browser")
class NotebookBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Epochs of the cell the stop button stops: far more than the test waits for. */
    private static final int STOP_EPOCHS = 100_000;
    /** The live progress line of the dropout model, as {@link Live} writes it. */
    private static final java.util.regex.Pattern PROGRESS = java.util.regex.Pattern.compile(
            "dropout: epoch (\\d+) of (\\d+), loss \\S+, [\\d.]+ s");
    /** The line the kernel prints when the stop button stopped training. */
    private static final java.util.regex.Pattern STOPPED = java.util.regex.Pattern.compile(
            "dropout: training stopped at epoch (\\d+), step (\\d+) \\(interrupted\\)");

    /** Jupyter's folders for a test: all in {@code tmp}, never the user's. */
    private static Map<String, String> jupyterEnv(Path tmp) {
        return Map.of("JUPYTER_DATA_DIR", tmp.resolve("data").toString(),
                "JUPYTER_CONFIG_DIR", tmp.resolve("config").toString(),
                "JUPYTER_RUNTIME_DIR", tmp.resolve("runtime").toString());
    }

    @Test
    void aTrainingCellRunFromThePageShowsItsEpochLines(@TempDir Path tmp) throws Exception {
        NotebookKernelTest.requireJupyter();
        Path root = ProjectFiles.requireRoot();
        Map<String, String> env = jupyterEnv(tmp);
        NotebookKernelTest.install(tmp, env);
        // a repository as a student's clone has it: the committed notebook and the real .gitignore, committed
        Path repo = Files.createDirectories(tmp.resolve("repo"));
        Files.createDirectories(repo.resolve("notebooks-equivalent"));
        Files.copy(root.resolve(NotebookCopy.GENERATED), repo.resolve(NotebookCopy.GENERATED));
        Files.copy(root.resolve(".gitignore"), repo.resolve(".gitignore"));
        git(repo, "init", "-q");
        git(repo, "add", "-A");
        git(repo, "-c", "user.name=test", "-c", "user.email=test@localhost", "commit", "-q", "-m", "clone");
        byte[] generated = Files.readAllBytes(repo.resolve(NotebookCopy.GENERATED));
        var copy = NotebookCopy.prepare(repo);
        assertTrue(copy.created());
        int pictures = attachments(repo.resolve(NotebookCopy.GENERATED));
        assertTrue(pictures >= 8, "the lesson pictures are cell attachments: " + pictures);
        List<String> command = new java.util.ArrayList<>(NotebookCopy.jupyter(repo, copy.file(), true));
        try (var browser = Browser.open(command, repo, env, tmp, NotebookCopy.COPY)) {
            var page = browser.page();
            page.await("typeof Jupyter !== 'undefined' && Jupyter.notebook !== undefined"
                    + " && Jupyter.notebook.kernel != null && Jupyter.notebook.kernel.is_connected()",
                    Duration.ofSeconds(120));
            assertEquals("Java (DL4J course)", page.evaluate("Jupyter.notebook.kernel_selector.current_selection"
                    + " === 'dl4j-course' ? 'Java (DL4J course)' : Jupyter.notebook.kernel_selector"
                    + ".current_selection"));
            // every picture, the cells' attachments and the charts in the outputs, has loaded: none is broken
            page.await("document.querySelectorAll('.text_cell_render img').length >= " + pictures
                    + " && Array.from(document.images).every(i => i.complete)", Duration.ofSeconds(60));
            assertEquals("0", page.evaluate("String(Array.from(document.images).filter(i => !(i.naturalWidth > 0))"
                    + ".length)"), "broken images: " + page.evaluate("Array.from(document.images)"
                    + ".filter(i => !(i.naturalWidth > 0)).map(i => i.alt + ' ' + i.src.slice(0, 80)).join('; ')"));
            assertEquals(String.valueOf(pictures), page.evaluate("String(document.querySelectorAll("
                    + "'.text_cell_render img').length)"), "one picture per attachment, all shown");
            assertEquals("cleared", page.evaluate("Jupyter.notebook.clear_all_output(), 'cleared'"));
            String index = page.evaluate("String(Jupyter.notebook.get_cells().findIndex(c => c.cell_type === "
                    + "'code' && c.get_text().startsWith('var dropoutRuns')))");
            int run = Integer.parseInt(index);
            assertTrue(run > 0, "the dropout run cell");
            assertEquals("", page.evaluate("Jupyter.notebook.get_cell(" + run + ").output_area.element[0]"
                    + ".innerText"), "the committed outputs are cleared before the run");
            // the student's edit: a comment added to the lesson's configuration cell
            assertEquals("edited", page.evaluate("(c => (c.set_text(c.get_text() + '\\n// my edit'), 'edited'))"
                    + "(Jupyter.notebook.get_cell(" + (run - 1) + "))"));
            assertEquals("started", page.evaluate("Jupyter.notebook.execute_cells([" + (run - 1) + ", " + run
                    + "]), 'started'"));
            page.await("Jupyter.notebook.get_cell(" + run + ").element[0].innerText.includes('Epoch 5, Loss:')",
                    Duration.ofSeconds(300));
            String text = page.evaluate("Jupyter.notebook.get_cell(" + run + ").output_area.element[0].innerText");
            List<String> epochs = text.lines().filter(l -> l.matches("Epoch [1-5], Loss: \\S+.*")).toList();
            assertEquals(5, epochs.size(), text);
            assertTrue(text.contains("dropout: Dense(10→50, relu)"), text);
            // saved, with a checkpoint, as Jupyter's autosave and the save button do
            page.evaluate("Jupyter.notebook.save_checkpoint(), 'saving'");
            page.await("Jupyter.notebook.dirty === false", Duration.ofSeconds(60));
            Path checkpoints = repo.resolve("notebooks-equivalent/.ipynb_checkpoints");
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!Files.readString(copy.file()).contains("// my edit") && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertTrue(Files.readString(copy.file()).contains("// my edit"), "the edit was saved into the copy");
            assertTrue(Files.isDirectory(checkpoints), "Jupyter made its checkpoint folder");
            assertArrayEquals(generated, Files.readAllBytes(repo.resolve(NotebookCopy.GENERATED)),
                    "the committed notebook is untouched");
            assertEquals("", git(repo, "status", "--porcelain", "--untracked-files=all"),
                    "git status after editing, running and saving");
        }
    }

    @Test
    void theStopButtonStopsTrainingAndTheProgressLineShowsWhere(@TempDir Path tmp) throws Exception {
        NotebookKernelTest.requireJupyter();
        Map<String, String> env = jupyterEnv(tmp);
        NotebookKernelTest.install(tmp, env);
        // a notebook of the test's own, in a temporary folder: one cell that trains far longer than the test waits
        Path folder = Files.createDirectories(tmp.resolve("notebooks"));
        String cell = "var runs = dev.dl4jlessons.kernel.Live.train(dev.dl4jlessons.lessons.LessonCatalog.notebook()"
                + ".stream().filter(l -> l.name().equals(\"dropout\")).toList(),\n"
                + "        dev.dl4jlessons.harness.Settings.NOTEBOOK.withEpochs(" + STOP_EPOCHS + "));";
        var notebook = JSON.createObjectNode().put("nbformat", 4).put("nbformat_minor", 5);
        var kernelspec = notebook.putObject("metadata").putObject("kernelspec");
        kernelspec.put("name", KernelSpec.NAME).put("display_name", CourseKernel.DISPLAY_NAME)
                .put("language", CourseKernel.LANGUAGE);
        var code = notebook.putArray("cells").addObject();
        code.put("cell_type", "code").put("id", "train").putNull("execution_count");
        code.put("source", cell);
        code.putObject("metadata");
        code.putArray("outputs");
        Files.writeString(folder.resolve("stop.ipynb"), JSON.writeValueAsString(notebook));

        List<String> command = List.of("jupyter", "notebook", "--notebook-dir=" + folder, "--allow-root",
                folder.resolve("stop.ipynb").toString());
        try (var browser = Browser.open(command, folder, env, tmp, "stop.ipynb")) {
            var page = browser.page();
            page.await("typeof Jupyter !== 'undefined' && Jupyter.notebook !== undefined"
                    + " && Jupyter.notebook.kernel != null && Jupyter.notebook.kernel.is_connected()"
                    + " && document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon')",
                    Duration.ofSeconds(180));
            String stop = "document.querySelector('button[data-jupyter-action=\"jupyter-notebook:interrupt-kernel\"]')";
            assertEquals("true", page.evaluate("String(" + stop + " !== null)"), "the toolbar's stop button");
            assertEquals("started", page.evaluate("Jupyter.notebook.execute_cells([0]), 'started'"));
            String output = "Jupyter.notebook.get_cell(0).output_area.element[0].innerText";
            // a few epochs shown by the live line, which updates in place
            page.await("(m => m !== null && Number(m[1]) >= 3)(" + output + ".match(/dropout: epoch (\\d+) of /))",
                    Duration.ofSeconds(240));
            assertEquals("*", page.evaluate("String(Jupyter.notebook.get_cell(0).input_prompt_number)"),
                    "the cell is still running when the stop button is pressed");
            long pressed = System.nanoTime();
            assertEquals("pressed", page.evaluate(stop + ".click(), 'pressed'"));
            // the kernel goes idle, and the cell ends with its execution count
            page.await("document.querySelector('#kernel_indicator_icon').classList.contains('kernel_idle_icon')"
                    + " && Jupyter.notebook.get_cell(0).input_prompt_number !== '*'", Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - pressed) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "stop button to idle kernel: %.1f s%n", seconds);
            String text = page.evaluate(output);
            var stopped = STOPPED.matcher(text);
            assertTrue(stopped.find(), "the cell says training stopped: " + text);
            var line = PROGRESS.matcher(text);
            assertTrue(line.find(), "the progress line is still there: " + text);
            int shown = Integer.parseInt(line.group(1));
            assertEquals(STOP_EPOCHS, Integer.parseInt(line.group(2)));
            assertFalse(line.find(), "one progress line, updated in place: " + text);
            assertTrue(shown >= 3 && shown < STOP_EPOCHS, "stopped before the end: " + text);
            assertEquals(Integer.parseInt(stopped.group(1)) - 1, shown,
                    "the progress line shows the last epoch finished before the stop: " + text);
            assertFalse(text.contains("Error") || text.contains("Exception"), "a stop, not an error: " + text);
            // and it stays there: nothing trains on after the stop
            Thread.sleep(3000);
            assertEquals(text, page.evaluate(output), "the output no longer changes");
            // the kernel is still there for the next cell
            assertEquals("run", page.evaluate("(c => (c.set_text('6 * 7'), c.execute(), 'run'))"
                    + "(Jupyter.notebook.insert_cell_below('code', 0))"));
            page.await("Jupyter.notebook.get_cell(1).output_area.element[0].innerText.includes('42')",
                    Duration.ofSeconds(60));
        }
    }

    /** Runs git in {@code repo} and returns what it printed; fails the test if git fails. */
    private static String git(Path repo, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, command + ": " + out);
        return out;
    }

    /** How many pictures the notebook's markdown cells carry as attachments. */
    private static int attachments(Path notebook) throws IOException {
        int n = 0;
        for (JsonNode cell : JSON.readTree(notebook.toFile()).get("cells")) {
            n += cell.path("attachments").size();
        }
        return n;
    }

    /**
     * Debian's notebook server on {@code notebook} (a path under {@code root}, the server's root), on 127.0.0.1 with
     * a fresh token, and headless Chromium on its page, driven over DevTools; closing stops both (the server shuts its
     * kernels down).
     */
    private record Browser(Process server, Process chromium, DevTools page) implements AutoCloseable {
        /**
         * @param command the server's command line as the course starts it ({@code jupyter notebook ... FILE}); the
         *                test's own address, port, token and no browser of its own are added before the file
         */
        static Browser open(List<String> command, Path root, Map<String, String> env, Path tmp, String notebook)
                throws Exception {
            if (!Files.isExecutable(CHROMIUM)) {
                fail(CHROMIUM + " is missing: install Debian's chromium (apt-get install -y chromium), as .ci/run "
                        + "does");
            }
            String token = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
            int port = Ports.free();
            List<String> full = new java.util.ArrayList<>(command);
            full.set(0, NotebookKernelTest.JUPYTER.toString());
            full.addAll(full.size() - 1, List.of("--no-browser", "--ip=127.0.0.1", "--port=" + port,
                    "--port-retries=0", "--NotebookApp.token=" + token));
            var serverBuilder = new ProcessBuilder(full).directory(root.toFile()).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("server.log").toFile());
            serverBuilder.environment().putAll(env);
            Process server = serverBuilder.start();
            Process chromium = null;
            try {
                String base = "http://127.0.0.1:" + port;
                awaitHttp(base + "/api/status?token=" + token, Duration.ofSeconds(60), server,
                        tmp.resolve("server.log"));
                int devtools = Ports.free();
                chromium = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                        "--disable-quic", "--no-first-run", "--disable-background-networking",
                        "--disable-component-update", "--disable-sync",
                        "--user-data-dir=" + Files.createDirectories(tmp.resolve("chromium")),
                        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
                        "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=" + devtools,
                        "--remote-allow-origins=*", "--window-size=1400,1000",
                        base + "/notebooks/" + notebook + "?token=" + token)
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
                return new Browser(server, chromium, new DevTools(socket));
            } catch (Exception | Error e) {
                stop(server, chromium);
                throw e;
            }
        }

        @Override
        public void close() throws InterruptedException {
            try {
                page.close();
            } finally {
                stop(server, chromium);
            }
        }

        private static void stop(Process server, Process chromium) throws InterruptedException {
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
