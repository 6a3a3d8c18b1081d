package dev.dl4jlessons.exercises;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Runs the exercise checks: compiles the student's files in this JVM, then runs the checks in a child JVM
 * ({@link Sandbox}), in order, stopping at the first that fails, and prints progress. The student's code never runs in
 * this JVM: exiting, halting, hanging (in a static initializer too), printing without end or starting threads ends
 * that exercise with FAIL and a hint, and the child is killed with everything it started. Exit codes: 0 every
 * exercise checked printed ok, 1 a check failed, 2 an exercise file is unreadable or does not compile.
 */
public final class CheckRun {
    /** Where the exercise files live, relative to the project. */
    public static final String FOLDER = "src/exercises/java/exercises";
    /** Exit code when every check passes. */
    public static final int PASSED = 0;
    /** Exit code when a check fails. */
    public static final int FAILED = 1;
    /** Exit code when an exercise does not compile, or a file cannot be read as Java source. */
    public static final int COMPILE_ERROR = 2;
    /** Largest exercise file {@code check} reads: the files are a few kilobytes; a larger one is not an exercise. */
    public static final long MAX_FILE_BYTES = 1 << 20;

    /** Hint: the student's code ended the JVM. */
    public static final Hint EXITED = Hint.of("your code ended the JVM (System.exit or Runtime.halt) instead of "
            + "returning, so nothing could be checked", "return the result from the method; the check calls it and "
            + "compares what comes back");
    /** Hint: the check ran past its time. */
    public static final Hint TIMEOUT = Hint.of("the check did not finish in its time: look for a loop that never "
            + "ends, in a method or in a static initializer (static { ... } or a static field's value)",
            "every loop needs a condition that becomes false; print the loop's variable for a few rounds to see why "
            + "it never stops");
    /** Hint: the student's code printed without end. */
    public static final Hint FLOOD = Hint.of("your code printed without end (more than a megabyte): look for a "
            + "print inside a loop that never ends", "print a few values while you debug, outside the loop or only "
            + "for its first rounds");
    /** Hint shown when the refused code is the course's own. */
    static final String REFUSED = "refused: the solution uses ";

    private CheckRun() {
    }

    /**
     * How a run prints its hints and how long a check may take.
     *
     * @param showHow   print the second step of every hint (the formula), as {@code check --hint NAME} does
     * @param hintState a file that remembers the last failure, so that the same mistake twice in a row shows the
     *                  second step; null for none
     * @param timeLimit the time limit of every check instead of each exercise's own; null for their own
     */
    public record Options(boolean showHow, Path hintState, Duration timeLimit) {
        /** No state, each exercise's own time limit, first steps only. */
        public static final Options DEFAULT = new Options(false, null, null);
    }

    /**
     * The outcome of one run.
     *
     * @param exit    the exit code
     * @param passed  checks that passed
     * @param failed  the check that failed, or null
     * @param failure why, or null
     * @param worker  the child JVM that ran the student's code, or null when none was started
     */
    public record Outcome(int exit, int passed, Exercise failed, CheckFailure failure, ProcessHandle worker) {
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

    /** Where {@code check} remembers the last failure: under {@code target/}, which the build owns. */
    public static Path hintState() {
        return ProjectFiles.requireRoot().resolve("target").resolve("check-state").resolve("last-failure.txt");
    }

    /** {@link #run(Path, String, List, PrintStream, Options)} with {@link Options#DEFAULT}. */
    public static Outcome run(Path dir, String shownAs, List<Exercise> only, PrintStream out) {
        return run(dir, shownAs, only, out, Options.DEFAULT);
    }

    /**
     * Checks the exercises in {@code dir}: all of them in order, or only {@code only}.
     *
     * @param shownAs how to name {@code dir} in messages
     */
    public static Outcome run(Path dir, String shownAs, List<Exercise> only, PrintStream out, Options options) {
        List<Exercise> all = ExerciseCatalog.all();
        List<Exercise> exercises = only.isEmpty() ? all : only;
        String unreadable = unreadable(dir, shownAs);
        if (unreadable != null) {
            out.println(unreadable);
            return new Outcome(COMPILE_ERROR, 0, null, null, null);
        }
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
            return new Outcome(COMPILE_ERROR, 0, null, null, null);
        }
        var variants = new LinkedHashMap<String, Map<String, byte[]>>();
        for (Exercise e : exercises) {
            if (!e.variants().isEmpty()) {
                variants.put(e.name(), ExerciseCompiler.compileVariants(e.variants()));
            }
        }
        out.println(Student.format("Checking %s (compiled in %.1f s)", shownAs, (System.nanoTime() - start) / 1e9));
        Sandbox.Worker worker = takeSpare();
        worker.send(exercises.stream().map(Exercise::name).toList(), compiled.classes(), variants);
        Outcome outcome;
        try {
            outcome = follow(worker, exercises, out, shownAs, options);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            worker.kill();
            return new Outcome(FAILED, 0, null, null, worker.process.toHandle());
        }
        out.println(progress(only, outcome.passed(), all.size()));
        if (outcome.exit() == PASSED && only.isEmpty()) {
            out.println("Every exercise passes. Well done.");
        }
        return outcome;
    }

