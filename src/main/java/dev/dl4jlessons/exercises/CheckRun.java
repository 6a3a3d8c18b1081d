package dev.dl4jlessons.exercises;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Runs the exercise checks: compiles the student's files, refuses solutions that use the reference code, runs the
 * checks in order, stops at the first that fails, and prints progress. Exit codes: 0 all pass, 1 a check failed,
 * 2 an exercise does not compile.
 */
public final class CheckRun {
    /** Where the exercise files live, relative to the project. */
    public static final String FOLDER = "src/exercises/java/exercises";
    /** Exit code when every check passes. */
    public static final int PASSED = 0;
    /** Exit code when a check fails. */
    public static final int FAILED = 1;
    /** Exit code when an exercise does not compile. */
    public static final int COMPILE_ERROR = 2;

    private CheckRun() {
    }

    /**
     * The outcome of one run.
     *
     * @param exit    the exit code
     * @param passed  checks that passed
     * @param failed  the check that failed, or null
     * @param failure why, or null
     */
    public record Outcome(int exit, int passed, Exercise failed, CheckFailure failure) {
    }

    /** The exercise folder of the project the course runs in. */
    public static Path folder() {
        Path dir = ProjectFiles.requireRoot().resolve(FOLDER);
        if (!Files.isDirectory(dir)) {
            throw new InputException(FOLDER + ": not found in " + ProjectFiles.requireRoot()
                    + "; restore it with: git checkout -- src/exercises");
        }
        return dir;
    }

    /**
     * Checks the exercises in {@code dir}: all of them in order, or only {@code only}.
     *
     * @param shownAs how to name {@code dir} in messages
     */
    public static Outcome run(Path dir, String shownAs, List<Exercise> only, PrintStream out) {
        List<Exercise> all = ExerciseCatalog.all();
        List<Exercise> exercises = only.isEmpty() ? all : only;
        ExerciseCompiler.Compiled compiled;
        long start = System.nanoTime();
        try {
            compiled = ExerciseCompiler.compile(dir, shownAs);
        } catch (ExerciseCompiler.CompileError e) {
            out.println("The exercises do not compile; fix the first error (--watch re-checks on save):");
            for (String line : e.lines()) {
                out.println(line);
            }
            out.println("(nothing checked)");
            return new Outcome(COMPILE_ERROR, 0, null, null);
        }
        out.println(Student.format("Checking %s (compiled in %.1f s)", shownAs, (System.nanoTime() - start) / 1e9));
        var loader = new ExerciseCompiler.Loader(compiled.classes());
        int passed = 0;
        for (Exercise exercise : exercises) {
            long began = System.nanoTime();
            CheckFailure failure = checkOne(exercise, compiled, loader);
            if (failure == null) {
                passed++;
                out.println(Student.format("  ok    %d %s (%.1f s)", exercise.order(), exercise.name(),
                        (System.nanoTime() - began) / 1e9));
                continue;
            }
            print(out, exercise, failure, shownAs);
            out.println(progress(only, passed, all.size()));
            return new Outcome(FAILED, passed, exercise, failure);
        }
        out.println(progress(only, passed, all.size()));
        if (only.isEmpty()) {
            out.println("Every exercise passes. Well done.");
        }
        return new Outcome(PASSED, passed, null, null);
    }

    private static String progress(List<Exercise> only, int passed, int total) {
        return only.isEmpty() ? passed + "/" + total + " done" : passed + "/" + only.size() + " checked passed"
                + " (check with no name runs all " + total + ")";
    }

    private static void print(PrintStream out, Exercise exercise, CheckFailure f, String shownAs) {
        out.println(Student.format("  FAIL  %d %s: %s", exercise.order(), exercise.name(), exercise.task()));
        out.println("        call:     " + f.call());
        if (f.expected() != null) {
            out.println("        expected: " + f.expected());
            out.println("        got:      " + f.got());
        }
        out.println("        hint:     " + f.hint());
        out.println("        edit:     " + shownAs + "/" + exercise.name() + ".java");
    }

