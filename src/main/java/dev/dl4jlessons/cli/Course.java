package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Callable;

import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.TrainingFailedException;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.Environment;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.runtime.OutputException;
import dev.dl4jlessons.runtime.TunedJvm;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The course launcher: {@code mvn -q compile exec:java}, {@code java -jar target/dl4j-regularization-lessons.jar}, or any
 * lesson's {@code main}.
 *
 * <p>Exit codes: 0 success, 1 training failed (also: parity diverged, {@code notebook --check} found stale guides),
 * 2 bad option or input file, 3 an output could not be written (full disk, read-only directory). Errors are one line
 * on standard error; the stack trace appears only with {@code --verbose}.
 */
@Command(name = "course", sortOptions = false, usageHelpAutoWidth = true,
        description = {"Runs the DL4J regularization lessons. With no LESSON, runs the notebook's three models "
                + "(dropout, batchnorm, combined) on the same data and prints a comparison."},
        footer = {"", "Examples:", "  course --list", "  course dropout --epochs 20 --dropout 0.3",
                "  course --data test-data/random-100x10.csv",
                "  course lab --data diabetes --train-rows 100 --epochs 200",
                "  course parity test-data/parity/combined",
                "  course dropout --ui",
                "'course COMMAND --help' describes each command. Guides: lessons/README.md.",
                Course.STANDS_FOR, Course.STANDS_FOR_MAVEN, "",
                "Exit codes: 0 success; 1 training failed (loss NaN or infinite) or a check did not pass; "
                        + "2 bad option or input file; "
                        + "3 an output could not be written (full disk, read-only directory)."})
public final class Course implements Callable<Integer> {
    /** What the helps' "course" means; every subcommand's help ends with it too. */
    static final String STANDS_FOR = "'course' is ./course at the repository root (course.cmd on Windows), or";
    static final String STANDS_FOR_MAVEN = "mvn -q compile exec:java -Dexec.args=\"...\" with the rest in the quotes.";
    /** Exit code for a bad option or data file. */
    public static final int EXIT_USAGE = 2;
    /** Exit code for a training run that failed. */
    public static final int EXIT_TRAINING = 1;
    /** Exit code for an output that could not be written: a full disk, a read-only directory. */
    public static final int EXIT_IO = 3;

    @Parameters(paramLabel = "LESSON", arity = "0..*", description = "Lessons to run, by name (see --list).")
    List<String> lessonNames = new ArrayList<>();

    @Option(names = "--list", description = "List the syllabus in order (the lessons, and the lab and parity "
            + "commands, which have guides of their own) and exit.")
    boolean list;

    @Mixin
    TrainingOptions training;

    @Mixin
    UiOptions ui;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    Course(PrintStream out) {
        this.out = out;
    }

    /**
     * Runs the launcher and exits the JVM with its exit code. Started with the JVM's defaults (plain {@code java -jar},
     * an IDE), it first moves to a JVM with the course's collector and heap settings ({@link TunedJvm}).
     */
    public static void main(String[] args) {
        // Before the relaunch too: a limit too low for the relaunched JVM would make it fail before any of our code.
        var problem = Environment.problem(TunedJvm.heapOfRun(Course.class));
        if (problem.isPresent()) {
            System.err.println("error: " + problem.get());
            System.exit(EXIT_TRAINING);
        }
        try {
            // Before the relaunch: it would pass the locale's replacement characters on as literal '?'
            requireDecodedArguments(args);
        } catch (InputException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(EXIT_USAGE);
        }
        OptionalInt relaunched = TunedJvm.relaunch(Course.class, args);
        int code = relaunched.isPresent() ? relaunched.getAsInt() : execute(args, System.out, System.err);
        System.out.flush();
        System.exit(code);
    }

