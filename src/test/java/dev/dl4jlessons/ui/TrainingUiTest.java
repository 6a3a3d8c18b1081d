package dev.dl4jlessons.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lab.LabRunner;
import dev.dl4jlessons.lab.LabSettings;
import dev.dl4jlessons.lab.Variant;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;
import dev.dl4jlessons.testing.Run;

/**
 * {@code --ui} without a browser: off by default and then not even loaded, the address line, the sessions, the
 * loopback-only socket, and every bad port. {@code UiBrowserTest} looks at the page itself.
 */
class TrainingUiTest {
    /** Class-name prefixes that only the training UI brings in. */
    private static final List<String> UI_CLASSES = List.of("dev.dl4jlessons.ui.", "org.deeplearning4j.ui.",
            "io.vertx.", "io.netty.", "freemarker.");

    private record Jvm(int exitCode, String out) {
        List<String> loaded() {
            return out.lines().filter(l -> l.startsWith("[class,load] ")).map(l -> l.split(" ")[1]).toList();
        }

        List<String> printed() {
            return out.lines().filter(l -> !l.startsWith("[class,load] ")).toList();
        }

        List<String> epochLines() {
            return printed().stream().filter(l -> l.startsWith("Epoch ")).toList();
        }
    }

    /** Runs the launcher in a fresh JVM that logs every class it loads; standard input is not a terminal. */
    private static Jvm jvm(String... args) throws Exception {
        var process = new ProcessBuilder(ChildJvm.course(List.of("-Xlog:class+load=info:stdout:tags"), args))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ends by itself when not in a terminal");
        return new Jvm(process.exitValue(), out);
    }

    @Test
    void withoutUiNoUiClassIsLoadedAndWithItTheNumbersStayTheSame() throws Exception {
        Jvm plain = jvm("dropout", "--epochs", "2");
        assertEquals(0, plain.exitCode(), plain.out());
        assertTrue(plain.loaded().size() > 1000, "the class-load log works: " + plain.loaded().size());
        assertEquals(List.of(), plain.loaded().stream()
                .filter(c -> UI_CLASSES.stream().anyMatch(c::startsWith)).toList(), "no UI class without --ui");

        int port = Ports.free();
        Jvm ui = jvm("dropout", "--epochs", "2", "--ui", "--ui-port", Integer.toString(port));
        assertEquals(0, ui.exitCode(), ui.out());
        assertTrue(ui.loaded().contains("dev.dl4jlessons.ui.TrainingUi"), "the check above can see UI classes");
        assertTrue(ui.loaded().contains("io.vertx.core.http.impl.HttpServerImpl"));
        List<String> address = ui.printed().stream().filter(l -> l.startsWith("Training UI: ")).toList();
        assertEquals(List.of("Training UI: http://localhost:" + port + "/train/overview"), address);
        assertTrue(ui.printed().indexOf(address.get(0)) < ui.printed().indexOf(ui.epochLines().get(0)),
                "the address comes before training starts");
        assertFalse(ui.out().contains("Press Enter"), "no waiting when standard input is not a terminal");
        assertEquals(plain.epochLines(), ui.epochLines(), "watching does not change the losses");
    }

    @Test
    void everyModelAndEveryLabVariantAndSeedIsItsOwnSessionOnLoopbackOnly() throws Exception {
        int port = Ports.free();
        var quiet = new PrintStream(OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8);
        try (var ui = TrainingUi.start(port)) {
            assertEquals(port, ui.port());
            assertEquals("http://localhost:" + port + "/train/overview", ui.overview());
            Set<String> addresses = UiProcess.listeningAddresses(port);
            if (Files.isReadable(Path.of("/proc/net/tcp"))) {
                assertFalse(addresses.isEmpty(), "the kernel lists the UI's socket");
            }
            assertTrue(addresses.stream().allMatch(UiProcess::isLoopback), "listens on 127.0.0.1 only: " + addresses);

            ui.watching(() -> NotebookRun.run(List.of(new DropoutLesson(), new BatchNormLesson()),
                    Settings.NOTEBOOK.withEpochs(1), quiet));
            ui.watching(() -> NotebookRun.run(List.of(new DropoutLesson()), Settings.NOTEBOOK.withEpochs(1), quiet));
            var lab = new LabSettings("synthetic", List.of(Variant.BASELINE, Variant.DROPOUT), 2, 2, 60, 10, 0.01, List.of(0.5),
                    1.0, 3, false, 2, Path.of("target", "ui-test-lab"));
            ui.watching(() -> LabRunner.run(lab, Datasets.load("synthetic"), (done, total, run) -> { }));

            Set<String> expected = Set.of("dropout", "batchnorm", "dropout-2", "baseline-seed1", "baseline-seed2",
                    "dropout-seed1", "dropout-seed2");
            assertEquals(expected, UiProcess.awaitSessions(port, expected));
            String overview = UiProcess.get(port, "/train/overview");
            assertTrue(overview.contains("id=\"scoreiterchart\""), "the overview page renders from its template");
            String script = UiProcess.get(port, OverviewScript.PATH);
            assertTrue(overview.contains("src=\"" + OverviewScript.PATH + "\""),
                    "the page loads the script it answers");
            assertFalse(script.contains("#FA5833") || script.contains("#2FABE9"), "DL4J's two colours are gone");
            assertTrue(script.contains("colors: [\"#1f77b4\", \"#ff7f0e\""), "the course's palette: " + script);
        }
        assertTrue(UiProcess.listeningAddresses(port).isEmpty(), "the port is released when the UI stops");
    }

    @Test
    void aPortInUseIsOneLineAndExitTwo() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            var run = Run.course("dropout", "--epochs", "1", "--ui", "--ui-port", Integer.toString(port));
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(List.of("error: --ui-port " + port + ": the port is in use on localhost; stop what uses it "
                    + "or choose another port with --ui-port N"), run.err().lines().toList());
            assertFalse(run.out().contains("Training UI:"), run.out());
            assertEquals(0, run.epochLines(), "nothing trains");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "65536", "nine"})
    void aBadPortIsRefusedWithExitTwo(String port) {
        for (String command : List.of("dropout", "lab")) {
            var run = Run.course(command, "--ui", "--ui-port", port);
            assertEquals(2, run.exitCode(), run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().contains("--ui-port") && run.err().contains(port), run.err());
            assertFalse(run.out().contains("Training UI:"));
        }
    }

    @Test
    void aPortWithoutUiIsRefused() {
        var run = Run.course("dropout", "--ui-port", "9001");
        assertEquals(2, run.exitCode());
        assertEquals("error: --ui-port 9001: only applies with --ui", run.err().strip());
    }
}
