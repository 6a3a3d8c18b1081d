package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Ports;

/**
 * A kernel whose Jupyter is gone stops by itself. Jupyter starts the kernel with {@code JPY_PARENT_PID}; when that
 * process dies without shutting the kernel down (a client killed with SIGKILL), nobody can reach the kernel any more,
 * and before this watch it ran on, spinning at full CPU on a {@code while (true)} cell. Real processes: a
 * {@code sleep} stands in for Jupyter, the kernel is the real {@link KernelMain} on a real connection file.
 */
class OrphanedKernelTest {
    /** How long the kernel may live on after its parent is gone: the watch polls every 200 ms. */
    private static final long GRACE_SECONDS = 5;

    @TempDir
    Path dir;

    private static boolean listening(int port) {
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void aKernelWhoseJupyterWasKilledStopsWithinSeconds() throws Exception {
        int hb = Ports.free();
        String connection = String.format(Locale.ROOT, "{\"transport\": \"tcp\", \"ip\": \"127.0.0.1\", "
                + "\"control_port\": %d, \"shell_port\": %d, \"stdin_port\": %d, \"hb_port\": %d, \"iopub_port\": %d, "
                + "\"key\": \"0123456789abcdef\", \"signature_scheme\": \"hmac-sha256\", \"kernel_name\": \"\"}",
                Ports.free(), Ports.free(), Ports.free(), hb, Ports.free());
        Path file = dir.resolve("kernel-test.json");
        Files.writeString(file, connection, StandardCharsets.UTF_8);

        Process jupyter = new ProcessBuilder("sleep", "600").start();
        var builder = new ProcessBuilder(ChildJvm.command(List.of("-Xmx512m"), KernelMain.class.getName(),
                file.toString())).redirectErrorStream(true)
                .redirectOutput(dir.resolve("kernel.log").toFile());
        builder.environment().put("JPY_PARENT_PID", Long.toString(jupyter.pid()));
        Process kernel = builder.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!listening(hb)) {
                if (!kernel.isAlive() || System.nanoTime() > deadline) {
                    fail("the kernel never answered on its heartbeat port: "
                            + Files.readString(dir.resolve("kernel.log")));
                }
                Thread.sleep(100);
            }
            Thread.sleep(1000);
            assertTrue(kernel.isAlive(), "the kernel stays up while the process that started it lives");

            jupyter.destroyForcibly().waitFor();
            assertTrue(kernel.waitFor(GRACE_SECONDS, TimeUnit.SECONDS),
                    "the kernel was still running " + GRACE_SECONDS + " s after its Jupyter was killed");
            assertEquals(137, kernel.exitValue(), "it halts as an orphaned course JVM does");
        } finally {
            kernel.destroyForcibly();
            jupyter.destroyForcibly();
        }
    }
}
