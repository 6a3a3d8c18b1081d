package dev.dl4jlessons.exercises;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * The child JVM in which a student's code runs (see {@link Sandbox}). It starts, loads ND4J, then reads the job from
 * standard input: a token, the exercises to check, the compiled classes and any variants. It reports on standard
 * output in lines that start with the token, which the student's code cannot know, and stops at the first exercise
 * that fails. The student's own printing is captured; more than {@link #PRINT_LIMIT} bytes of it ends this JVM.
 * Nothing here defends against the student's code: the parent decides, and kills this JVM when it runs too long,
 * exits, or prints without end.
 */
public final class CheckWorker {
    /** Bytes of printing a student's code may do in one run before it counts as printing without end. */
    static final long PRINT_LIMIT = 1 << 20;
    /** Lines of the student's printing kept to show beside a failure. */
    static final int SHOWN_LINES = 20;

    private CheckWorker() {
    }

    /** Reads a job from standard input and checks it; see the class comment. */
    public static void main(String[] args) throws IOException {
        TunedJvm.watchParent(System.getProperty(TunedJvm.PARENT));
        PrintStream report = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        CourseRuntime.init(false);
        // load the native library, the checks and the first operations before the job arrives, so that the spare
        // worker of --watch answers a save without waiting for them
        ExerciseCatalog.all();
        var warm = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 4, 3);
        warm.lt(0.5).castTo(warm.dataType()).mul(warm).div(0.5).subRowVector(warm.mean(0)).var(false, 0);
        var in = new DataInputStream(new BufferedInputStream(System.in));
        String token;
        try {
            token = in.readUTF();
        } catch (IOException e) {
            Runtime.getRuntime().halt(0); // the parent went away, or stopped a spare it no longer needs
            return;
        }
        List<String> names = new ArrayList<>();
        for (int i = in.readInt(); i > 0; i--) {
            names.add(in.readUTF());
        }
        Map<String, byte[]> classes = readClasses(in);
        Map<String, Map<String, byte[]>> variants = new HashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            variants.put(in.readUTF(), readClasses(in));
        }
        var capture = new Capture(report, token);
        var captured = new PrintStream(capture, true, StandardCharsets.UTF_8);
        System.setOut(captured);
        System.setErr(captured);
        try {
            run(report, token, capture, captured, names, classes, variants);
        } catch (Throwable t) {
            var trace = new java.io.StringWriter();
            t.printStackTrace(new java.io.PrintWriter(trace));
            report.println(token + " crash " + encode(trace.toString()));
        }
        report.println(token + " end");
        report.flush();
        Runtime.getRuntime().halt(0); // threads the student's code left running must not keep this JVM alive
    }

    private static void run(PrintStream report, String token, Capture capture, PrintStream captured,
            List<String> names, Map<String, byte[]> classes, Map<String, Map<String, byte[]>> variants) {
        var compiled = new ExerciseCompiler.Compiled(classes);
        for (String name : names) {
            Exercise exercise = ExerciseCatalog.find(name).orElseThrow();
            report.println(token + " start " + name);
            CheckFailure failure = CheckRun.checkOne(exercise, compiled, variants.getOrDefault(name, Map.of()));
            captured.flush();
            for (String line : capture.shown()) {
                report.println(token + " said " + encode(line));
            }
            capture.reset();
            if (failure == null) {
                report.println(token + " ok " + name);
                continue;
            }
            report.println(token + " fail " + name + " " + encode(failure.call()) + " " + encode(failure.expected())
                    + " " + encode(failure.got()) + " " + encode(failure.hint()) + " " + encode(failure.how()) + " "
                    + failure.notDone());
            break;
        }
    }

    private static Map<String, byte[]> readClasses(DataInputStream in) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (int i = in.readInt(); i > 0; i--) {
            String name = in.readUTF();
            byte[] bytes = new byte[in.readInt()];
            in.readFully(bytes);
            classes.put(name, bytes);
        }
        return classes;
    }

    /** A field of a report line: base64 of its UTF-8, or {@code -} for null. */
    static String encode(String text) {
        return text == null ? "-" : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The inverse of {@link #encode}. */
    static String decode(String field) {
        return "-".equals(field) ? null : new String(Base64.getDecoder().decode(field), StandardCharsets.UTF_8);
    }

    /** The student's printing: the first lines kept, the bytes counted, the JVM ended past the limit. */
    static final class Capture extends OutputStream {
        private final PrintStream report;
        private final String token;
        private final StringBuilder text = new StringBuilder();
        private long bytes;

        Capture(PrintStream report, String token) {
            this.report = report;
            this.token = token;
        }

        @Override
        public synchronized void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes += len;
            if (bytes > PRINT_LIMIT) {
                for (String line : shown()) {
                    report.println(token + " said " + encode(line));
                }
                report.println(token + " flood " + bytes);
                report.flush();
                Runtime.getRuntime().halt(3);
            }
            if (text.length() < 4000) {
                text.append(new String(b, off, Math.min(len, 4000), StandardCharsets.UTF_8));
            }
        }

        synchronized List<String> shown() {
            return text.toString().lines().limit(SHOWN_LINES).map(l -> l.length() > 200 ? l.substring(0, 200) + "..."
                    : l).toList();
        }

        synchronized void reset() {
            text.setLength(0);
            bytes = 0;
        }
    }
}
