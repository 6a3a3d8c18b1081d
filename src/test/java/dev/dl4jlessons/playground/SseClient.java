package dev.dl4jlessons.playground;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

import io.vertx.core.json.JsonObject;

/** A page's event stream as a test sees it: a socket reading the session's Server-Sent Events on a thread. */
final class SseClient implements AutoCloseable {
    private final Socket socket;
    private final Thread reader;
    final AtomicInteger states = new AtomicInteger();
    final AtomicInteger points = new AtomicInteger();
    volatile JsonObject lastState;
    volatile JsonObject lastData;
    volatile String closedReason;

    SseClient(int port, String id) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.getOutputStream().write(("GET /api/sessions/" + id + "/events HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
        socket.getOutputStream().flush();
        var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        reader = new Thread(() -> read(in), "sse-" + id.substring(0, 6));
        reader.setDaemon(true);
        reader.start();
    }

    private void read(BufferedReader in) {
        String event = "";
        try {
            for (String line; (line = in.readLine()) != null;) {
                if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    var json = new JsonObject(line.substring(6));
                    switch (event) {
                        case "state" -> {
                            lastState = json;
                            states.incrementAndGet();
                        }
                        case "data" -> {
                            lastData = json;
                            points.incrementAndGet();
                        }
                        case "closed" -> closedReason = json.getString("reason");
                        default -> { }
                    }
                }
            }
        } catch (IOException e) {
            // closed
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
