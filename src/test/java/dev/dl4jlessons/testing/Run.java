package dev.dl4jlessons.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import dev.dl4jlessons.cli.Course;

/** Runs the launcher in-process, as a user would from the command line, and captures what it prints. */
public record Run(int exitCode, String out, String err) {
    /** Runs {@code Course} with {@code args}. */
    public static Run course(String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(out, true, StandardCharsets.UTF_8);
                var e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Course.execute(args, o, e);
        }
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** Lines of standard output that are the notebook's epoch lines. */
    public long epochLines() {
        return out.lines().filter(l -> l.startsWith("Epoch ") && l.contains(", Loss: ")).count();
    }
}