    /** Reads the child's report until it ends, printing each result; kills it when it runs past its time. */
    private static Outcome follow(Sandbox.Worker worker, List<Exercise> exercises, PrintStream out, String shownAs,
            Options options) throws InterruptedException {
        int passed = 0;
        Exercise current = null;
        long began = System.nanoTime();
        long deadline = began + Sandbox.START_SECONDS * 1_000_000_000L;
        var said = new ArrayList<String>();
        long otherBytes = 0;
        CheckFailure failure = null;
        Exercise failed = null;
        boolean ended = false;
        String prefix = worker.token + " ";
        while (true) {
            String line = worker.next((deadline - System.nanoTime()) / 1_000_000);
            if (line == null) {
                worker.kill();
                if (failure == null) {
                    failed = current != null ? current : exercises.get(Math.min(passed, exercises.size() - 1));
                    long seconds = current != null ? limit(current, options).toSeconds() : Sandbox.START_SECONDS;
                    failure = new CheckFailure(failed.name() + " (stopped after " + seconds + " s)", null, null,
                            current != null ? TIMEOUT : Hint.only("the JVM that runs the checks did not start in "
                                    + seconds + " s; is the machine very busy?"));
                }
                break;
            }
            if (Sandbox.isEof(line)) {
                int code = worker.exitCode();
                if (!ended && failure == null) {
                    failed = current != null ? current : exercises.get(Math.min(passed, exercises.size() - 1));
                    failure = current != null
                            ? new CheckFailure(failed.name() + " (the JVM ended with exit code " + code + ")", null,
                                    null, EXITED)
                            : new CheckFailure(failed.name(), null, null, Hint.only("the JVM that runs the checks "
                                    + "ended before checking (exit code " + code + ")" + (said.isEmpty() ? ""
                                    : ": " + said.get(0))));
                }
                break;
            }
            if (!line.startsWith(prefix)) {
                otherBytes += line.length() + 1;
                if (said.size() < CheckWorker.SHOWN_LINES) {
                    said.add(Messages.escape(line.length() > 200 ? line.substring(0, 200) + "..." : line));
                }
                if (otherBytes > Sandbox.OUTPUT_LIMIT) {
                    worker.kill();
                    failed = current != null ? current : exercises.get(Math.min(passed, exercises.size() - 1));
                    failure = new CheckFailure(failed.name(), null, null, FLOOD);
                    break;
                }
                continue;
            }
            String[] f = line.substring(prefix.length()).split(" ");
            switch (f[0]) {
                case "start" -> {
                    current = ExerciseCatalog.find(f[1]).orElseThrow();
                    began = System.nanoTime();
                    deadline = began + limit(current, options).toNanos();
                    said.clear();
                    otherBytes = 0;
                }
                case "said" -> {
                    if (said.size() < CheckWorker.SHOWN_LINES) {
                        said.add(Messages.escape(CheckWorker.decode(f[1])));
                    }
                }
                case "ok" -> {
                    passed++;
                    out.println(Student.format("  ok    %d %s (%.1f s)", current.order(), current.name(),
                            (System.nanoTime() - began) / 1e9));
                    forget(options, current);
                    current = null;
                    deadline = System.nanoTime() + Sandbox.START_SECONDS * 1_000_000_000L;
                }
                case "fail" -> {
                    failed = current;
                    failure = new CheckFailure(CheckWorker.decode(f[2]), CheckWorker.decode(f[3]),
                            CheckWorker.decode(f[4]), CheckWorker.decode(f[5]), CheckWorker.decode(f[6]),
                            Boolean.parseBoolean(f[7]));
                }
                case "flood" -> {
                    failed = current;
                    failure = new CheckFailure(current == null ? "?" : current.name(), null, null, FLOOD);
                }
                case "crash" -> {
                    failed = current != null ? current : exercises.get(Math.min(passed, exercises.size() - 1));
                    String trace = CheckWorker.decode(f[1]);
                    failure = new CheckFailure(failed.name(), null, null, Hint.only("the checker itself failed "
                            + "(please report it): " + Messages.escape(trace.lines().findFirst().orElse(""))));
                    said.addAll(trace.lines().skip(1).limit(8).map(Messages::escape).toList());
                }
                case "end" -> ended = true;
                default -> {
                    // a line this version does not know: ignore it
                }
            }
        }
        if (failure == null && passed == exercises.size()) {
            return new Outcome(PASSED, passed, null, null, worker.process.toHandle());
        }
        if (failure == null) {
            failed = exercises.get(Math.min(passed, exercises.size() - 1));
            failure = new CheckFailure(failed.name(), null, null, Hint.only("the check ended without a result"));
        }
        print(out, failed, failure, shownAs, showHow(options, failed, failure), said);
        return new Outcome(FAILED, passed, failed, failure, worker.process.toHandle());
    }

