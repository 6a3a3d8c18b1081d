package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;

import org.junit.jupiter.api.Test;

import io.vertx.core.json.JsonObject;

/**
 * Sessions on a real server: each page trains on its own, and its session is freed when the page's stream closes,
 * when no page connects, or after the idle time.
 */
class SessionLifecycleTest {
    static String create(int port, String json) throws IOException {
        var a = PlaygroundServerTest.post(port, "/api/sessions", json);
        assertEquals(201, a.status(), a.body());
        return new JsonObject(a.body()).getString("id");
    }

    static void await(String what, Duration limit, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        long end = System.nanoTime() + limit.toNanos();
        while (!done.getAsBoolean()) {
            assertTrue(System.nanoTime() < end, "within " + limit + ": " + what);
            Thread.sleep(50);
        }
    }

    @Test
    void pagesTrainIndependentlyAndAreFreedWhenTheyClose() throws Exception {
        var sessions = new Sessions(8, 2, Duration.ofMinutes(5), Duration.ofSeconds(2));
        try (var server = PlaygroundServer.start(0, sessions)) {
            var clients = new ArrayList<SseClient>();
            var ids = new ArrayList<String>();
            for (int i = 0; i < 3; i++) {
                String id = create(server.port(), "{\"units\":[4],\"points\":100,\"stepsPerSecond\":20,\"seed\":" + i + "}");
                ids.add(id);
                clients.add(new SseClient(server.port(), id));
            }
            for (var c : clients) {
                await("the page gets its points and a first state", Duration.ofSeconds(60),
                        () -> c.points.get() == 1 && c.states.get() >= 1);
            }
            // play only the first two: the third stays at step 0
            for (int i = 0; i < 2; i++) {
                assertEquals(204, PlaygroundServerTest.raw(server.port(), "POST /api/sessions/" + ids.get(i)
                        + "/play HTTP/1.1\r\n\r\n", null).status());
            }
            for (int i = 0; i < 2; i++) {
                var c = clients.get(i);
                await("a playing page keeps updating", Duration.ofSeconds(120), () -> c.states.get() >= 4
                        && c.lastState.getLong("step") >= 10);
            }
            assertEquals(0, clients.get(2).lastState.getLong("step"), "the paused page did not train");
            assertEquals(204, PlaygroundServerTest.raw(server.port(), "POST /api/sessions/" + ids.get(2) + "/step HTTP/1.1\r\n\r\n",
                    null).status());
            await("one step", Duration.ofSeconds(60), () -> clients.get(2).lastState.getLong("step") == 1);
            assertEquals(3, sessions.count());

            // a session no page connects to is freed after connectWithin
            create(server.port(), "{}");
            assertEquals(4, sessions.count());
            await("the unconnected session ends", Duration.ofSeconds(30), () -> sessions.count() == 3);

            for (var c : clients) {
                c.close();
            }
            await("every session is freed when its page closes", Duration.ofSeconds(30),
                    () -> sessions.count() == 0);
            await("and its network dropped", Duration.ofSeconds(30),
                    () -> sessions.status().getLong("freed") == 4);
        }
    }

    @Test
    void anIdlePageIsToldAndFreed() throws Exception {
        var sessions = new Sessions(8, 1, Duration.ofSeconds(2), Duration.ofSeconds(30));
        try (var server = PlaygroundServer.start(0, sessions)) {
            String id = create(server.port(), "{\"units\":[2],\"points\":40}");
            try (var c = new SseClient(server.port(), id)) {
                await("the idle session ends", Duration.ofSeconds(60), () -> sessions.count() == 0);
                await("the page is told why", Duration.ofSeconds(10), () -> c.closedReason != null);
                assertNotNull(c.closedReason);
                assertTrue(c.closedReason.contains("idle"), c.closedReason);
            }
        }
    }
}
