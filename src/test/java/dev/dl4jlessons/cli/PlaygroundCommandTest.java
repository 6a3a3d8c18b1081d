package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code course playground} refuses a bad or busy {@code --port}, and a {@code --fashion-dir} without Fashion-MNIST's
 * files, with one line and exit code 2.
 */
class PlaygroundCommandTest {
    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code = Course.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static void oneLine(Result r, String says) {
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("error: ") && r.err().contains(says), r.err());
    }

    @Test
    void aPortOutOfRangeOrNotANumberIsExit2() {
        oneLine(run("playground", "--port", "65536"), "--port 65536: must be a port in 0..65535");
        oneLine(run("playground", "--port", "-1"), "--port -1: must be a port in 0..65535");
        oneLine(run("playground", "--port", "eighty"), "eighty");
    }

    @Test
    void aFashionDirWithoutTheFourFilesIsExit2(@TempDir Path empty) {
        oneLine(run("playground", "--port", "0", "--fashion-dir", empty.resolve("nope").toString()),
                "no such folder");
        oneLine(run("playground", "--port", "0", "--fashion-dir", empty.toString()),
                "train-images-idx3-ubyte.gz is missing");
    }

    @Test
    void aPortInUseIsExit2() throws Exception {
        try (var taken = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            oneLine(run("playground", "--port", Integer.toString(taken.getLocalPort())), "the port is in use");
        }
    }
}