    private static Duration limit(Exercise exercise, Options options) {
        return options.timeLimit() != null ? options.timeLimit() : Duration.ofSeconds(exercise.timeLimitSeconds());
    }

    /** A spare child started after the last run of {@code --watch}, so that the next save needs no JVM start. */
    private static Sandbox.Worker spare;

    private static synchronized Sandbox.Worker takeSpare() {
        Sandbox.Worker w = spare;
        spare = null;
        if (w != null && w.process.isAlive()) {
            return w;
        }
        return Sandbox.start();
    }

    private static synchronized void prestart() {
        if (spare == null || !spare.process.isAlive()) {
            spare = Sandbox.start();
        }
    }

    private static synchronized void stopSpare() {
        if (spare != null) {
            spare.kill();
            spare = null;
        }
    }

    /**
     * The line that names a file {@code check} cannot read as an exercise (too large, not UTF-8, not a regular file),
     * or null when every file is fine.
     */
    static String unreadable(Path dir, String shownAs) {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            return "error: " + shownAs + ": the exercise folder could not be read (" + Messages.reason(e)
                    + "); restore it with: git checkout -- src/exercises";
        }
        for (Path f : files) {
            String name = shownAs + "/" + Messages.escape(f.getFileName().toString());
            try {
                if (!Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    return "error: " + name + ": not a regular file; an exercise is a plain .java file";
                }
                long size = Files.size(f);
                if (size > MAX_FILE_BYTES) {
                    return Student.format("error: %s: %d bytes, larger than an exercise file can be (%d KB); "
                            + "restore it with: git checkout -- %s/%s", name, size, MAX_FILE_BYTES >> 10, FOLDER,
                            Messages.escape(f.getFileName().toString()));
                }
                byte[] bytes = Files.readAllBytes(f);
                try {
                    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
                } catch (CharacterCodingException e) {
                    int at = firstBadByte(bytes);
                    int line = 1;
                    for (int i = 0; i < at; i++) {
                        line += bytes[i] == '\n' ? 1 : 0;
                    }
                    return Student.format("error: %s:%d: not UTF-8 text (byte 0x%02X at offset %d); save the "
                            + "file as UTF-8", name, line, bytes[at] & 0xff, at);
                }
            } catch (IOException e) {
                return "error: " + name + ": could not be read (" + Messages.reason(e) + ")";
            }
        }
        return null;
    }

    private static int firstBadByte(byte[] bytes) {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        var in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    private static String progress(List<Exercise> only, int passed, int total) {
        return only.isEmpty() ? passed + "/" + total + " done" : passed + "/" + only.size() + " checked passed"
                + " (check with no name runs all " + total + ")";
    }

    private static void print(PrintStream out, Exercise exercise, CheckFailure f, String shownAs, boolean showHow,
            List<String> said) {
        out.println(Student.format("  FAIL  %d %s: %s", exercise.order(), exercise.name(), exercise.task()));
        out.println("        call:     " + f.call());
        if (f.expected() != null) {
            out.println("        expected: " + f.expected());
            out.println("        got:      " + f.got());
        }
        out.println("        hint:     " + f.hint());
        if (f.how() != null) {
            out.println(showHow ? "        how:      " + f.how()
                    : "        more:     check --hint " + exercise.name() + " says how to do it right");
        }
        for (int i = 0; i < said.size(); i++) {
            out.println((i == 0 ? "        printed:  " : "                  ") + said.get(i));
        }
        out.println("        edit:     " + shownAs + "/" + exercise.name() + ".java");
    }

    /**
     * Whether to print the second step: asked for, or the same exercise failed with the same mistake last time.
     * Records this failure for next time.
     */
    private static boolean showHow(Options options, Exercise exercise, CheckFailure f) {
        boolean again = false;
        if (options.hintState() != null) {
            String entry = exercise.name() + "\t" + f.hint();
            try {
                again = Files.isRegularFile(options.hintState(), LinkOption.NOFOLLOW_LINKS)
                        && Files.readString(options.hintState(), StandardCharsets.UTF_8).strip().equals(entry);
            } catch (IOException e) {
                again = false;
            }
            try {
                AtomicFiles.writeString(options.hintState(), entry + "\n");
            } catch (RuntimeException e) {
                // the state is a convenience; a read-only target/ only loses the second step
            }
        }
        return options.showHow() || again;
    }

    private static void forget(Options options, Exercise passed) {
        Path state = options.hintState();
        if (state == null) {
            return;
        }
        try {
            if (Files.isRegularFile(state, LinkOption.NOFOLLOW_LINKS)
                    && Files.readString(state, StandardCharsets.UTF_8).startsWith(passed.name() + "\t")) {
                AtomicFiles.writeString(state, "");
            }
        } catch (IOException | RuntimeException e) {
            // as above
        }
    }

    /**
     * Runs one check in this JVM (the child's): refusals first, then the check itself; null when it passes.
     *
     * @param variants classes that replace some of the student's for {@link Student#variant()}
     */
    static CheckFailure checkOne(Exercise exercise, ExerciseCompiler.Compiled compiled, Map<String, byte[]> variants) {
        List<byte[]> bytes = compiled.classesOf(exercise.name());
        if (bytes.isEmpty()) {
            return new CheckFailure(exercise.name() + ".java", null, null, "the file (class exercises."
                    + exercise.name() + ") is missing; restore it with: git checkout -- src/exercises");
        }
        for (String prefix : exercise.forbidden()) {
            String used = uses(bytes, prefix);
            if (used != null) {
                return new CheckFailure(exercise.name() + ".java", null, null, REFUSED
                        + used.replace('/', '.') + ", which does the exercised part for you; write it yourself");
            }
        }
        try {
            var loader = new ExerciseCompiler.Loader(compiled.classes(), exercise.forbidden());
            Student student = new Student(Class.forName("exercises." + exercise.name(), true, loader), () -> {
                var replaced = new TreeMap<>(compiled.classes());
                replaced.putAll(variants);
                return new ExerciseCompiler.Loader(replaced, exercise.forbidden());
            });
            try {
                exercise.check(student);
            } catch (CheckFailure f) {
                return f;
            }
            for (String name : exercise.required()) {
                if (uses(bytes, name) == null) {
                    return new CheckFailure(exercise.name() + ".java", null, null, "the solution must call "
                            + name.replace('/', '.') + " (see the task in the file's Javadoc)");
                }
            }
            return null;
        } catch (ClassNotFoundException | LinkageError e) {
            Throwable cause = e instanceof ExceptionInInitializerError && e.getCause() != null ? e.getCause() : e;
            return new CheckFailure(exercise.name() + ".java", null, null, "the class could not be loaded: "
                    + Student.describe(cause));
        } catch (RuntimeException e) {
            return new CheckFailure(exercise.name(), null, null, "the result could not be checked: "
                    + Student.describe(e));
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
     * command line: Ctrl-C ends it). Polls every 100 ms. Between saves a spare child JVM waits, already started, so
     * that a save is checked without waiting for a JVM; each run still gets a fresh one, and the last is stopped.
     *
     * @return the last run's exit code
     */
    public static int watch(Path dir, String shownAs, List<Exercise> only, PrintStream out, BooleanSupplier stop,
            Options options) throws InterruptedException {
        try {
            Map<String, String> seen = snapshot(dir);
            int exit = run(dir, shownAs, only, out, options).exit();
            prestart();
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
                    exit = run(dir, shownAs, only, out, options).exit();
                    prestart();
                    out.println("Watching " + shownAs + " for saves (Ctrl-C to stop).");
                }
            }
            return exit;
        } finally {
            stopSpare();
        }
    }

    /** {@link #watch(Path, String, List, PrintStream, BooleanSupplier, Options)} with {@link Options#DEFAULT}. */
    public static int watch(Path dir, String shownAs, List<Exercise> only, PrintStream out, BooleanSupplier stop)
            throws InterruptedException {
        return watch(dir, shownAs, only, out, stop, Options.DEFAULT);
    }

    private static String changed(Map<String, String> a, Map<String, String> b) {
        var names = new ArrayList<String>();
        b.forEach((k, v) -> {
            if (!v.equals(a.get(k))) {
                names.add(Messages.escape(k));
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
