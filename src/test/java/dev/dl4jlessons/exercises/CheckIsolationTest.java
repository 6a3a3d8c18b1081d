package dev.dl4jlessons.exercises;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.CourseRuntime;

/**
 * The checker passes nothing it should not (issue 27, class 4): a student's code that exits, halts, hangs in a static
 * initializer or a method, prints without end, leaves threads running or reaches the course's own implementations
 * through reflection ends its exercise with FAIL and a hint, in a child JVM that is gone afterwards; a file that is
 * too large or not UTF-8 is one line naming it, and nothing is checked. Each test plants the case in a copy of the
 * reference answers (exercise 1, whose check takes a fraction of a second).
 */
class CheckIsolationTest {
    private static final String BODY = "return x.mul(keep).div(retain);";
    private static final Duration SHORT = Duration.ofSeconds(8);

    private static ExercisesTest.Printed check(Path dir, CheckRun.Options options) {
        CourseRuntime.init(false);
        var bytes = new ByteArrayOutputStream();
        var outcome = CheckRun.run(dir, "exercises", List.of(ExerciseCatalog.find("DropoutForward").orElseThrow()),
                new PrintStream(bytes, true, StandardCharsets.UTF_8), options);
        return new ExercisesTest.Printed(outcome, bytes.toString(StandardCharsets.UTF_8));
    }

    private static ExercisesTest.Printed plantAndCheck(Path dir, String replacement) throws IOException {
        return check(ExercisesTest.planted(dir, "DropoutForward", BODY, replacement),
                new CheckRun.Options(false, null, SHORT));
    }

