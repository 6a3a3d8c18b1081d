package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Twenty pages training at once for a minute on loopback, with the course's default limits: every page keeps
 * getting updates, the heap stays bounded, and every session is freed once its page closes. Prints the figures.
 *
 * <p>Tagged {@code load} (a minute and more): {@code mvn -B -ntp test -Pbrowser} runs it with the browser tests.
 */
@Tag("load")
class PlaygroundLoadTest {
    private static final int PAGES = 20;
    private static final Duration RUN = Duration.ofSeconds(60);

    @Test
    void twentyPagesTrainAtOnceAndAreAllFreed() throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        var sessions = Sessions.defaults();
        try (var server = PlaygroundServer.start(0, sessions)) {
            // the baseline: after ND4J, the server and one page have started and gone, so only sessions differ
            String warm = SessionLifecycleTest.create(server.port(), "{}");
            try (var page = new SseClient(server.port(), warm)) {
                SessionLifecycleTest.await("a first state", Duration.ofSeconds(60), () -> page.states.get() >= 1);
            }
            SessionLifecycleTest.await("the warm-up page freed", Duration.ofSeconds(30),
                    () -> sessions.status().getLong("freed") == 1);
            System.gc();
            long heapBefore = memory.getHeapMemoryUsage().getUsed();
            var clients = new ArrayList<SseClient>();
            var presets = Preset.values();
            for (int i = 0; i < PAGES; i++) {
                // the presets in turn, so wide, deep, dropout and batch-norm networks all train at once
                var settings = presets[i % presets.length].settings().toJson().put("seed", i);
                String id = SessionLifecycleTest.create(server.port(), settings.encode());
                clients.add(new SseClient(server.port(), id));
                assertEquals(204, PlaygroundServerTest.raw(server.port(), "POST /api/sessions/" + id
                        + "/play HTTP/1.1\r\n\r\n", null).status());
            }
            assertEquals(PAGES, sessions.count());
            int[] statesAtHalf = new int[PAGES];
            long maxHeap = 0;
            long start = System.nanoTime();
            boolean half = false;
            while (System.nanoTime() - start < RUN.toNanos()) {
                Thread.sleep(1000);
                maxHeap = Math.max(maxHeap, memory.getHeapMemoryUsage().getUsed());
                if (!half && System.nanoTime() - start > RUN.toNanos() / 2) {
                    half = true;
                    for (int i = 0; i < PAGES; i++) {
                        statesAtHalf[i] = clients.get(i).states.get();
                    }
                }
            }
            int[] states = clients.stream().mapToInt(c -> c.states.get()).toArray();
            long[] steps = clients.stream().mapToLong(c -> c.lastState.getLong("step")).toArray();
            System.gc();
            long heapTraining = memory.getHeapMemoryUsage().getUsed();
            for (var c : clients) {
                c.close();
            }
            SessionLifecycleTest.await("every session freed after its page closed", Duration.ofSeconds(30),
                    () -> sessions.count() == 0 && sessions.status().getLong("freed") == PAGES + 1);
            System.gc();
            long heapAfter = memory.getHeapMemoryUsage().getUsed();
            int[] sorted = states.clone();
            Arrays.sort(sorted);
            long[] sortedSteps = steps.clone();
            Arrays.sort(sortedSteps);
            System.out.printf(Locale.ROOT, "load: %d pages for %d s; updates per page min %d median %d max %d; "
                    + "steps per page min %d median %d max %d; heap used before %d MB, max while training %d MB, "
                    + "after GC while training %d MB, after all closed %d MB (max heap %d MB); live sessions after "
                    + "close %d; load average %.1f%n", PAGES, RUN.toSeconds(), sorted[0], sorted[PAGES / 2],
                    sorted[PAGES - 1], sortedSteps[0], sortedSteps[PAGES / 2], sortedSteps[PAGES - 1],
                    heapBefore >> 20, maxHeap >> 20, heapTraining >> 20, heapAfter >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, sessions.count(),
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            for (int i = 0; i < PAGES; i++) {
                assertTrue(statesAtHalf[i] >= 3, "page " + i + " updated in the first half: " + statesAtHalf[i]);
                assertTrue(states[i] - statesAtHalf[i] >= 3, "page " + i + " kept updating in the second half: "
                        + statesAtHalf[i] + " -> " + states[i]);
                assertTrue(steps[i] > 0, "page " + i + " trained");
            }
            assertTrue(heapTraining < 256L << 20, "heap bounded while 20 pages train: " + (heapTraining >> 20) + " MB");
            assertTrue(heapAfter < heapBefore + (32L << 20), "the sessions' memory is given back: "
                    + (heapBefore >> 20) + " -> " + (heapAfter >> 20) + " MB");
        }
    }
}
