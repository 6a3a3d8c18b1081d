package dev.dl4jlessons.ui;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Helpers for the UI tests: free ports, the launcher in a fresh JVM, and HTTP to the UI on localhost. */
final class UiProcess {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern SESSION = Pattern.compile("^  \"([^\"]+)\" : \\{", Pattern.MULTILINE);

    private UiProcess() {
    }

    /** GET {@code path} on the UI at {@code port}; the body, or an exception for a status other than 200. */
    static String get(int port, String path) throws IOException, InterruptedException {
        var request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(30)).build();
        var response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("GET " + path + ": HTTP " + response.statusCode());
        }
        return response.body();
    }

    /** The session IDs the UI's train module lists ({@code /train/sessions/info}). */
    static Set<String> sessions(int port) throws IOException, InterruptedException {
        Set<String> ids = new TreeSet<>();
        Matcher m = SESSION.matcher(get(port, "/train/sessions/info"));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }

    /** Waits until the UI lists at least {@code expected} (its router forwards events every 0.5 s). */
    static Set<String> awaitSessions(int port, Set<String> expected) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<String> seen = sessions(port);
        while (!seen.containsAll(expected) && System.nanoTime() < deadline) {
            Thread.sleep(200);
            seen = sessions(port);
        }
        return seen;
    }

    /**
     * The local addresses of the sockets listening on {@code port}, as the kernel lists them in /proc/net/tcp and
     * tcp6 (hex, e.g. {@code 0100007F} for 127.0.0.1); empty where /proc/net is missing.
     */
    static Set<String> listeningAddresses(int port) throws IOException {
        Set<String> addresses = new TreeSet<>();
        String hexPort = String.format(Locale.ROOT, "%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.isReadable(file)) {
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                // f[1] local address:port, f[3] state; 0A is LISTEN
                if (f.length > 3 && f[3].equals("0A") && f[1].endsWith(":" + hexPort)) {
                    addresses.add(f[1].substring(0, f[1].indexOf(':')));
                }
            }
        }
        return addresses;
    }

    /** True for 127.0.0.1 as /proc/net/tcp writes it, and for its IPv4-mapped IPv6 form in tcp6. */
    static boolean isLoopback(String hexAddress) {
        return hexAddress.equals("0100007F") || hexAddress.equals("0000000000000000FFFF00000100007F");
    }
}