    /** No thread of this JVM is running the student's code, and the child JVM of the run is gone. */
    private static void nothingLeftRunning(ExercisesTest.Printed printed) {
        for (var e : Thread.getAllStackTraces().entrySet()) {
            assertFalse(Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("exercises.")),
                    "thread " + e.getKey().getName() + " runs the student's code");
        }
        var worker = printed.outcome().worker();
        assertTrue(worker != null && !worker.isAlive(), "the child JVM is gone: " + worker);
    }

    private static void failsWith(ExercisesTest.Printed printed, Hint hint) {
        assertEquals(CheckRun.FAILED, printed.outcome().exit(), printed.text());
        assertEquals(hint.mistake(), printed.outcome().failure().hint(), printed.text());
        assertTrue(printed.text().contains("FAIL  1 DropoutForward"), printed.text());
        assertTrue(printed.text().contains("hint:     " + hint.mistake()), printed.text());
        assertFalse(printed.text().contains("ok    1"), printed.text());
    }

    @Test
    void systemExitIsAFailNotAPass(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "System.exit(0);\n        " + BODY);
        failsWith(printed, CheckRun.EXITED);
        nothingLeftRunning(printed);
    }

    @Test
    void runtimeHaltIsAFailNotAPass(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "Runtime.getRuntime().halt(0);\n        " + BODY);
        failsWith(printed, CheckRun.EXITED);
        nothingLeftRunning(printed);
    }

    @Tag("slow") // waits out the time limit; -Pproofs (anEndlessLoopInAMethodIsStopped stays in the default run)
    @Test
    void anEndlessLoopInAStaticInitializerIsStopped(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, BODY + "\n    }\n\n    static {\n        int i = 0;\n"
                + "        while (i < 1) {\n            i = i * 1;\n        }");
        failsWith(printed, CheckRun.TIMEOUT);
        nothingLeftRunning(printed);
    }

    @Test
    void anEndlessLoopInAMethodIsStopped(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "while (x != null) {\n            Thread.onSpinWait();\n        }\n        "
                + BODY);
        failsWith(printed, CheckRun.TIMEOUT);
        nothingLeftRunning(printed);
    }

    @Test
    void printingWithoutEndIsStopped(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "while (x != null) {\n            System.out.println(\"still here\");\n"
                + "        }\n        " + BODY);
        failsWith(printed, CheckRun.FLOOD);
        assertTrue(printed.text().contains("printed:  still here"), printed.text());
        nothingLeftRunning(printed);
    }

    @Test
    void writingStraightToTheProcessOutputWithoutEndIsStopped(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "try {\n            var o = new java.io.FileOutputStream("
                + "java.io.FileDescriptor.out);\n            while (x != null) {\n                o.write(\"again\\n\""
                + ".getBytes());\n            }\n        } catch (java.io.IOException e) {\n            return null;\n"
                + "        }\n        " + BODY);
        failsWith(printed, CheckRun.FLOOD);
        nothingLeftRunning(printed);
    }

    @Test
    void threadsTheCodeLeavesRunningDoNotOutliveTheCheck(@TempDir Path dir) throws IOException {
        var printed = plantAndCheck(dir, "new Thread(() -> {\n            while (true) {\n"
                + "                Thread.onSpinWait();\n            }\n        }).start();\n        " + BODY);
        assertEquals(CheckRun.PASSED, printed.outcome().exit(), printed.text());
        nothingLeftRunning(printed);
    }

    @Test
    void theCoursesImplementationsCannotBeReachedThroughReflection(@TempDir Path dir) throws IOException {
        // the name is put together at run time, so no scan of the class file can see it; the child's class path
        // does not hold the course's scratch/ package at all, so every way of loading it fails
        String name = "String.join(\".\", \"dev\", \"dl4jlessons\", \"scratch\", \"ScratchDropout\")";
        for (String load : List.of("Class.forName(" + name + ")",
                "ClassLoader.getSystemClassLoader().loadClass(" + name + ")",
                "Thread.currentThread().getContextClassLoader().loadClass(" + name + ")",
                "java.lang.invoke.MethodHandles.lookup().findClass(" + name + ")",
                "org.nd4j.linalg.factory.Nd4j.class.getClassLoader().loadClass(" + name + ")")) {
            Path each = Files.createDirectories(dir.resolve("d" + Math.abs(load.hashCode())));
            var printed = plantAndCheck(each, "try {\n            Class<?> c = " + load + ";\n"
                    + "            return (INDArray) c.getMethod(\"invertedForward\", INDArray.class, INDArray.class)"
                    + ".invoke(null, x, keep.div(retain));\n        } catch (ReflectiveOperationException e) {\n"
                    + "            throw new IllegalStateException(e);\n        }");
            assertEquals(CheckRun.FAILED, printed.outcome().exit(), load + "\n" + printed.text());
            assertTrue(printed.outcome().failure().hint().contains("ClassNotFoundException"),
                    load + "\n" + printed.text());
        }
    }

    @Test
    void aFiftyMegabyteFileIsOneLineAndNothingIsChecked(@TempDir Path dir) throws IOException {
        ExercisesTest.planted(dir, "DropoutForward");
        Path file = dir.resolve("DropoutForward.java");
        try (var out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            byte[] line = ("// " + "x".repeat(1020) + "\n").getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < 50 * 1024; i++) {
                out.write(line);
            }
        }
        var printed = check(dir, CheckRun.Options.DEFAULT);
        assertEquals(CheckRun.COMPILE_ERROR, printed.outcome().exit(), printed.text());
        assertEquals(1, printed.text().lines().count(), printed.text());
        assertTrue(printed.text().startsWith("error: exercises/DropoutForward.java: " + Files.size(file)
                + " bytes, larger than an exercise file can be"), printed.text());
        assertTrue(printed.outcome().worker() == null, "no check ran");
    }

    @Test
    void bytesThatAreNotUtf8AreOneLineAndNothingIsChecked(@TempDir Path dir) throws IOException {
        ExercisesTest.planted(dir, "DropoutForward");
        Path file = dir.resolve("DropoutForward.java");
        String text = Files.readString(file);
        int line = (int) text.substring(0, text.indexOf(BODY)).chars().filter(c -> c == '\n').count() + 1;
        byte[] latin1 = text.replace(BODY, BODY + " // caf\u00e9").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(file, latin1);
        var printed = check(dir, CheckRun.Options.DEFAULT);
        assertEquals(CheckRun.COMPILE_ERROR, printed.outcome().exit(), printed.text());
        assertEquals(List.of("error: exercises/DropoutForward.java:" + line + ": not UTF-8 text (byte 0xE9 at offset "
                + (text.indexOf(BODY) + BODY.length() + 7) + "); save the file as UTF-8"),
                printed.text().lines().toList());
        assertTrue(printed.outcome().worker() == null, "no check ran");
    }

    @Test
    void theSecondStepOfAHintComesWithTheSameMistakeTwiceInARow(@TempDir Path dir) throws IOException {
        Path exercises = ExercisesTest.planted(Files.createDirectories(dir.resolve("x")), "DropoutForward", BODY,
                "return x.mul(keep);");
        Path state = dir.resolve("state").resolve("last-failure.txt");
        var options = new CheckRun.Options(false, state, null);
        var first = check(exercises, options);
        assertTrue(first.text().contains("hint:     " + dev.dl4jlessons.exercises.checks.DropoutForwardCheck
                .NO_SCALING.mistake()), first.text());
        assertFalse(first.text().contains("how:"), first.text());
        assertTrue(first.text().contains("more:     check --hint DropoutForward"), first.text());
        var second = check(exercises, options);
        assertTrue(second.text().contains("how:      " + dev.dl4jlessons.exercises.checks.DropoutForwardCheck
                .NO_SCALING.how()), second.text());
        var asked = check(exercises, new CheckRun.Options(true, null, null));
        assertTrue(asked.text().contains("how:"), asked.text());
        // the check prints every input it used, the uniform draws included
        assertTrue(first.text().contains("uniform [2, 4] = [[0.1, 0.95, 0.5, 0.85], [0.3, 0.15, 0.9, 0.7]]"),
                first.text());
    }

    @Tag("slow") // waits out two time limits; -Pproofs
    @Test
    void aTimedOutSaveUnderWatchLeavesNothingRunning(@TempDir Path dir) throws Exception {
        ExercisesTest.planted(dir, "DropoutForward", BODY, "while (x != null) {\n            Thread.onSpinWait();\n"
                + "        }\n        " + BODY);
        CourseRuntime.init(false);
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        var stop = new java.util.concurrent.atomic.AtomicBoolean();
        var watcher = new Thread(() -> {
            try {
                CheckRun.watch(dir, "exercises", List.of(ExerciseCatalog.find("DropoutForward").orElseThrow()), out,
                        stop::get, new CheckRun.Options(false, null, Duration.ofSeconds(5)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        watcher.start();
        try {
            for (int save = 1; save <= 2; save++) {
                long deadline = System.nanoTime() + 240_000_000_000L;
                while (count(bytes.toString(StandardCharsets.UTF_8), "Watching") < save
                        && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                }
                assertEquals(save, count(bytes.toString(StandardCharsets.UTF_8), CheckRun.TIMEOUT.mistake()),
                        bytes.toString(StandardCharsets.UTF_8));
                for (var e : Thread.getAllStackTraces().entrySet()) {
                    assertFalse(Arrays.stream(e.getValue()).anyMatch(f -> f.getClassName().startsWith("exercises.")),
                            "thread " + e.getKey().getName() + " runs the student's code");
                }
                // one spare JVM waits for the next save; the timed-out one is gone
                assertTrue(ProcessHandle.current().descendants().count() <= 1,
                        ProcessHandle.current().descendants().map(ProcessHandle::info).toList().toString());
                Files.writeString(dir.resolve("DropoutForward.java"), Files.readString(dir.resolve(
                        "DropoutForward.java")) + "\n");
            }
        } finally {
            stop.set(true);
            watcher.join(30_000);
        }
        Thread.sleep(500);
        assertEquals(0, ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).count(),
                "the spare JVM is stopped with the watch");
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }
}
