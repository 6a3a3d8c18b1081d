package dev.dl4jlessons.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import io.vertx.core.MultiMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The UI gate's policy on its own: what the training pages ask for gets through, every upload, body, other method,
 * unknown path, unknown language and missing asset is answered by the gate, for any request line.
 */
class UiGateTest {
    /** Every request the course's pages make (from DL4J's train.js, overview.js, model.js, system.js and .ftl). */
    private static final List<String> PAGE_REQUESTS = List.of("/", "/train", "/train/overview",
            "/train/overview/data", "/train/model", "/train/model/graph", "/train/model/data/0", "/train/system",
            "/train/system/data", "/train/sessions/current", "/train/sessions/info", "/train/multisession",
            "/train/sessions/set/baseline-seed1", "/train/sessions/lastUpdate/dropout-2", "/train/workers/setByIdx/0",
            "/setlang/de", "/assets/css/style.css", "/assets/js/train/train.js", "/assets/img/favicon.ico",
            "/assets/webjars/jquery/3.4.1/dist/jquery.min.js", "/assets/webjars/flot/0.8.3/jquery.flot.js");

    private static MultiMap headers(Map<String, String> values) {
        var headers = MultiMap.caseInsensitiveMultiMap();
        values.forEach(headers::add);
        return headers;
    }

    private static final MultiMap NONE = headers(Map.of());

    @Example
    void everyRequestOfThePagesGetsThrough() {
        for (String path : PAGE_REQUESTS) {
            assertNull(UiGate.judge("GET", path, NONE), path);
        }
        for (String language : UiGate.LANGUAGES) {
            assertTrue(UiGate.isResourceFile("dl4j_i18n/train." + language), "DL4J has messages for " + language);
        }
    }

    @Example
    void uploadsBodiesAndStateBreakersAreAnsweredByTheGate() {
        var upload = headers(Map.of("Content-Type", "multipart/form-data; boundary=x", "Content-Length", "70"));
        assertEquals(new UiGate.Refusal(405, "the training UI only answers GET"),
                UiGate.judge("POST", "/tsne/upload", upload));
        assertEquals(415, UiGate.judge("GET", "/train/overview", upload).status());
        assertEquals(413, UiGate.judge("GET", "/train/overview",
                headers(Map.of("Content-Length", Long.toString(700L << 20)))).status());
        assertEquals(413, UiGate.judge("GET", "/train/overview",
                headers(Map.of("Transfer-Encoding", "chunked"))).status());
        assertNull(UiGate.judge("GET", "/train/overview", headers(Map.of("Content-Length", "0"))));
        for (String path : List.of("/tsne/upload", "/remoteReceive", "/setlang/zz", "/setlang/", "/setlang/en/x",
                "/train/workers/setByIdx/7", "/train/model/data/abc", "/train/workers/setByIdx/-1", "/assets/nope.js", "/assets/css",
                "/assets/../../etc/passwd", "/assets/css/../../../etc/passwd", "/assets//css/style.css",
                "/assets/%2e%2e/x", "/train/sessions/set/a b", "/train/x/overview", "/samediff", "/train/overview/")) {
            assertEquals(404, UiGate.judge("GET", path, NONE).status(), path);
        }
    }

    @Property
    void anyMethodButGetIsRefused(@ForAll("methods") String method, @ForAll("paths") String path) {
        var refusal = UiGate.judge(method, path, NONE);
        assertNotNull(refusal);
        assertEquals(405, refusal.status());
    }

    @Property
    void aBodyBeyondTheLimitIsRefusedWhateverThePath(@ForAll("paths") String path,
            @ForAll @LongRange(min = UiGate.MAX_BODY + 1) long length) {
        var refusal = UiGate.judge("GET", path, headers(Map.of("Content-Length", Long.toString(length))));
        assertNotNull(refusal);
        assertEquals(413, refusal.status());
    }

    @Property
    void anUploadIsRefusedWhateverThePath(@ForAll("paths") String path, @ForAll("forms") String contentType) {
        var refusal = UiGate.judge("GET", path, headers(Map.of("Content-Type", contentType)));
        assertNotNull(refusal);
        assertEquals(415, refusal.status());
    }

    /** Whatever the path, it is one the pages ask for or a 404: never a traversal, never an upload route. */
    @Property(tries = 300)
    void aRandomPathIsAPageOrNotFound(@ForAll("paths") String path) {
        var refusal = UiGate.judge("GET", path, NONE);
        if (refusal == null) {
            assertTrue(!path.contains("..") && !path.contains("//") && !path.contains("%"), path);
            assertTrue(path.equals("/") || path.startsWith("/train") || path.startsWith("/assets/")
                    || path.startsWith("/setlang/"), path);
        } else {
            assertEquals(404, refusal.status(), path);
        }
    }

    @Provide
    Arbitrary<String> methods() {
        return Arbitraries.oneOf(Arbitraries.of("POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS", "TRACE",
                "CONNECT", "get", "Get"), Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                .filter(m -> !m.equals("GET")));
    }

    @Provide
    Arbitrary<String> forms() {
        return Arbitraries.of("multipart/form-data", "multipart/form-data; boundary=----x", "MULTIPART/mixed",
                " multipart/related", "application/x-www-form-urlencoded",
                "application/x-www-form-urlencoded; charset=UTF-8");
    }

    @Provide
    Arbitrary<String> paths() {
        var pieces = Arbitraries.of("train", "overview", "data", "model", "system", "sessions", "set", "info",
                "setlang", "en", "zz", "assets", "css", "style.css", "js", "webjars", "jquery", "..", ".", "",
                "%2e%2e", "tsne", "upload", "remoteReceive", "workers", "setByIdx", "0", "1", "a b", "\u0000", "~",
                "META-INF", "etc", "passwd", "deeplearning4jUiAssets", "x".repeat(600));
        return pieces.list().ofMinSize(0).ofMaxSize(6).map(l -> "/" + String.join("/", l));
    }
}
