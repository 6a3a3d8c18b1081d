package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.kernel.Wire.Msg;

/**
 * Live output in the real kernel: {@link Display} ids that later updates replace, clear_output, and {@link Live}'s
 * training cell, which shows one progress line per model and one loss chart, each updated in place, instead of a
 * line per epoch.
 */
class LiveOutputTest {
    @TempDir
    static Path dir;
    private static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(dir);
        kernel.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    private static List<Msg> of(KernelProcess.Execution run, String type) {
        return run.iopub().stream().filter(m -> m.type().equals(type)).toList();
    }

    @Test
    void aDisplayIdIsUpdatedInPlaceAndClearOutputIsSent() {
        var run = kernel.execute("String id = dev.dl4jlessons.kernel.Display.text(\"step 1\");\n"
                + "dev.dl4jlessons.kernel.Display.updateText(id, \"step 2\");\n"
                + "dev.dl4jlessons.kernel.Display.clear(true);", Duration.ofSeconds(90));
        assertEquals("ok", run.status());
        List<Msg> shown = of(run, "display_data");
        assertEquals(1, shown.size());
        String id = shown.get(0).content().path("transient").path("display_id").asText();
        assertFalse(id.isEmpty());
        List<Msg> updates = of(run, "update_display_data");
        assertEquals(1, updates.size());
        assertEquals(id, updates.get(0).content().path("transient").path("display_id").asText());
        assertEquals("step 2", updates.get(0).content().path("data").path("text/plain").asText());
        List<Msg> clears = of(run, "clear_output");
        assertEquals(1, clears.size());
        assertTrue(clears.get(0).content().path("wait").asBoolean());
    }

    @Test
    void aTrainingCellShowsOneLineAndOneChartUpdatedInPlaceNotALinePerEpoch() {
        int epochs = 20;
        var run = kernel.execute("var runs = dev.dl4jlessons.kernel.Live.train(dev.dl4jlessons.lessons.LessonCatalog"
                + ".notebook().stream().filter(l -> l.name().equals(\"dropout\")).toList(), "
                + "dev.dl4jlessons.harness.Settings.NOTEBOOK.withEpochs(" + epochs + "));\nruns.size()",
                Duration.ofMinutes(10));
        assertEquals("ok", run.status(), run.stdout());
        assertEquals("1", run.result().asText());
        assertFalse(run.stdout().contains("Epoch 1, Loss"), "no line per epoch: " + run.stdout());
        List<Msg> shown = of(run, "display_data");
        assertEquals(2, shown.size(), "the progress line and the chart: " + shown);
        String line = shown.get(0).content().path("transient").path("display_id").asText();
        String chart = shown.get(1).content().path("transient").path("display_id").asText();
        assertTrue(shown.get(1).content().path("data").has("image/png"));
        List<Msg> updates = of(run, "update_display_data");
        List<Msg> lineUpdates = updates.stream()
                .filter(m -> m.content().path("transient").path("display_id").asText().equals(line)).toList();
        assertEquals(epochs, lineUpdates.size(), "one update per epoch");
        assertTrue(lineUpdates.get(epochs - 1).content().path("data").path("text/plain").asText()
                .matches("dropout: epoch 20 of 20, loss \\d+\\.\\d{4}, \\d+\\.\\d s"), lineUpdates.toString());
        long redraws = updates.stream()
                .filter(m -> m.content().path("transient").path("display_id").asText().equals(chart)).count();
        assertTrue(redraws >= 2 && redraws <= Live.REDRAWS + 1, "the chart is redrawn a few times: " + redraws);
    }

    @Test
    void anErrorNamesTheExceptionsSimpleClassItsMessageOnceAndHasItsTracebackInBothPlaces() {
        var run = kernel.execute("int n = 1;\nInteger.parseInt(\"abc\")", Duration.ofSeconds(90));
        assertEquals("error", run.status());
        var reply = run.reply().content();
        assertEquals("NumberFormatException", reply.path("ename").asText());
        assertEquals("For input string: \"abc\"", reply.path("evalue").asText());
        List<Msg> errors = of(run, "error");
        assertEquals(1, errors.size());
        assertEquals(reply.path("traceback"), errors.get(0).content().path("traceback"));
        assertEquals("    at line 2 of this cell", reply.path("traceback").get(reply.path("traceback").size() - 1)
                .asText());
    }
}
