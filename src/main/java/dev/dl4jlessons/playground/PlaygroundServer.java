package dev.dl4jlessons.playground;

import java.io.IOException;
import java.io.InputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.OutputException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The playground's web server: Vert.x (the version DL4J's UI brings) on 127.0.0.1 only.
 *
 * <p>It answers exactly these requests and refuses everything else with a 4xx and one line of text:
 * <pre>
 * GET  /  /playground.js  /playground.css  /chart.umd.js    the page, its script and style, Chart.js from its WebJar
 * GET  /api/presets                                         the presets with their settings
 * GET  /api/presets/NAME                                    one preset
 * GET  /api/status                                          live sessions and the limit
 * GET  /api/problems                                        each data choice, whether this machine has it, and why not
 * POST /api/sessions                  JSON settings         a new session: {"id", "java", "settings"}
 * GET  /api/sessions/ID/events                              the session's Server-Sent Events; closing it ends the session
 * POST /api/sessions/ID/settings      JSON settings         new settings (a new network): {"java", "settings"}
 * POST /api/sessions/ID/(play|pause|step|reset)             no body
 * </pre>
 * Bodies are JSON of at most {@value #MAX_BODY} bytes with a {@code Content-Length}; a larger one is refused before it
 * is read. Only requests whose {@code Host} is this server's loopback address get through, so a web site that
 * rebinds its name to 127.0.0.1 cannot drive the page. Nothing is written to disk.
 */
public final class PlaygroundServer implements AutoCloseable {
    /** The only address the server listens on. */
    public static final String HOST = "127.0.0.1";
    /** The largest request body: the settings, as JSON. */
    public static final int MAX_BODY = 4096;
    /** Seconds between keep-alive comments on an event stream. */
    static final long HEARTBEAT_MS = 15_000;

    private static final Pattern SESSION = Pattern.compile("/api/sessions/([0-9a-f]{32})/(events|settings|play|pause"
            + "|step|reset)");
    private static final String CHART_JS_PROPERTIES = "META-INF/maven/org.webjars.npm/chart.js/pom.properties";

    private final Vertx vertx;
    private final HttpServer server;
    private final Sessions sessions;
    private final Path privateDir;
    private final Map<String, Asset> assets;

    /** A file the server sends: its bytes, loaded once from the class path, and its type. */
    private record Asset(Buffer bytes, String type) {
    }

    private PlaygroundServer(Vertx vertx, HttpServer server, Sessions sessions, Path privateDir,
            Map<String, Asset> assets) {
        this.vertx = vertx;
        this.server = server;
        this.sessions = sessions;
        this.privateDir = privateDir;
        this.assets = assets;
    }

    /**
     * Starts the server on {@code 127.0.0.1:port} (0: any free port). If it cannot start, {@code sessions} is closed.
     *
     * @throws InputException naming {@code --port} when the port is in use or cannot be opened
     */
    public static PlaygroundServer start(int port, Sessions sessions) {
        if (port < 0 || port > 65535) {
            sessions.close();
            throw new InputException("--port " + port + ": must be a port in 0..65535 (0 picks a free one)");
        }
        Map<String, Asset> assets = loadAssets();
        Path privateDir;
        try {
            privateDir = AtomicFiles.privateDirectory("dl4j-lessons-playground-");
        } catch (IOException e) {
            throw new OutputException("java.io.tmpdir: cannot make the playground's directory there ("
                    + Messages.reason(e) + "); set it to a writable directory with -Djava.io.tmpdir=DIR", e);
        }
        // Vert.x's default file cache is one shared java.io.tmpdir/vertx-cache; the playground serves only bytes it
        // holds in memory, so caching and class-path resolving are off and the cache directory is private.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2)
                .setFileSystemOptions(new FileSystemOptions().setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false).setFileCacheDir(privateDir.toString())));
        var options = new HttpServerOptions().setHost(HOST).setPort(port).setMaxInitialLineLength(2048)
                .setMaxHeaderSize(8192).setIdleTimeout(120).setCompressionSupported(false);
        HttpServer server = vertx.createHttpServer(options);
        var started = new PlaygroundServer(vertx, server, sessions, privateDir, assets);
        server.requestHandler(started::handle);
        var listening = new CompletableFuture<HttpServer>();
        server.listen(done -> {
            if (done.succeeded()) {
                listening.complete(done.result());
            } else {
                listening.completeExceptionally(done.cause());
            }
        });
        try {
            listening.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            started.close();
            Throwable cause = e.getCause();
            if (cause instanceof BindException && String.valueOf(cause.getMessage()).contains("in use")) {
                throw new InputException("--port " + port + ": the port is in use on " + HOST
                        + "; stop what uses it or choose another with --port N (0 picks a free one)");
            }
            throw new InputException("--port " + port + ": cannot listen on it on " + HOST + " ("
                    + Messages.line(String.valueOf(cause.getMessage())) + "); choose another with --port N");
        } catch (TimeoutException | InterruptedException e) {
            started.close();
            throw new IllegalStateException("the playground's server did not start", e);
        }
        return started;
    }

    /** The port the server listens on. */
    public int port() {
        return server.actualPort();
    }

    /** The page's address. */
    public String url() {
        return "http://" + HOST + ":" + port() + "/";
    }

    /** The server's sessions. */
    public Sessions sessions() {
        return sessions;
    }

    @Override
    public void close() {
        sessions.close();
        var closed = new CompletableFuture<Void>();
        vertx.close(done -> closed.complete(null));
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing is best effort; the private directory goes below either way
        }
        AtomicFiles.deletePrivateDirectory(privateDir);
    }

    // ---- requests ----

    private void handle(HttpServerRequest request) {
        try {
            route(request);
        } catch (Sessions.Full e) {
            refuse(request, 429, e.getMessage());
        } catch (InputException e) {
            refuse(request, 400, e.getMessage());
        } catch (RuntimeException e) {
            refuse(request, 500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private void route(HttpServerRequest request) {
        String method = request.rawMethod();
        String path = request.path();
        if (!loopbackHost(request.host())) {
            refuse(request, 403, "the playground answers only requests to " + HOST + ":" + port());
            return;
        }
        if (path == null || path.length() > 256) {
            refuse(request, 404, "not found");
            return;
        }
        String assetPath = path.equals("/index.html") ? "/" : path;
        if (assets.containsKey(assetPath) || path.equals("/api/presets") || path.equals("/api/status")
                || path.equals("/api/problems")) {
            if (!method.equals("GET")) {
                notAllowed(request, "GET");
                return;
            }
            if (!noBody(request)) {
                return;
            }
            if (path.equals("/api/presets")) {
                json(request, 200, presets());
            } else if (path.equals("/api/status")) {
                json(request, 200, sessions.status());
            } else if (path.equals("/api/problems")) {
                json(request, 200, problems());
            } else {
                Asset asset = assets.get(assetPath);
                headers(request.response(), asset.type()).end(asset.bytes());
            }
            return;
        }
        if (path.equals("/api/sessions")) {
            if (!method.equals("POST")) {
                notAllowed(request, "POST");
                return;
            }
            withJson(request, body -> {
                var settings = PlaygroundSettings.fromJson(body);
                // building the network (and, the first time, loading ND4J or reading Fashion-MNIST) blocks: not on
                // the event loop
                vertx.<String>executeBlocking(done -> {
                    sessions.fashion().require(settings);
                    done.complete(sessions.create(settings));
                }, false, made -> {
                    if (made.succeeded()) {
                        json(request, 201, new JsonObject().put("id", made.result())
                                .put("java", PlaygroundModel.javaCode(settings)).put("settings", settings.toJson()));
                    } else if (made.cause() instanceof InputException e) {
                        refuse(request, e instanceof Sessions.Full ? 429 : 400, e.getMessage());
                    } else {
                        refuse(request, 500, "internal error: " + made.cause().getClass().getSimpleName());
                    }
                });
            });
            return;
        }
        if (path.startsWith("/api/presets/")) {
            if (!method.equals("GET")) {
                notAllowed(request, "GET");
                return;
            }
            String name = path.substring("/api/presets/".length());
            var preset = Preset.byKey(name);
            if (preset.isEmpty()) {
                refuse(request, 404, "no preset named " + PlaygroundSettings.shown(name) + "; the presets are "
                        + String.join(", ", java.util.Arrays.stream(Preset.values()).map(Preset::key).toList()));
                return;
            }
            if (noBody(request)) {
                json(request, 200, preset(preset.get()));
            }
            return;
        }
        Matcher m = SESSION.matcher(path);
        if (!m.matches()) {
            refuse(request, 404, "not found");
            return;
        }
        String id = m.group(1);
        String what = m.group(2);
        if (what.equals("events")) {
            if (!method.equals("GET")) {
                notAllowed(request, "GET");
                return;
            }
            if (noBody(request)) {
                stream(request, id);
            }
            return;
        }
        if (!method.equals("POST")) {
            notAllowed(request, "POST");
            return;
        }
        if (what.equals("settings")) {
            withJson(request, body -> {
                var settings = PlaygroundSettings.fromJson(body);
                // checking Fashion-MNIST's counts may read its files the first time: not on the event loop
                vertx.<Boolean>executeBlocking(done -> {
                    sessions.fashion().require(settings);
                    done.complete(sessions.change(id, settings));
                }, false, changed -> {
                    if (changed.failed()) {
                        refuse(request, changed.cause() instanceof InputException ? 400 : 500,
                                changed.cause() instanceof InputException e ? e.getMessage()
                                        : "internal error: " + changed.cause().getClass().getSimpleName());
                    } else if (!changed.result()) {
                        refuse(request, 404, noSession());
                    } else {
                        json(request, 200, new JsonObject().put("java", PlaygroundModel.javaCode(settings))
                                .put("settings", settings.toJson()));
                    }
                });
            });
            return;
        }
        if (!noBody(request)) {
            return;
        }
        var action = Sessions.Action.valueOf(what.toUpperCase(Locale.ROOT));
        if (!sessions.act(id, action)) {
            refuse(request, 404, noSession());
            return;
        }
        request.response().setStatusCode(204).end();
    }

    private static String noSession() {
        return "no such playground session (it ended: reload the page)";
    }

    /** True for {@code 127.0.0.1:port} or {@code localhost:port}, the names a browser on this machine sends. */
    private boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals(HOST + ":" + port()) || h.equals("localhost:" + port());
    }

    /** The page's event stream: the session's points, then its state after every update, until the page goes. */
    private void stream(HttpServerRequest request, String id) {
        if (!sessions.exists(id)) {
            refuse(request, 404, noSession());
            return;
        }
        HttpServerResponse response = request.response();
        Context context = vertx.getOrCreateContext();
        var sink = new EventStream(context, response);
        response.setChunked(true);
        headers(response, "text/event-stream; charset=utf-8").putHeader("Cache-Control", "no-store");
        response.write(": playground\n\n");
        if (!sessions.attach(id, sink)) {
            response.end();
            return;
        }
        long timer = vertx.setPeriodic(HEARTBEAT_MS, t -> sink.heartbeat());
        Runnable gone = () -> {
            vertx.cancelTimer(timer);
            sink.closed();
            sessions.end(id);
        };
        response.closeHandler(v -> gone.run());
        response.exceptionHandler(e -> gone.run());
    }

    /** Writes a session's events on the server's event loop; drops an update when the page reads too slowly. */
    private static final class EventStream implements Sessions.Sink {
        private final Context context;
        private final HttpServerResponse response;
        private volatile boolean open = true;

        EventStream(Context context, HttpServerResponse response) {
            this.context = context;
            this.response = response;
        }

        @Override
        public boolean send(String event, String json) {
            if (!open) {
                return false;
            }
            context.runOnContext(v -> {
                if (open && (!response.writeQueueFull() || !event.equals("state"))) {
                    response.write("event: " + event + "\ndata: " + json + "\n\n");
                }
            });
            return true;
        }

        void heartbeat() {
            if (open) {
                response.write(": alive\n\n");
            }
        }

        void closed() {
            open = false;
        }

        @Override
        public void close() {
            context.runOnContext(v -> {
                if (open) {
                    open = false;
                    response.end();
                }
            });
        }
    }

    /** Reads the request's JSON body, at most {@link #MAX_BODY} bytes, and hands it on; refuses anything else. */
    private void withJson(HttpServerRequest request, Consumer<JsonObject> then) {
        String length = request.getHeader("Content-Length");
        if (request.headers().contains("Transfer-Encoding")) {
            refuseUnread(request, 411, "send the settings with a Content-Length, not chunked");
            return;
        }
        if (length == null) {
            refuseUnread(request, 411, "the settings are missing: send them as JSON");
            return;
        }
        long n;
        try {
            n = Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            refuseUnread(request, 400, "Content-Length " + PlaygroundSettings.shown(length) + " is not a number");
            return;
        }
        if (n > MAX_BODY || n < 0) {
            refuseUnread(request, 413, "the settings are " + n + " bytes; at most " + MAX_BODY + " are read");
            return;
        }
        String type = request.getHeader("Content-Type");
        if (type == null || !type.toLowerCase(Locale.ROOT).strip().startsWith("application/json")) {
            refuseUnread(request, 415, "send the settings as application/json");
            return;
        }
        request.bodyHandler(body -> {
            try {
                JsonObject json;
                try {
                    Object value = io.vertx.core.json.Json.decodeValue(body.toString(StandardCharsets.UTF_8));
                    if (!(value instanceof JsonObject o)) {
                        throw new InputException("the settings must be a JSON object, not " + (value instanceof JsonArray
                                ? "a list" : PlaygroundSettings.shown(value)));
                    }
                    json = o;
                } catch (DecodeException e) {
                    throw new InputException("the settings are not valid JSON");
                }
                then.accept(json);
            } catch (Sessions.Full e) {
                refuse(request, 429, e.getMessage());
            } catch (InputException e) {
                refuse(request, 400, e.getMessage());
            } catch (RuntimeException e) {
                refuse(request, 500, "internal error: " + e.getClass().getSimpleName());
            }
        });
    }

    /** True if the request has no body; otherwise refuses it. */
    private boolean noBody(HttpServerRequest request) {
        String length = request.getHeader("Content-Length");
        if (request.headers().contains("Transfer-Encoding") || length != null && !length.trim().equals("0")) {
            refuseUnread(request, 413, "this request takes no body");
            return false;
        }
        return true;
    }

    private static void notAllowed(HttpServerRequest request, String allowed) {
        request.response().putHeader("Allow", allowed);
        refuseUnread(request, 405, "method " + PlaygroundSettings.shown(request.rawMethod()) + " is not allowed here; "
                + "use " + allowed);
    }

    /** A one-line answer; the connection stays open for the next request. */
    private static void refuse(HttpServerRequest request, int status, String message) {
        var response = request.response();
        if (response.ended() || response.headWritten()) {
            return;
        }
        headers(response.setStatusCode(status), "text/plain; charset=utf-8").end(Messages.line(message) + "\n");
    }

    /** A one-line answer before the body is read; the connection closes, so the body is never buffered. */
    private static void refuseUnread(HttpServerRequest request, int status, String message) {
        var response = request.response();
        response.putHeader("Connection", "close");
        headers(response.setStatusCode(status), "text/plain; charset=utf-8")
                .end(Messages.line(message) + "\n", done -> request.connection().close());
    }

    private static void json(HttpServerRequest request, int status, Object body) {
        String text = body instanceof JsonObject o ? o.encode() : ((JsonArray) body).encode();
        headers(request.response().setStatusCode(status), "application/json").end(text);
    }

    private static HttpServerResponse headers(HttpServerResponse response, String type) {
        return response.putHeader("Content-Type", type)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; "
                        + "frame-ancestors 'none'")
                .putHeader("Referrer-Policy", "no-referrer");
    }

    /** Every data choice with whether it can be trained here; an absent one carries the line that says why. */
    private JsonArray problems() {
        var out = new JsonArray();
        for (Problem p : Problem.values()) {
            var entry = new JsonObject().put("key", p.key()).put("available", true);
            if (p == Problem.FASHION && !sessions.fashion().available()) {
                entry.put("available", false).put("reason", sessions.fashion().unavailableReason());
            }
            out.add(entry);
        }
        return out;
    }

    private static JsonArray presets() {
        var out = new JsonArray();
        for (Preset p : Preset.values()) {
            out.add(preset(p));
        }
        return out;
    }

    private static JsonObject preset(Preset p) {
        return new JsonObject().put("key", p.key()).put("title", p.title()).put("lookFor", p.lookFor())
                .put("settings", p.settings().toJson());
    }

    /** The page, its script and style, and Chart.js's single-file build from its WebJar, read once. */
    private static Map<String, Asset> loadAssets() {
        String chartVersion;
        try (InputStream in = resource(CHART_JS_PROPERTIES)) {
            var properties = new Properties();
            properties.load(in);
            chartVersion = properties.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("Chart.js's WebJar is not on the class path", e);
        }
        return Map.of(
                "/", asset("playground/index.html", "text/html; charset=utf-8"),
                "/playground.js", asset("playground/playground.js", "text/javascript; charset=utf-8"),
                "/playground.css", asset("playground/playground.css", "text/css; charset=utf-8"),
                "/chart.umd.js", asset("META-INF/resources/webjars/chart.js/" + chartVersion + "/dist/chart.umd.js",
                        "text/javascript; charset=utf-8"));
    }

    private static Asset asset(String name, String type) {
        try (InputStream in = resource(name)) {
            return new Asset(Buffer.buffer(in.readAllBytes()), type);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name + " from the class path", e);
        }
    }

    private static InputStream resource(String name) throws IOException {
        InputStream in = PlaygroundServer.class.getClassLoader().getResourceAsStream(name);
        if (in == null) {
            throw new IOException(name + " is missing from the class path");
        }
        return in;
    }
}