    /**
     * Refuses an argument that the JVM could not decode with the locale's encoding (under {@code LC_ALL=C}, every
     * non-ASCII byte becomes U+FFFD), naming its option: a path made of replacement characters would name another
     * file than the one the user typed.
     *
     * @throws InputException naming the option, the encoding and the fix
     */
    static void requireDecodedArguments(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.indexOf('\uFFFD') < 0) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                AtomicFiles.requireEncodable(arg.substring(eq + 1), arg.substring(0, eq));
            }
            AtomicFiles.requireEncodable(arg, i > 0 && args[i - 1].startsWith("--") ? args[i - 1] : "argument");
        }
    }

    /** This launcher as the lessons' {@link Launcher}, registered in {@code META-INF/services}. */
    public static final class Service implements Launcher {
        @Override
        public void main(String[] args) {
            Course.main(args);
        }
    }

    /**
     * Parses {@code args}, runs, and returns the exit code without exiting, so tests can call it.
     */
    public static int execute(String[] args, PrintStream out, PrintStream err) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CourseRuntime.init(verbose);
        try {
            requireDecodedArguments(args);
        } catch (InputException e) {
            err.println("error: " + e.getMessage());
            return EXIT_USAGE;
        }
        if (verbose) {
            err.println(TunedJvm.describe());
        }
        var damaged = Environment.damagedNativeCache(Environment.nativeCache());
        if (damaged.isPresent()) {
            err.println("error: " + damaged.get());
            return EXIT_TRAINING;
        }
        var cmd = new CommandLine(new Course(out));
        cmd.addSubcommand(new NotebookCommand(out));
        cmd.addSubcommand(new ParityCommand(out));
        cmd.addSubcommand(new LabCommand(out, err));
        cmd.addSubcommand(new CapacityCommand(out));
        cmd.addSubcommand(new FashionCommand(out));
        cmd.addSubcommand(new PapersCommand(out, err));
        cmd.addSubcommand(new BenchCommand(out));
        cmd.addSubcommand(new CheckCommand(out));
        cmd.addSubcommand(new KernelCommand(out));
        cmd.addSubcommand(new PlaygroundCommand(out));
        for (CommandLine sub : cmd.getSubcommands().values()) {
            // a student who starts at 'lab --help' meets "Usage: course lab" without the main help's explanation
            var usage = sub.getCommandSpec().usageMessage();
            var footer = new ArrayList<>(List.of(usage.footer()));
            footer.addAll(List.of("", STANDS_FOR, STANDS_FOR_MAVEN));
            usage.footer(footer.toArray(String[]::new));
        }
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setParameterExceptionHandler((e, a) -> {
            err.println("error: " + Messages.line(e.getMessage()) + suggestion(e) + " (see --help)");
            return EXIT_USAGE;
        });
        cmd.setExecutionExceptionHandler((e, c, parsed) -> {
            err.println("error: " + Messages.line(e.getMessage()));
            if (verbose) {
                e.printStackTrace(err);
            }
            if (e instanceof InputException) {
                return EXIT_USAGE;
            }
            if (e instanceof OutputException) {
                return EXIT_IO;
            }
            if (!(e instanceof TrainingFailedException) && !verbose) {
                err.println("(unexpected " + e.getClass().getSimpleName() + "; run again with --verbose for details)");
            }
            return EXIT_TRAINING;
        });
        try {
            return UiOptions.finish(cmd.execute(args), out);
        } catch (OutOfMemoryError e) {
            // inputs are bounded by the heap before they are read; this is the last line of defence
            err.println("error: out of memory (this JVM's heap is " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB; raise it with -Xmx, or use smaller inputs)");
            return EXIT_TRAINING;
        } catch (LinkageError e) {
            // ND4J's static initialiser failed (ExceptionInInitializerError, UnsatisfiedLinkError): name the cause
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            err.println("error: " + Environment.nativeLoadFailure(e).orElse("ND4J's native code failed to load ("
                    + Messages.line(String.valueOf(root.getMessage())) + "); run again with --verbose for details"));
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_TRAINING;
        } catch (StackOverflowError e) {
            err.println("error: stack overflow (a bug: please report it with the command line)");
            if (verbose) {
                e.printStackTrace(err);
            }
            return EXIT_TRAINING;
        }
    }

    /**
     * "; did you mean '--epochs'?" for a misspelt option of the command it was given to, as unknown lesson names get;
     * empty when picocli has no close match.
     */
    static String suggestion(CommandLine.ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException u && u.isUnknownOption()) {
            String typed = u.getUnmatched().isEmpty() ? "" : u.getUnmatched().get(0);
            String prefix = typed.contains("=") ? typed.substring(0, typed.indexOf('=')) : typed;
            var options = u.getCommandLine().getCommandSpec().optionsMap().keySet().stream()
                    .filter(o -> o.startsWith("--")).toList();
            return Messages.didYouMean(prefix, options);
        }
        return "";
    }

    /** An option that no lesson of this run reads is an error, not a silent no-op. */
    private void refuseUnread(List<Lesson> lessons) {
        if (lessons.isEmpty()) {
            return; // the notebook's three models read every option
        }
        String names = String.join(", ", lessons.stream().map(Lesson::name).toList());
        if (training.dropProbability != null && lessons.stream().noneMatch(Lesson::readsDropout)) {
            throw new InputException("--dropout " + training.dropProbability + ": " + names + " ha"
                    + (lessons.size() == 1 ? "s" : "ve") + " no dropout; leave it out, or run a lesson with dropout ("
                    + lessonsThat(Lesson::readsDropout) + ")");
        }
        if (training.data != null && lessons.stream().noneMatch(Lesson::readsData)) {
            throw new InputException("--data " + training.data + ": " + names + " generate" + (lessons.size() == 1
                    ? "s" : "") + " its own data; leave it out, or run a lesson that reads it ("
                    + lessonsThat(Lesson::readsData) + ")");
        }
    }

    /** The names of the lessons that read an option, for the message that refuses it elsewhere. */
    private static String lessonsThat(java.util.function.Predicate<Lesson> reads) {
        return String.join(", ", LessonCatalog.all().stream().filter(reads).map(Lesson::name).toList());
    }

    @Override
    public Integer call() {
        if (list) {
            var all = LessonCatalog.syllabus();
            int width = all.stream().mapToInt(e -> e.name().length()).max().orElse(0) + 2;
            for (var entry : all) {
                out.printf(java.util.Locale.ROOT, "%-" + width + "s%s%n", entry.name(), entry.title());
            }
            return 0;
        }
        var settings = training.settings();
        ui.port();
        List<Lesson> lessons = new ArrayList<>();
        for (String name : lessonNames) {
            lessons.add(LessonCatalog.find(name).orElseThrow(() -> new InputException("unknown lesson '" + name
                    + "'" + LessonCatalog.didYouMean(name) + " (--list shows them all)")));
        }
        refuseUnread(lessons);
        if (!settings.overrides().isEmpty()) {
            out.println("Overrides: " + settings.overrides() + ".");
        }
        return ui.around(out, () -> {
            if (lessons.isEmpty()) {
                NotebookRun.run(LessonCatalog.notebook(), settings, out);
            } else if (lessons.size() > 1 && lessons.stream().allMatch(l -> l instanceof ModelLesson)) {
                NotebookRun.run(lessons.stream().map(l -> (ModelLesson) l).toList(), settings, out);
            } else {
                for (Lesson lesson : lessons) {
                    lesson.run(settings, out);
                }
            }
            return 0;
        });
    }
}
