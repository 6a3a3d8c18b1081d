package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;

/**
 * The kernel starts whole or not at all: a connection file that is not one, or a port another program holds, is one
 * line on stderr and a non-zero exit, never a stack trace, a hang, or a JVM serving half its channels.
 */
class KernelStartupTest {
    @TempDir
    Path dir;

    private record Run(int exit, String output) {
    }

    private Run kernel(Path connection) throws Exception {
        Path log = dir.resolve("kernel.log");
        Process p = new ProcessBuilder(ChildJvm.command(List.of("-Xmx256m"), KernelMain.class.getName(),
                connection.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the kernel did not exit: " + Files.readString(log));
            return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static String valid() {
        return KernelProcess.json(new ConnectionFile("tcp", "127.0.0.1", Ports.free(), Ports.free(), Ports.free(),
                Ports.free(), Ports.free(), "hmac-sha256", "k"));
    }

    private static void oneLine(Run run, int exit, String expected) {
        assertEquals(exit, run.exit(), run.output());
        List<String> lines = run.output().lines().toList();
        assertEquals(1, lines.size(), "one line: " + run.output());
        assertTrue(lines.get(0).startsWith("error: "), run.output());
        assertTrue(lines.get(0).contains(expected), run.output());
        assertFalse(run.output().contains("Exception") || run.output().contains("\tat "), run.output());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "unknown signature scheme|SCHEME|unknown signature_scheme 'hmac-rot13'",
        "truncated JSON|{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", \"shell_po|its JSON is malformed",
        "an empty object|{}|the field 'ip' is missing",
        "a JSON array|[1, 2, 3]|a JSON object is expected, this is a JSON array",
        "a field missing|NO_SHELL|the field 'shell_port' is missing",
        "a port out of range|BIG_PORT|is not a port from 1 to 65535",
        "an empty file||a JSON object is expected, this is empty"})
    void aConnectionFileThatIsNotOneIsOneLineAndExitCode2(String name, String text, String expected)
            throws Exception {
        String json = text == null ? "" : switch (text) {
            case "SCHEME" -> valid().replace("hmac-sha256", "hmac-rot13");
            case "NO_SHELL" -> valid().replaceFirst("\"shell_port\": \\d+, ", "");
            case "BIG_PORT" -> valid().replaceFirst("\"hb_port\": \\d+", "\"hb_port\": 70000");
            default -> text;
        };
        Path file = dir.resolve("connection.json");
        Files.writeString(file, json, StandardCharsets.UTF_8);
        oneLine(kernel(file), 2, expected);
    }

    @Test
    void aFifoIsRefusedWithoutOpeningIt() throws Exception {
        Path fifo = dir.resolve("connection.json");
        Process mkfifo = new ProcessBuilder("mkfifo", fifo.toString()).start();
        assertEquals(0, mkfifo.waitFor());
        oneLine(kernel(fifo), 2, "not a regular file");
    }

    @Test
    void aMissingFileIsOneLine() throws Exception {
        oneLine(kernel(dir.resolve("gone.json")), 2, "no such connection file");
    }

    @Test
    void aPortTakenByAnotherProgramEndsTheKernelWithOneLine() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            String json = valid().replaceFirst("\"control_port\": \\d+", "\"control_port\": " + taken.getLocalPort());
            Path file = dir.resolve("connection.json");
            Files.writeString(file, json, StandardCharsets.UTF_8);
            oneLine(kernel(file), 1, "control port tcp://127.0.0.1:" + taken.getLocalPort() + " cannot be bound "
                    + "(address in use)");
        }
    }
}
