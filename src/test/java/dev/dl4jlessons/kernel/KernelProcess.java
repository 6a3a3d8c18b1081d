package dev.dl4jlessons.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.dl4jlessons.kernel.Wire.Good;
import dev.dl4jlessons.kernel.Wire.Msg;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;

/**
 * The real {@link KernelMain} in a child JVM on a connection file with free ports, and a client that talks to it
 * over real ZeroMQ sockets, as Jupyter does: shell and control as DEALER sockets, IOPub as SUB.
 */
final class KernelProcess implements AutoCloseable {
    static final String KEY = "a-test-key-0123456789";

    final ConnectionFile connection;
    final Path log;
    final Process process;
    final Wire wire;
    private final ZMQ.Context context = ZMQ.context(1);
    final ZMQ.Socket shell;
    final ZMQ.Socket control;
    final ZMQ.Socket iopub;

    KernelProcess(Path dir) throws IOException {
        connection = new ConnectionFile("tcp", "127.0.0.1", Ports.free(), Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), "hmac-sha256", KEY);
        Path file = dir.resolve("connection.json");
        Files.writeString(file, json(connection), StandardCharsets.UTF_8);
        log = dir.resolve("kernel.log");
        process = new ProcessBuilder(ChildJvm.command(List.of("-Xmx768m"), KernelMain.class.getName(),
                file.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        wire = new Wire("hmac-sha256", KEY);
        shell = socket(SocketType.DEALER, connection.shellPort());
        control = socket(SocketType.DEALER, connection.controlPort());
        iopub = socket(SocketType.SUB, connection.iopubPort());
        iopub.subscribe(new byte[0]);
    }

    static String json(ConnectionFile c) {
        return String.format(Locale.ROOT, "{\"transport\": \"tcp\", \"ip\": \"%s\", \"shell_port\": %d, "
                + "\"control_port\": %d, \"iopub_port\": %d, \"stdin_port\": %d, \"hb_port\": %d, "
                + "\"signature_scheme\": \"%s\", \"key\": \"%s\", \"kernel_name\": \"dl4j-course\"}", c.ip(),
                c.shellPort(), c.controlPort(), c.iopubPort(), c.stdinPort(), c.hbPort(), c.signatureScheme(),
                c.key());
    }

    ZMQ.Socket socket(SocketType type, int port) {
        ZMQ.Socket socket = context.socket(type);
        socket.setLinger(0);
        socket.connect("tcp://127.0.0.1:" + port);
        return socket;
    }

    /** A request of {@code type}, signed with the key. */
    Msg request(String type, ObjectNode content) {
        return new Msg(List.of(), wire.header(type), Wire.JSON.createObjectNode(), Wire.JSON.createObjectNode(),
                content);
    }

    /** Sends a message's frames; returns its msg_id. */
    String send(ZMQ.Socket socket, Msg msg) {
        sendFrames(socket, wire.frames(msg));
        return msg.id();
    }

    static void sendFrames(ZMQ.Socket socket, List<byte[]> frames) {
        for (int i = 0; i < frames.size(); i++) {
            socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
        }
    }

    /** The next message on a socket within the timeout, signature checked; null when none came. */
    Msg receive(ZMQ.Socket socket, Duration timeout) {
        socket.setReceiveTimeOut((int) Math.max(1, timeout.toMillis()));
        List<byte[]> frames = new ArrayList<>();
        do {
            byte[] frame = socket.recv(0);
            if (frame == null) {
                return null;
            }
            frames.add(frame);
        } while (socket.hasReceiveMore());
        return wire.parse(frames) instanceof Good good ? good.msg() : null;
    }

    /** The reply to {@code id} on a socket, skipping others; null when it did not come in time. */
    Msg reply(ZMQ.Socket socket, String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Msg msg = receive(socket, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
            if (msg != null && msg.parent().path("msg_id").asText().equals(id)) {
                return msg;
            }
        }
        return null;
    }

    /** A cell's reply and the IOPub messages it caused, up to its idle status. */
    record Execution(Msg reply, List<Msg> iopub) {
        String stdout() {
            var text = new StringBuilder();
            for (Msg m : iopub) {
                if (m.type().equals("stream") && m.content().path("name").asText().equals("stdout")) {
                    text.append(m.content().path("text").asText());
                }
            }
            return text.toString();
        }

        String status() {
            return reply == null ? "no reply" : reply.content().path("status").asText();
        }

        JsonNode result() {
            for (Msg m : iopub) {
                if (m.type().equals("execute_result")) {
                    return m.content().path("data").path("text/plain");
                }
            }
            return null;
        }
    }

    /** Sends an execute request; returns its id. */
    String startExecute(String code) {
        ObjectNode content = Wire.JSON.createObjectNode();
        content.put("code", code);
        content.put("silent", false);
        content.put("store_history", true);
        content.putObject("user_expressions");
        content.put("allow_stdin", false);
        content.put("stop_on_error", true);
        return send(shell, request("execute_request", content));
    }

    /** Waits for the execute request {@code id}: its reply and its IOPub messages up to idle. */
    Execution finish(String id, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Msg> messages = new ArrayList<>();
        boolean idle = false;
        while (!idle && System.nanoTime() < deadline) {
            Msg msg = receive(iopub, Duration.ofMillis(200));
            if (msg == null || !msg.parent().path("msg_id").asText().equals(id)) {
                continue;
            }
            idle = msg.type().equals("status") && msg.content().path("execution_state").asText().equals("idle");
            messages.add(msg);
        }
        Msg reply = reply(shell, id, Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())));
        return new Execution(reply, messages);
    }

    Execution execute(String code, Duration timeout) {
        return finish(startExecute(code), timeout);
    }

    /** Sends the stop button's interrupt_request on control; returns its id. */
    String interrupt() {
        return send(control, request("interrupt_request", Wire.JSON.createObjectNode()));
    }

    /** Waits until the kernel answers an execute request (JShell and ND4J have started). */
    void awaitReady(Duration timeout) throws IOException {
        Execution first = execute("1 + 1", timeout);
        if (first.reply() == null) {
            throw new IllegalStateException("the kernel did not answer within " + timeout + ": "
                    + Files.readString(log));
        }
    }

    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws Exception {
        try {
            if (process.isAlive()) {
                ObjectNode content = Wire.JSON.createObjectNode();
                content.put("restart", false);
                send(control, request("shutdown_request", content));
                process.waitFor(10, TimeUnit.SECONDS);
            }
        } finally {
            process.destroyForcibly();
            shell.close();
            control.close();
            iopub.close();
            context.close();
        }
    }
}
