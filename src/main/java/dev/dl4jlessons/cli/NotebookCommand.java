package dev.dl4jlessons.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

import dev.dl4jlessons.docs.GuideStubs;
import dev.dl4jlessons.docs.Guides;
import dev.dl4jlessons.docs.NotebookGenerator;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code notebook}: regenerates the guides' code excerpts and outputs from the sources and real runs. */
@Command(name = "notebook", description = {"Regenerate everything shown from the code: guide stubs for new lessons, "
        + "the code excerpts and real outputs in README.md and lessons/*.md, and notebooks-equivalent/ (the Jupyter "
        + "notebook, its Markdown rendering and the JShell scripts).",
    "With --check, only report stale guides and exit 1 if any.",
    "Exit codes: 0 success; 1 stale guides with --check (a failed check); 2 a bad guide (not UTF-8, a guide command "
            + "that fails or runs notebook itself); 3 a file could not be written."})
final class NotebookCommand implements Callable<Integer> {
    @Option(names = "--check", description = "Only report stale files; exit 1 if any. Default: rewrite them.")
    boolean check;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    NotebookCommand(PrintStream out) {
        this.out = out;
    }

    /** How deep notebook runs are nested on this thread; more than one means a guide ran the command itself. */
    private static final ThreadLocal<Integer> RUNNING = ThreadLocal.withInitial(() -> 0);

    @Override
    public Integer call() throws IOException {
        if (RUNNING.get() > 0) {
            throw new InputException("notebook: already running on this thread; a guide may not run the notebook "
                    + "command (it would run itself)");
        }
        RUNNING.set(RUNNING.get() + 1);
        try {
            return regenerate();
        } finally {
            RUNNING.set(RUNNING.get() - 1);
        }
    }

    private int regenerate() throws IOException {
        Path root = ProjectFiles.requireRoot();
        if (!check) {
            for (Path p : GuideStubs.writeMissing(root)) {
                out.println("stub: " + root.relativize(p));
            }
        }
        List<Path> stale = new ArrayList<>();
        for (Path guide : Guides.files(root)) {
            String text = ProjectFiles.readText(guide);
            String fresh;
            try {
                fresh = Guides.refresh(text, root, NotebookCommand::capture);
            } catch (InputException e) {
                throw e.getMessage().startsWith(guide.toString()) ? e
                        : new InputException(root.relativize(guide) + ": " + e.getMessage(), e);
            }
            if (!fresh.equals(text)) {
                stale.add(root.relativize(guide));
                if (!check) {
                    AtomicFiles.writeString(guide, fresh);
                }
            }
        }
        for (Path p : stale) {
            out.println((check ? "stale: " : "updated: ") + p);
        }
        if (stale.isEmpty()) {
            out.println("all guides are current");
        }
        if (!check) {
            for (Path p : NotebookGenerator.writeAll(root)) {
                out.println("wrote: " + root.relativize(p));
            }
        }
        return check && !stale.isEmpty() ? 1 : 0;
    }

    /**
     * Standard output of the launcher for {@code args}, run in this process. A guide may not run {@code notebook}
     * itself: the command would regenerate the guide that runs it, without end.
     */
    static String capture(String[] args) {
        String command = String.join(" ", args);
        if (Arrays.asList(args).contains("notebook")) {
            throw new InputException("guide command '" + abbreviate(command) + "': a guide may not run the notebook "
                    + "command (it would run itself)");
        }
        var buffer = new ByteArrayOutputStream();
        var errors = new ByteArrayOutputStream();
        int code;
        try (var o = new PrintStream(buffer, true, StandardCharsets.UTF_8);
                var e = new PrintStream(errors, true, StandardCharsets.UTF_8)) {
            code = Course.execute(args, o, e);
        }
        if (code != 0) {
            String why = errors.toString(StandardCharsets.UTF_8).lines().findFirst().orElse("");
            throw new InputException("guide command '" + abbreviate(command) + "' exited with " + code
                    + (why.isEmpty() ? "" : " (" + abbreviate(why) + ")"));
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
