package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;

import dev.dl4jlessons.kernel.Wire.Msg;

/**
 * Planted bad messages, sent over real ZeroMQ sockets to the real kernel in a child JVM, as any local user who can
 * reach its ports could send them without the key: each is dropped and logged once per kind, and a valid request
 * afterwards still gets its answer. Also the stop button's hard cases and a cell that prints 200,000 lines.
 */
class KernelRobustnessTest {
    private static final Duration CELL = Duration.ofSeconds(90);

    @TempDir
    static Path dir;
    private static KernelProcess kernel;

    @BeforeAll
    static void start() throws Exception {
        kernel = new KernelProcess(dir);
        kernel.awaitReady(Duration.ofSeconds(180));
    }

    @AfterAll
    static void stop() throws Exception {
        kernel.close();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A request's frames signed with the key, then changed by {@code edit} (index 0 is the delimiter). */
    private static List<byte[]> planted(String type, java.util.function.Consumer<List<byte[]>> edit) {
        ObjectNode content = Wire.JSON.createObjectNode();
        content.put("code", "System.out.println(\"planted code ran\");");
        List<byte[]> frames = new ArrayList<>(kernel.wire.frames(kernel.request(type, content)));
        edit.accept(frames);
        return frames;
    }

    /** The kinds of bad message, each as the frames a DEALER sends (the kernel's ROUTER adds the identity). */
    private static Map<String, List<byte[]>> badMessages() {
        return Map.of(
                "unsigned", planted("execute_request", f -> f.set(1, new byte[0])),
                "wrongly signed", planted("execute_request", f -> f.set(1, utf8("0".repeat(64)))),
                "no <IDS|MSG> delimiter", planted("execute_request", f -> f.remove(0)),
                "a signed header that is not a JSON object", headerNotJson(),
                "fewer than the five frames after <IDS|MSG>", planted("execute_request", f -> f.remove(f.size() - 1)),
                "more than 64 frames", planted("execute_request", f -> {
                    for (int i = 0; i < 100; i++) {
                        f.add(utf8("buffer"));
                    }
                }));
    }

    private static List<byte[]> headerNotJson() {
        byte[] header = utf8("{\"msg_type\": \"execute_request\", truncated");
        byte[] empty = utf8("{}");
        byte[] content = utf8("{\"code\": \"1\"}");
        String signature = kernel.wire.sign(header, empty, empty, content);
        return List.of(Wire.DELIMITER, utf8(signature), header, empty, empty, content);
    }

    @Test
    void everyKindOfBadMessageOnShellIsDroppedAndLoggedOnceAndTheKernelGoesOnServing() throws Exception {
        for (var bad : badMessages().entrySet()) {
            for (int twice = 0; twice < 2; twice++) {
                KernelProcess.sendFrames(kernel.shell, bad.getValue());
            }
            var run = kernel.execute("6 * 7", CELL);
            assertEquals("ok", run.status(), bad.getKey() + ": " + kernel.log());
            assertEquals("42", run.result().asText(), bad.getKey());
            assertFalse(run.stdout().contains("planted code ran"), bad.getKey());
        }
        String log = kernel.log();
        for (String kind : List.of("unsigned", "wrongly signed", "no <IDS|MSG> delimiter",
                "a signed header that is not a JSON object", "more than 64 frames",
                "fewer than the five frames after <IDS|MSG>")) {
            long lines = log.lines().filter(l -> l.startsWith("kernel: dropped a message on shell: " + kind)).count();
            assertEquals(1, lines, kind + " is logged once, in one line:\n" + log);
        }
        assertFalse(log.contains("\tat "), "no stack trace: " + log);
    }

    @Test
    void badMessagesOnControlAreDroppedAndTheStopButtonStillWorks() throws Exception {
        for (var bad : badMessages().values()) {
            KernelProcess.sendFrames(kernel.control, bad);
        }
        String id = kernel.startExecute("long spins = 0; while (true) { spins++; }");
        Thread.sleep(500);
        Msg reply = kernel.reply(kernel.control, kernel.interrupt(), Duration.ofSeconds(30));
        assertNotNull(reply, "interrupt_reply: " + kernel.log());
        assertEquals("ok", reply.content().path("status").asText());
        var run = kernel.finish(id, CELL);
        assertEquals("ok", run.status(), kernel.log());
        assertTrue(run.stdout().contains("(stopped: the cell was still running"), run.stdout());
    }

    @Test
    void aFrameLargerThanTheBoundIsRefusedBeforeItIsReadIntoMemory() throws Exception {
        ZMQ.Socket intruder = kernel.socket(SocketType.DEALER, kernel.connection.shellPort());
        try {
            byte[] huge = new byte[(int) KernelServer.MAX_MESSAGE_BYTES + 1024 * 1024];
            intruder.send(Wire.DELIMITER, ZMQ.SNDMORE);
            intruder.send(huge, 0);
            Thread.sleep(500);
        } finally {
            intruder.close();
        }
        var run = kernel.execute("Runtime.getRuntime().maxMemory() > 0", CELL);
        assertEquals("ok", run.status(), kernel.log());
        assertEquals("true", run.result().asText());
        assertTrue(kernel.process.isAlive());
    }

    @Test
    void aStopPressedInTheFirstMillisecondsOfACellIsNotLost() throws Exception {
        String id = kernel.startExecute("long spins = 0; while (true) { spins++; }");
        kernel.interrupt(); // at once: the cell may not have started yet
        var run = kernel.finish(id, Duration.ofSeconds(30));
        assertNotNull(run.reply(), "the cell never ended: the stop was lost; " + kernel.log());
        assertEquals("2", kernel.execute("1 + 1", CELL).result().asText());
    }

    @Test
    void aLoopThatCatchesThrowableStoppedTwiceEndsCleanlyAndPrintsNothingIntoTheNextCell() throws Exception {
        String id = kernel.startExecute("int caught = 0;\nwhile (caught < 2) {\n    try {\n        Thread.sleep(5);\n"
                + "        System.out.println(\"tick\");\n    } catch (Throwable t) {\n        caught++;\n"
                + "        System.out.println(\"caught \" + caught);\n    }\n}");
        Thread.sleep(1000);
        kernel.interrupt();
        Thread.sleep(200);
        kernel.interrupt();
        var run = kernel.finish(id, CELL);
        assertEquals("ok", run.status(), kernel.log());
        assertTrue(run.stdout().contains("caught 2"), run.stdout().substring(Math.max(0, run.stdout().length() - 500)));
        var next = kernel.execute("\"next\"", CELL);
        assertEquals("\"next\"", next.result().asText());
        assertFalse(next.stdout().contains("tick"), next.stdout());
        String log = kernel.log();
        assertFalse(log.contains("ZMQ") || log.contains("zmq") || log.contains("Exception"), log);
    }

    @Test
    void twoHundredThousandPrintedLinesAllArrive() throws Exception {
        var run = kernel.execute("for (int i = 0; i < 200000; i++) {\n    System.out.println(\"line \" + i);\n}",
                Duration.ofMinutes(5));
        assertEquals("ok", run.status(), kernel.log());
        List<String> lines = run.stdout().lines().toList();
        assertEquals(200_000, lines.size());
        assertEquals("line 0", lines.get(0));
        assertEquals("line 199999", lines.get(199_999));
    }

    @Test
    void shutdownOnControlEndsTheKernelAfterBadlySignedOnes(@TempDir Path own) throws Exception {
        try (var other = new KernelProcess(own)) {
            other.awaitReady(Duration.ofSeconds(180));
            ObjectNode content = Wire.JSON.createObjectNode();
            content.put("restart", false);
            List<byte[]> forged = new ArrayList<>(other.wire.frames(other.request("shutdown_request", content)));
            forged.set(1, utf8("f".repeat(64)));
            KernelProcess.sendFrames(other.control, forged);
            Thread.sleep(300);
            assertTrue(other.process.isAlive(), "a forged shutdown is not obeyed");
            String id = other.send(other.control, other.request("shutdown_request", content));
            Msg reply = other.reply(other.control, id, Duration.ofSeconds(30));
            assertNotNull(reply, other.log());
            assertTrue(other.process.waitFor(30, TimeUnit.SECONDS), "the kernel ended: " + other.log());
            assertEquals(0, other.process.exitValue());
        }
    }
}
