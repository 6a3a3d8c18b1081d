package dev.dl4jlessons.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;

/**
 * Planted cases against a running training UI: an upload, a 50 MB body, a language that breaks the pages, a missing
 * asset and a traversal; and a shared {@code vertx-cache} that is another user's file. Nothing is stored, nothing is
 * logged, the pages keep working for everyone, and the UI's directory is gone when it stops.
 */
class UiStoresNothingTest {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(int port, String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Every entry under {@code dir}, relative to it. */
    private static Set<String> tree(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            Set<String> names = new TreeSet<>();
            walk.filter(p -> !p.equals(dir)).forEach(p -> names.add(dir.relativize(p).toString()));
            return names;
        }
    }

    /**
     * Sends {@code method path} announcing {@code length} bytes of body of {@code contentType} through a raw socket,
     * then {@code body} (all of it, or a first part), and returns the status line and the answer's body.
     */
    private static String raw(int port, String method, String path, String contentType, long length, byte[] body)
            throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + length
                    + "\r\nContent-Type: " + contentType + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(body);
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);  // the gate closes the connection
            return answer.lines().findFirst().orElse("") + " | " + answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void uploadsBodiesAndBrokenLanguagesAreRefusedAndNothingIsStoredOrLogged() throws Exception {
        List<LogRecord> logged = new ArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                    synchronized (logged) {
                        logged.add(record);
                    }
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        int port = Ports.free();
        Path privateDir;
        try (var ui = TrainingUi.start(port)) {
            privateDir = ui.privateDirectory();
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(privateDir)));
            Set<String> before = tree(privateDir);
            assertEquals(2, before.size(), "Vert.x's file cache and DL4J's upload directory: " + before);

            byte[] upload = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n" + "x".repeat(10_000) + "\r\n--b--\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            for (String route : List.of("/tsne/upload", "/remoteReceive", "/train/overview")) {
                assertEquals("HTTP/1.1 405 Method Not Allowed | the training UI only answers GET\n",
                        raw(port, "POST", route, "multipart/form-data; boundary=b", upload.length, upload), route);
            }
            byte[] small = ("--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"y\"\r\n\r\n"
                    + "y".repeat(100) + "\r\n--b--\r\n").getBytes(StandardCharsets.US_ASCII);
            assertEquals("HTTP/1.1 415 Unsupported Media Type | the training UI takes no uploads\n",
                    raw(port, "GET", "/train/overview", "multipart/form-data; boundary=b", small.length, small));
            long start = System.nanoTime();
            assertEquals("HTTP/1.1 405 Method Not Allowed | the training UI only answers GET\n",
                    raw(port, "POST", "/tsne/upload", "application/octet-stream", 700L << 20, new byte[1 << 16]));
            assertEquals("HTTP/1.1 413 Request Entity Too Large | the training UI takes no request body\n",
                    raw(port, "GET", "/train/overview", "application/octet-stream", 50L << 20, new byte[1 << 16]));
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5), "answered without reading the body");

            assertEquals(404, send(HttpRequest.newBuilder(uri(port, "/setlang/zz"))).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(uri(port, "/train/workers/setByIdx/9"))).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(uri(port, "/assets/nope.js"))).statusCode());
            assertEquals(404, send(HttpRequest.newBuilder(uri(port, "/assets/css/../../../../etc/passwd")))
                    .statusCode());
            var overview = send(HttpRequest.newBuilder(uri(port, "/train/overview")));
            assertEquals(200, overview.statusCode(), "the pages still work for every viewer");
            assertTrue(overview.body().contains("id=\"scoreiterchart\""));
            assertEquals(200, send(HttpRequest.newBuilder(uri(port, "/assets/css/style.css"))).statusCode());

            for (String entry : tree(privateDir)) {
                // Vert.x's cache of the assets it sent: copies of class-path files under file-cache-UUID/
                String[] parts = entry.split("/", 2);
                assertTrue(before.contains(parts[0]), "no new entry in the UI's directory: " + entry);
                assertTrue(parts.length == 1 || parts[0].startsWith("file-cache-") && UiGate.class.getClassLoader()
                        .getResource(parts[1]) != null, "only copies of class-path assets: " + entry);
            }
            synchronized (logged) {
                assertEquals(List.of(), logged.stream().map(r -> r.getLevel() + " " + r.getMessage()).toList(),
                        "nothing logged to the terminal");
            }
        } finally {
            root.removeHandler(capture);
        }
        assertFalse(Files.exists(privateDir), "the UI's directory is removed when it stops");
    }

    /**
     * A run with {@code --ui} whose {@code java.io.tmpdir} holds a {@code vertx-cache} that is another user's file
     * (as a shared /tmp can): the run works, and leaves the temporary directory as it found it.
     */
    @Test
    void aForeignVertxCacheInTheTemporaryDirectoryDoesNotStopTheUi(@TempDir Path tmp) throws Exception {
        Path planted = Files.writeString(tmp.resolve("vertx-cache"), "someone else's\n");
        UserPrincipalLookupService users = tmp.getFileSystem().getUserPrincipalLookupService();
        try {
            Files.setOwner(planted, users.lookupPrincipalByName("nobody"));
        } catch (IOException | UnsupportedOperationException e) {
            // not root: the file is still in the way of a directory of that name
        }
        Files.createDirectory(tmp.resolve("DL4JUI_1"));
        Set<String> before = tree(tmp);
        int port = Ports.free();
        var process = new ProcessBuilder(ChildJvm.course(List.of("-Djava.io.tmpdir=" + tmp, "-Dcourse.relaunch=false"),
                "dropout", "--epochs", "1", "--ui", "--ui-port", Integer.toString(port)))
                .redirectErrorStream(true).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), out);
        assertTrue(out.contains("Training UI: http://localhost:" + port + "/train/overview"), out);
        assertFalse(out.contains("SEVERE") || out.contains("Exception"), out);
        assertEquals(before, tree(tmp), "the temporary directory is left as it was");
        assertEquals("someone else's\n", Files.readString(planted));
    }
}
