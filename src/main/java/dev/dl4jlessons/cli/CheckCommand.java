package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.concurrent.Callable;

import dev.dl4jlessons.exercises.CheckRun;
import dev.dl4jlessons.exercises.ExerciseCatalog;
import dev.dl4jlessons.runtime.InputException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code check [NAME] [--watch]}: compile and check the exercises a student edits. */
@Command(name = "check", description = {"Compile the exercises in " + CheckRun.FOLDER + " and check them in order, "
        + "stopping at the first that fails: every input the check used, what was expected, what came back, and a "
        + "hint that names the mistake. Your code runs in a JVM of its own, with a time limit. Guide: "
        + "lessons/EXERCISES.md.",
    "Exit codes: 0 success (every exercise checked printed ok); 1 a check failed (or an exercise is not done yet, "
            + "ran past its time, ended the JVM or printed without end); 2 bad input: an exercise does not compile "
            + "(the compiler's message names the file and line), a file is too large or not UTF-8, or an unknown "
            + "NAME."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(paramLabel = "NAME", arity = "0..1", description = "Check only this exercise, e.g. DropoutForward.")
    String name;

    @Option(names = "--watch", description = "Check again each time an exercise file is saved, until Ctrl-C.")
    boolean watch;

    @Option(names = "--hint", description = "Also say how to do it right (the formula), not only which mistake it "
            + "is. Without it, that second step comes when the same mistake fails twice in a row.")
    boolean hint;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    CheckCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        var only = name == null ? List.<dev.dl4jlessons.exercises.Exercise>of()
                : List.of(ExerciseCatalog.find(name).orElseThrow(() -> new InputException("check " + name
                        + ": no such exercise; choose from " + ExerciseCatalog.names())));
        var dir = CheckRun.folder();
        var options = new CheckRun.Options(hint, CheckRun.hintState(), null);
        if (watch) {
            return CheckRun.watch(dir, CheckRun.FOLDER, only, out, () -> false, options);
        }
        return CheckRun.run(dir, CheckRun.FOLDER, only, out, options).exit();
    }
}
