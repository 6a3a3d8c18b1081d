package dev.dl4jlessons.ui;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;

/**
 * The gate in front of DL4J's UI router: only the requests that the training pages make get through.
 *
 * <p>DL4J's server also routes uploads (t-SNE, remote stats, SameDiff files) through a body handler that keeps every
 * file in the temporary directory with no size limit, a {@code GET /setlang/xx} to an unknown language makes every
 * page answer 500 for every viewer, and a missing asset logs two SEVERE lines to the student's terminal. The gate
 * answers those itself, before the router or its body handler sees them: nothing is read beyond the headers, nothing
 * is stored, and nothing is logged.
 *
 * <p>The overview page's script is answered with {@link OverviewScript}'s copy, whose charts tell their series apart.
 *
 * <p>{@link #judge} is the whole policy, a pure function of the request line and headers, so tests can drive it with
 * any input.
 */
final class UiGate implements Handler<HttpServerRequest> {
    /** The largest request body let through to the router; the pages send none, so this only tolerates clients. */
    static final long MAX_BODY = 1024;
    /** The longest path answered; the longest the pages ask for is under 100 characters. */
    static final int MAX_PATH = 512;
    /** The languages DL4J's UI has messages for: {@code dl4j_i18n/train.<code>} in its jar. */
    static final Set<String> LANGUAGES = Set.of("en", "de", "ja", "ko", "ru", "zh");

    /** The pages and data the course's UI uses in DL4J's single-session mode, without parameters. */
    private static final Set<String> PAGES = Set.of("/", "/train", "/train/overview", "/train/overview/data",
            "/train/model", "/train/model/graph", "/train/system", "/train/system/data", "/train/sessions/current",
            "/train/sessions/info", "/train/multisession");
    /**
     * The paths with a segment the pages fill in: a session name as the course names them, or a layer's index (the
     * only layer names of a {@code MultiLayerNetwork}; DL4J answers any other name with a 500).
     */
    private static final Pattern WITH_SEGMENT = Pattern.compile(
            "/train/(sessions/set|sessions/lastUpdate)/[A-Za-z0-9._+~-]{1,128}|/train/model/data/\\d{1,4}");
    private static final Pattern ASSET = Pattern.compile("/assets/([A-Za-z0-9_+~-][A-Za-z0-9._+~-]*/)*"
            + "[A-Za-z0-9_+~-][A-Za-z0-9._+~-]*");

    /** What the gate answers instead of the router. */
    record Refusal(int status, String reason) {
    }

    private final Handler<HttpServerRequest> router;

    UiGate(Handler<HttpServerRequest> router) {
        this.router = router;
    }

    @Override
    public void handle(HttpServerRequest request) {
        Refusal refusal;
        try {
            refusal = judge(request.rawMethod(), request.path(), request.headers());
        } catch (RuntimeException e) {  // e.g. a path the server could not decode
            refusal = new Refusal(400, "bad request");
        }
        if (refusal == null) {
            byte[] script = OverviewScript.PATH.equals(request.path()) ? OverviewScript.bytes() : null;
            if (script != null) {
                request.response().putHeader("Content-Type", "application/javascript; charset=utf-8")
                        .end(Buffer.buffer(script));
                return;
            }
            router.handle(request);
            return;
        }
        var response = request.response();
        response.setStatusCode(refusal.status()).putHeader("Content-Type", "text/plain; charset=utf-8");
        if (refusal.status() == 404) {  // a request without a body: the connection may serve the next one
            response.end(refusal.reason() + "\n");
            return;
        }
        // Answer at once and close: the body is never read, so it is never buffered nor stored.
        response.putHeader("Connection", "close");
        if (refusal.status() == 405) {
            response.putHeader("Allow", "GET");
        }
        response.end(refusal.reason() + "\n", done -> request.connection().close());
    }

    /**
     * Null to let the request through to DL4J's router, or what to answer instead.
     *
     * @param method the request's method as sent
     * @param path   the request's path as sent, without the query
     * @param headers the request's headers
     */
    static Refusal judge(String method, String path, MultiMap headers) {
        if (!"GET".equals(method)) {
            return new Refusal(405, "the training UI only answers GET");
        }
        String length = headers.get("Content-Length");
        if (headers.contains("Transfer-Encoding") || length != null && !smallLength(length)) {
            return new Refusal(413, "the training UI takes no request body");
        }
        String type = headers.get("Content-Type");
        if (type != null && isForm(type)) {
            return new Refusal(415, "the training UI takes no uploads");
        }
        if (path == null || path.length() > MAX_PATH || !allowed(path)) {
            return new Refusal(404, "not found");
        }
        return null;
    }

    /** True when {@code path} is a page, data or asset that the training pages ask for, and it exists. */
    static boolean allowed(String path) {
        if (PAGES.contains(path) || WITH_SEGMENT.matcher(path).matches()) {
            return true;
        }
        if (path.startsWith("/setlang/")) {
            return LANGUAGES.contains(path.substring("/setlang/".length()));
        }
        // The system page picks a worker by index, and each of the course's sessions has exactly one; a higher index
        // would leave the page empty for every viewer, as the UI's selection is shared.
        if (path.equals("/train/workers/setByIdx/0")) {
            return true;
        }
        return ASSET.matcher(path).matches() && isResourceFile(assetResource(path));
    }

    /** The class-path resource DL4J's {@code /assets/*} route sends for {@code path}, by the same rule. */
    static String assetResource(String path) {
        String rest = path.substring("/assets/".length());
        int webjars = rest.indexOf("webjars");
        return webjars >= 0 ? "META-INF/resources/" + rest.substring(webjars) : "deeplearning4jUiAssets/" + rest;
    }

    /** True when {@code name} is a file (not a directory) on the class path. */
    static boolean isResourceFile(String name) {
        URL url = UiGate.class.getClassLoader().getResource(name);
        if (url == null) {
            return false;
        }
        try {
            if ("jar".equals(url.getProtocol())) {
                var entry = ((JarURLConnection) url.openConnection()).getJarEntry();
                return entry != null && !entry.isDirectory();
            }
            return "file".equals(url.getProtocol()) && Files.isRegularFile(Path.of(url.toURI()));
        } catch (IOException | URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean smallLength(String length) {
        try {
            long n = Long.parseLong(length.trim());
            return n >= 0 && n <= MAX_BODY;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean isForm(String contentType) {
        String t = contentType.strip().toLowerCase(Locale.ROOT);
        return t.startsWith("multipart/") || t.startsWith("application/x-www-form-urlencoded");
    }
}
