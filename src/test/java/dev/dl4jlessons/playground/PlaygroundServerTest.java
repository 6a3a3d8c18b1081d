package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.InputException;
import io.vertx.core.json.JsonObject;

/**
 * Hostile requests against a real server on loopback: every one gets a 4xx with one line of text, and the server
 * goes on serving. The table of what was sent and answered is printed.
 */
class PlaygroundServerTest {
    private static PlaygroundServer server;
    private static final List<String> TABLE = new ArrayList<>();

    /** An answer: status code, headers, body. */
    record Answer(int status, String headers, String body) {
    }

    @BeforeAll
    static void start() {
        server = PlaygroundServer.start(0, new Sessions(4, 1, Duration.ofMinutes(5), Duration.ofSeconds(30)));
    }

    @AfterAll
    static void stop() {
        server.close();
        System.out.println("| request | status | answer |");
        System.out.println("| --- | --- | --- |");
        TABLE.forEach(System.out::println);
    }

    /** Sends {@code request} as written (a Host header is added unless it has one) and reads the whole answer. */
    static Answer raw(String request, byte[] body) throws IOException {
        return raw(server.port(), request, body);
    }

    /** {@link #raw(String, byte[])} to the server on {@code port}. */
    static Answer raw(int port, String request, byte[] body) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            String head = request.contains("\r\nHost:") ? request
                    : request.replaceFirst("\r\n", "\r\nHost: 127.0.0.1:" + port + "\r\n");
            if (!head.contains("Connection:")) {
                head = head.replaceFirst("\r\n", "\r\nConnection: close\r\n");
            }
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            try {
                if (body != null) {
                    out.write(body);
                }
                out.flush();
            } catch (SocketException e) {
                // the server answered and closed before reading the whole body: that is the point
            }
            InputStream in = socket.getInputStream();
            var bytes = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = in.read(buffer)) > 0;) {
                    bytes.write(buffer, 0, n);
                }
            } catch (SocketException | SocketTimeoutException e) {
                // a reset after the answer
            }
            String text = bytes.toString(StandardCharsets.UTF_8);
            int split = text.indexOf("\r\n\r\n");
            assertTrue(split > 0, "an HTTP answer to " + request.lines().findFirst().orElse("") + ": " + text);
            int status = Integer.parseInt(text.substring(9, 12));
            return new Answer(status, text.substring(0, split), text.substring(split + 4));
        }
    }

    static Answer post(String path, String json) throws IOException {
        return post(server.port(), path, json);
    }

    static Answer post(int port, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return raw(port, "POST " + path + " HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                + "\r\n\r\n", body);
    }

    static Answer get(String path) throws IOException {
        return raw("GET " + path + " HTTP/1.1\r\n\r\n", null);
    }

    /** A 4xx of {@code status} with one line of text, no stack trace; then the server still answers. */
    private static void refused(String what, Answer a, int status, String says) throws IOException {
        String shown = a.body().strip();
        TABLE.add("| " + what.replace("|", "\\|") + " | " + a.status() + " | " + shown.replace("|", "\\|") + " |");
        assertEquals(status, a.status(), what + ": " + a.body());
        assertTrue(a.body().endsWith("\n") && a.body().indexOf('\n') == a.body().length() - 1,
                what + ": one line: " + a.body());
        assertFalse(a.body().contains("Exception") || a.body().contains("\tat "), what + ": no stack trace");
        assertTrue(shown.contains(says), what + ": says " + says + ": " + shown);
        assertEquals(200, get("/api/status").status(), "the server still serves after " + what);
    }

    @Test
    void everySettingOutOfRangeIsA400() throws IOException {
        String[][] cases = {
            {"{\"noise\":51}", "noise 51"}, {"{\"trainPercent\":95}", "trainPercent 95"},
            {"{\"points\":100000}", "points 100000"}, {"{\"batchSize\":0}", "batchSize 0"},
            {"{\"units\":[64]}", "units 64"}, {"{\"units\":[8,8,8,8,8,8,8]}", "units: 7 values"},
            {"{\"dropout\":[1,0]}", "dropout 1"}, {"{\"batchNorm\":[true]}", "batchNorm: 1 values for 2"},
            {"{\"learningRate\":-1}", "learningRate -1"}, {"{\"l2\":5}", "l2 5"}, {"{\"seed\":-5}", "seed -5"},
            {"{\"stepsPerSecond\":100000}", "stepsPerSecond 100000"}, {"{\"placement\":\"inside\"}", "placement"},
            {"{\"activation\":\"gelu\"}", "activation"}, {"{\"optimizer\":\"lbfgs\"}", "optimizer"},
        };
        for (String[] c : cases) {
            refused("POST /api/sessions " + c[0], post("/api/sessions", c[0]), 400, c[1]);
        }
        assertEquals(0, server.sessions().count(), "no session was made");
    }

    @Test
    void wrongTypesUnknownSettingsAndNotJsonAre400() throws IOException {
        String[][] cases = {
            {"{\"noise\":\"loud\"}", "must be a number, not text"}, {"{\"units\":8}", "must be a list"},
            {"{\"batchNorm\":[\"yes\",false]}", "must be true or false"}, {"{\"seed\":1.5}", "whole number"},
            {"{\"learningRate\":{}}", "not an object"}, {"{\"problem\":[\"circle\"]}", "not a list"},
            {"{\"shuffle\":true}", "unknown setting"}, {"{", "not valid JSON"}, {"[1,2]", "must be a JSON object"},
            {"\"circle\"", "must be a JSON object"}, {"", "not valid JSON"},
            {"{\"problem\":\"fashion\"}", "Fashion-MNIST is not installed here: apt-get install dataset-fashion-mnist"},
        };
        for (String[] c : cases) {
            refused("POST /api/sessions " + (c[0].isEmpty() ? "(empty body)" : c[0]), post("/api/sessions", c[0]), 400,
                    c[1]);
        }
    }

    @Test
    void hugeOrUnframedBodiesAreRefusedUnread() throws IOException {
        byte[] huge = ("{\"units\":[" + "8,".repeat(500_000) + "8]}").getBytes(StandardCharsets.UTF_8);
        refused("POST /api/sessions with 1 MB of JSON", raw("POST /api/sessions HTTP/1.1\r\nContent-Type: "
                + "application/json\r\nContent-Length: " + huge.length + "\r\n\r\n", huge), 413, "at most 4096");
        refused("POST /api/sessions chunked", raw("POST /api/sessions HTTP/1.1\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n", "2\r\n{}\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8)),
                411, "Content-Length");
        refused("POST /api/sessions without a body", raw("POST /api/sessions HTTP/1.1\r\n\r\n", null), 411,
                "missing");
        refused("POST /api/sessions as a form", raw("POST /api/sessions HTTP/1.1\r\nContent-Type: "
                + "application/x-www-form-urlencoded\r\nContent-Length: 5\r\n\r\n", "a=b&c".getBytes(
                        StandardCharsets.UTF_8)), 415, "application/json");
        refused("GET / with a body", raw("GET / HTTP/1.1\r\nContent-Length: 100000\r\n\r\n", new byte[100_000]), 413,
                "no body");
    }

    @Test
    void pathTraversalAndUnknownPathsAre404() throws IOException {
        for (String path : List.of("/../pom.xml", "/%2e%2e/pom.xml", "/%2e%2e%2fpom.xml", "/playground.js/../pom.xml",
                "/..%2f..%2fetc%2fpasswd", "//etc/passwd", "/playground/index.html",
                "/META-INF/resources/webjars/chart.js/4.4.1/dist/chart.umd.js", "/webjars/chart.js/4.4.1/package.json",
                "/api/sessions/../../pom.xml", "/api/sessions/zz/play", "/x".repeat(300))) {
            refused("GET " + (path.length() > 60 ? path.substring(0, 20) + "... (" + path.length() + " chars)" : path),
                    get(path), 404, "not found");
        }
        refused("GET /api/presets/nope", get("/api/presets/nope"), 404, "no preset named \"nope\"");
        refused("GET /api/presets/..%2f..%2fpom.xml", get("/api/presets/..%2f..%2fpom.xml"), 404, "no preset named");
        refused("POST /api/sessions/0123456789abcdef0123456789abcdef/play",
                raw("POST /api/sessions/0123456789abcdef0123456789abcdef/play HTTP/1.1\r\n\r\n", null), 404,
                "no such playground session");
        refused("GET /api/sessions/0123456789abcdef0123456789abcdef/events",
                get("/api/sessions/0123456789abcdef0123456789abcdef/events"), 404, "no such playground session");
    }

    @Test
    void methodsThatAreNotAllowedAre405() throws IOException {
        for (String line : List.of("DELETE /", "PUT /api/sessions", "GET /api/sessions", "POST /playground.js",
                "PATCH /api/status", "TRACE /", "OPTIONS /api/presets",
                "POST /api/sessions/0123456789abcdef0123456789abcdef/events",
                "GET /api/sessions/0123456789abcdef0123456789abcdef/play", "BREW /")) {
            Answer a = raw(line + " HTTP/1.1\r\n\r\n", null);
            refused(line, a, 405, "is not allowed here");
            assertTrue(a.headers().toLowerCase(Locale.ROOT).contains("allow: "), line + ": an Allow header");
        }
        var head = raw("HEAD / HTTP/1.1\r\n\r\n", null);  // an answer to HEAD has no body, so no line
        TABLE.add("| HEAD / | " + head.status() + " | (no body: HEAD) |");
        assertEquals(405, head.status());
        assertEquals(200, get("/api/status").status());
    }

    @Test
    void aForeignHostIsRefused() throws IOException {
        refused("GET / with Host: evil.example", raw("GET / HTTP/1.1\r\nHost: evil.example\r\n\r\n", null), 403,
                "answers only requests to 127.0.0.1");
    }

    @Test
    void thePageItsScriptAndChartJsAreServedFromTheJar() throws IOException {
        var page = get("/");
        assertEquals(200, page.status());
        assertTrue(page.body().contains("<script src=\"/chart.umd.js\"></script>"));
        assertFalse(page.body().contains("http://") || page.body().contains("https://"),
                "the page loads nothing from the network");
        assertTrue(page.headers().contains("Content-Security-Policy: default-src 'self'"));
        var chart = get("/chart.umd.js");
        assertEquals(200, chart.status());
        assertTrue(chart.body().contains("Chart.js v4"), "Chart.js from its WebJar");
        var script = get("/playground.js");
        assertTrue(script.body().contains("new EventSource"));
        var presets = get("/api/presets");
        assertEquals(200, presets.status());
        for (Preset p : Preset.values()) {
            assertTrue(presets.body().contains("\"key\":\"" + p.key() + "\""), p.key());
        }
        var one = get("/api/presets/dropout-closes-the-gap");
        assertEquals(Preset.DROPOUT_CLOSES_THE_GAP.settings(), PlaygroundSettings.fromJson(
                new JsonObject(one.body()).getJsonObject("settings")));
    }

    @Test
    void aSessionIsMadeChangedAndControlledAndTheSessionLimitIsA429() throws IOException {
        var made = post("/api/sessions", "{\"units\":[4,4],\"batchNorm\":[true,false]}");
        assertEquals(201, made.status(), made.body());
        var json = new JsonObject(made.body());
        String id = json.getString("id");
        assertTrue(id.matches("[0-9a-f]{32}"));
        assertTrue(json.getString("java").contains("BatchNormalization"));
        var changed = post("/api/sessions/" + id + "/settings", "{\"units\":[4,4],\"batchNorm\":[false,false]}");
        assertEquals(200, changed.status(), changed.body());
        assertFalse(new JsonObject(changed.body()).getString("java").contains("BatchNormalization"),
                "the configuration shown follows the settings");
        refused("POST /api/sessions/ID/settings {\"units\":[99]}", post("/api/sessions/" + id + "/settings",
                "{\"units\":[99]}"), 400, "units 99");
        for (String action : List.of("play", "pause", "step", "reset")) {
            assertEquals(204, raw("POST /api/sessions/" + id + "/" + action + " HTTP/1.1\r\n\r\n", null).status());
        }
        var ids = new ArrayList<String>(List.of(id));
        while (server.sessions().count() < server.sessions().max()) {
            ids.add(new JsonObject(post("/api/sessions", "{}").body()).getString("id"));
        }
        refused("POST /api/sessions beyond the limit", post("/api/sessions", "{}"), 429, "too many playground pages");
        ids.forEach(server.sessions()::end);
        assertEquals(0, server.sessions().count());
    }

    @Test
    void aPortInUseIsOneLine() throws IOException {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName(PlaygroundServer.HOST))) {
            var e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                    () -> PlaygroundServer.start(taken.getLocalPort(), Sessions.defaults()));
            assertEquals("--port " + taken.getLocalPort() + ": the port is in use on 127.0.0.1; stop what uses it or "
                    + "choose another with --port N (0 picks a free one)", e.getMessage());
        }
        var e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class,
                () -> PlaygroundServer.start(65536, Sessions.defaults()));
        assertTrue(e.getMessage().startsWith("--port 65536: must be a port in 0..65535"));
    }
}