    /** Runs one check: refusals first, then the check itself; null when it passes. */
    static CheckFailure checkOne(Exercise exercise, ExerciseCompiler.Compiled compiled, ClassLoader loader) {
        List<byte[]> bytes = compiled.classesOf(exercise.name());
        if (bytes.isEmpty()) {
            return new CheckFailure(exercise.name() + ".java", null, null, "the file (class exercises."
                    + exercise.name() + ") is missing; restore it with: git checkout -- src/exercises");
        }
        for (String prefix : exercise.forbidden()) {
            String used = uses(bytes, prefix);
            if (used != null) {
                return new CheckFailure(exercise.name() + ".java", null, null, "refused: the solution uses "
                        + used.replace('/', '.') + ", which does the exercised part for you; write it yourself");
            }
        }
        try {
            Student student = new Student(Class.forName("exercises." + exercise.name(), true, loader));
            CheckFailure failure = withTimeout(exercise, student);
            if (failure != null) {
                return failure;
            }
            for (String name : exercise.required()) {
                if (uses(bytes, name) == null) {
                    return new CheckFailure(exercise.name() + ".java", null, null, "the solution must call "
                            + name.replace('/', '.') + " (see the task in the file's Javadoc)");
                }
            }
            return null;
        } catch (CheckFailure f) {
            return f;
        } catch (ClassNotFoundException | LinkageError e) {
            return new CheckFailure(exercise.name() + ".java", null, null, "the class could not be loaded: " + e);
        } catch (RuntimeException e) {
            return new CheckFailure(exercise.name(), null, null, "the result could not be checked: "
                    + Student.describe(e));
        }
    }

    /** Longest a check may take: exercise 8 trains for about 10 s; an endless loop must not hang --watch. */
    static final long TIMEOUT_SECONDS = 120;

    /** Runs the check on a thread of its own, so that a student's endless loop is reported, not waited for. */
    private static CheckFailure withTimeout(Exercise exercise, Student student) throws CheckFailure {
        var task = new java.util.concurrent.FutureTask<CheckFailure>(() -> {
            try {
                exercise.check(student);
                return null;
            } catch (CheckFailure f) {
                return f;
            }
        });
        var thread = new Thread(task, "check-" + exercise.name());
        thread.setDaemon(true); // a loop that never ends must not keep the JVM alive
        thread.start();
        try {
            return task.get(TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            thread.interrupt();
            return new CheckFailure(exercise.name(), null, null, "the check did not finish in " + TIMEOUT_SECONDS
                    + " s: look for a loop that never ends");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CheckFailure(exercise.name(), null, null, "interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException || cause instanceof Error && !(cause instanceof VirtualMachineError)) {
                return new CheckFailure(exercise.name(), null, null, "the result could not be checked: "
                        + Student.describe(cause));
            }
            throw new IllegalStateException(cause);
        }
    }

    /** The first referenced name (internal or dotted form) starting with {@code prefix}, or null. */
    static String uses(List<byte[]> classes, String prefix) {
        for (byte[] b : classes) {
            String text = new String(b, StandardCharsets.ISO_8859_1);
            for (String p : List.of(prefix, prefix.replace('/', '.'))) {
                int at = text.indexOf(p);
                if (at >= 0) {
                    int end = at;
                    while (end < text.length() && (Character.isJavaIdentifierPart(text.charAt(end))
                            || text.charAt(end) == '/' || text.charAt(end) == '.') && text.charAt(end) != 0) {
                        end++;
                    }
                    return text.substring(at, end);
                }
            }
        }
        return null;
    }

    /**
     * Checks, then re-checks each time a file in {@code dir} changes, until {@code stop} says so (never, from the
     * command line: Ctrl-C ends it). Polls every 100 ms, so a save is checked within a fraction of a second plus the
     * time the checks take.
     *
     * @return the last run's exit code
     */
    public static int watch(Path dir, String shownAs, List<Exercise> only, PrintStream out, BooleanSupplier stop)
            throws InterruptedException {
        Map<String, String> seen = snapshot(dir);
        int exit = run(dir, shownAs, only, out).exit();
        out.println("Watching " + shownAs + " for saves (Ctrl-C to stop).");
        while (!stop.getAsBoolean()) {
            Thread.sleep(100);
            Map<String, String> now = snapshot(dir);
            if (!now.equals(seen)) {
                Thread.sleep(50); // an editor may write a file in more than one step
                Map<String, String> before = seen;
                seen = snapshot(dir);
                out.println();
                out.println("-- saved " + changed(before, seen) + " --");
                exit = run(dir, shownAs, only, out).exit();
                out.println("Watching " + shownAs + " for saves (Ctrl-C to stop).");
            }
        }
        return exit;
    }

    private static String changed(Map<String, String> a, Map<String, String> b) {
        var names = new ArrayList<String>();
        b.forEach((k, v) -> {
            if (!v.equals(a.get(k))) {
                names.add(k);
            }
        });
        return names.isEmpty() ? "a file" : String.join(", ", names);
    }

    private static Map<String, String> snapshot(Path dir) {
        var map = new TreeMap<String, String>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                try {
                    map.put(f.getFileName().toString(), Files.getLastModifiedTime(f).toMillis() + ":" + Files.size(f));
                } catch (IOException e) {
                    map.put(f.getFileName().toString(), "unreadable");
                }
            }
        } catch (IOException e) {
            map.put("", "folder unreadable");
        }
        return map;
    }
}
