package dev.dl4jlessons.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;

/**
 * The connection file Jupyter writes before it starts a kernel: the transport, the address, the five ports and the
 * key that signs every message. {@link #read} checks all of it before a socket is opened, so that a bad file is one
 * line and exit code 2 rather than a kernel that starts half-way.
 *
 * @param transport       {@code tcp} or {@code ipc}
 * @param ip              the address the ports are on
 * @param shellPort       the shell channel's port (requests and replies)
 * @param controlPort     the control channel's port (interrupt, shutdown)
 * @param iopubPort       the IOPub channel's port (output, status)
 * @param stdinPort       the stdin channel's port
 * @param hbPort          the heartbeat's port
 * @param signatureScheme {@code hmac-sha256} (Jupyter's default) or another {@code hmac-} digest
 * @param key             the signing key; empty means that messages are not signed
 */
public record ConnectionFile(String transport, String ip, int shellPort, int controlPort, int iopubPort,
        int stdinPort, int hbPort, String signatureScheme, String key) {

    /** The largest connection file read: Jupyter's are a few hundred bytes. */
    static final long MAX_BYTES = 64 * 1024;

    /** The signature schemes Jupyter may name, and the JDK's algorithm for each. */
    static final Map<String, String> SCHEMES = Map.of("hmac-sha256", "HmacSHA256", "hmac-sha1", "HmacSHA1",
            "hmac-sha384", "HmacSHA384", "hmac-sha512", "HmacSHA512", "hmac-md5", "HmacMD5");

    /**
     * Reads and checks a connection file.
     *
     * @throws InputException naming the file and what is wrong: not a regular file (a FIFO is refused before it is
     *                        opened, so it cannot hang the kernel), too large, not a JSON object, a field missing or
     *                        of the wrong type, a port out of range, an unknown signature scheme
     */
    public static ConnectionFile read(Path file) {
        String name = Messages.path(file);
        if (!Files.exists(file)) {
            throw new InputException("error: " + name + ": no such connection file (Jupyter writes it, then starts "
                    + "the kernel with its path)");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException("error: " + name + ": not a regular file (a folder, pipe or device); the "
                    + "kernel reads its connection file only from a regular file");
        }
        String json;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new InputException("error: " + name + ": " + Files.size(file) + " bytes, more than a "
                        + "connection file's " + MAX_BYTES + "; not read");
            }
            json = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new InputException("error: " + name + ": cannot read the connection file: " + e.getMessage(), e);
        }
        return parse(json, name);
    }

    /** Checks the text of a connection file; {@code name} names it in a message. */
    static ConnectionFile parse(String json, String name) {
        JsonNode tree;
        try {
            tree = new ObjectMapper().readTree(json);
        } catch (IOException | RuntimeException | StackOverflowError e) {
            throw new InputException("error: " + name + ": not a connection file: its JSON is malformed ("
                    + firstLine(e.getMessage()) + ")");
        }
        if (tree == null || !tree.isObject()) {
            throw new InputException("error: " + name + ": not a connection file: a JSON object is expected, this is "
                    + (tree == null || tree.isMissingNode() ? "empty" : "a JSON " + tree.getNodeType().name().toLowerCase(Locale.ROOT)));
        }
        String transport = text(tree, "transport", "tcp", name);
        if (!transport.equals("tcp") && !transport.equals("ipc")) {
            throw new InputException("error: " + name + ": transport '" + Messages.escape(transport)
                    + "' is not tcp or ipc");
        }
        String ip = text(tree, "ip", null, name);
        String scheme = text(tree, "signature_scheme", "hmac-sha256", name);
        if (!SCHEMES.containsKey(scheme)) {
            throw new InputException("error: " + name + ": unknown signature_scheme '" + Messages.escape(scheme)
                    + "' (the kernel knows " + String.join(", ", SCHEMES.keySet().stream().sorted().toList()) + ")");
        }
        String key = text(tree, "key", null, name);
        return new ConnectionFile(transport, ip, port(tree, "shell_port", name), port(tree, "control_port", name),
                port(tree, "iopub_port", name), port(tree, "stdin_port", name), port(tree, "hb_port", name), scheme,
                key);
    }

    private static String text(JsonNode tree, String field, String fallback, String name) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            if (fallback != null) {
                return fallback;
            }
            throw new InputException("error: " + name + ": not a connection file: the field '" + field
                    + "' is missing");
        }
        if (!node.isTextual()) {
            throw new InputException("error: " + name + ": the field '" + field + "' is not a string");
        }
        return node.asText();
    }

    private static int port(JsonNode tree, String field, String name) {
        JsonNode node = tree.get(field);
        if (node == null || node.isNull()) {
            throw new InputException("error: " + name + ": not a connection file: the field '" + field
                    + "' is missing");
        }
        if (!node.isIntegralNumber() || node.asLong() < 1 || node.asLong() > 65535) {
            throw new InputException("error: " + name + ": the field '" + field + "' is not a port from 1 to 65535: "
                    + Messages.escape(node.toString()));
        }
        return node.asInt();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "no detail";
        }
        String line = message.lines().findFirst().orElse("");
        return Messages.escape(line.length() > 200 ? line.substring(0, 200) + "..." : line);
    }

    /** The address of one of the ports, as ZeroMQ binds it. */
    String address(int port) {
        return transport.equals("ipc") ? "ipc://" + ip + "-" + port : "tcp://" + ip + ":" + port;
    }
}
