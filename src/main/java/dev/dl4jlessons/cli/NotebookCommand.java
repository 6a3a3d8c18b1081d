package dev.dl4jlessons.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.dl4jlessons.docs.GeneratedFiles;
import dev.dl4jlessons.docs.RunCache;
import dev.dl4jlessons.kernel.KernelSpec;
import dev.dl4jlessons.kernel.NotebookCopy;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.ProjectFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code notebook}: regenerates everything shown from the code, or with {@code --check} reports what is out of date. */
@Command(name = "notebook", description = {"Regenerate the guides' code excerpts and outputs, and "
        + "notebooks-equivalent/, from the code.",
    "Regenerates everything shown from the code: the code excerpts and real outputs in README.md and "
        + "lessons/*.md (each output block opens with the command that produced it), a guide stub and a syllabus "
        + "row for every lesson without a guide, and notebooks-equivalent/ (the Jupyter notebook, its Markdown "
        + "rendering, its chart and the JShell scripts).",
    "With --check, writes nothing and exits 1 when any of those files is missing or out of date (numbers may differ "
        + "by 2e-3, charts may differ in pixels but not in size), when a relative link in the README, the guides or "
        + "docs/ points at no file, or when a guide still holds a stub's TODO placeholders.",
    "With LESSON names, regenerates or checks only those lessons' guides, the syllabus, the notebook and their "
        + "JShell scripts (not the README or the pictures): seconds while writing a lesson.",
    "Results are cached in " + RunCache.DIR + "/ under a hash of the compiled classes each run reaches, pom.xml, "
        + "test-data/ and the options that produced them, so an unchanged lesson is not run again; a cached result is "
        + "used only when its HMAC (keyed by a secret of yours outside the project) verifies, and one that does not is "
        + "discarded with one line; --no-cache runs everything.",
    "Numbers in a guide's <!-- numbers: ARGS --> regions must be ones the run ARGS prints; any other is reported as "
        + "stale prose.",
    "With --open, copies the notebook to " + NotebookCopy.COPY + " (git ignores it; an existing copy is opened "
        + "as it is, never overwritten) and starts Jupyter's notebook server on it, rooted at the repository; Ctrl-C "
        + "stops the server.",
    "Exit codes: 0 success; 1 a failed check (--check found stale or missing files, or a broken link, or a guide "
        + "was edited while the command ran and was left as it is, or stale prose), or with --open Jupyter failed to "
        + "start or ended with an error (not installed: the message says how to install it); 2 a bad guide "
        + "(not UTF-8, a guide command that fails or runs notebook itself); 3 a file could not be written, or a "
        + "folder it writes into is a symbolic link."})
final class NotebookCommand implements Callable<Integer> {
    @Option(names = "--check", description = "Write nothing but the run cache; report stale or missing files, broken links and "
            + "unfinished guides, and exit 1 if there are any. Default: rewrite what is stale.")
    boolean check;

    @Option(names = "--open", description = "Copy the notebook to " + NotebookCopy.COPY + " unless that copy "
            + "exists (yours is never overwritten), then start Jupyter on it. Default: regenerate.")
    boolean open;

    @Option(names = "--no-cache", description = "Run every lesson again instead of taking unchanged results from "
            + RunCache.DIR + "/ (the fresh results still go into it). Default: use the cache.")
    boolean noCache;

    @Parameters(paramLabel = "LESSON", arity = "0..*", description = "Only these lessons (names as --list prints "
            + "them, e.g. dropout, lab). Default: everything.")
    List<String> lessons = new ArrayList<>();

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
        if (open) {
            return open();
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
        for (String name : lessons) {
            if (LessonCatalog.syllabus().stream().noneMatch(e -> e.name().equals(name) || e.name().startsWith(name
                    + " "))) {
                throw new InputException("notebook: unknown lesson '" + name + "'" + Messages.didYouMean(name,
                        LessonCatalog.syllabus().stream().map(e -> e.name().split(" ")[0]).toList())
                        + " (--list shows them all)");
            }
        }
        long start = System.nanoTime();
        // every folder this command writes into is a real one, before anything runs or is written
        for (String folder : GeneratedFiles.FOLDERS) {
            AtomicFiles.requireRealFolders(root, root.resolve(folder).resolve("file"));
        }
        var cache = RunCache.open(root, !noCache, out::println);
        var before = GeneratedFiles.snapshot(root); // the guides as they were when the runs began
        var generated = GeneratedFiles.generate(root, NotebookCommand::capture, cache, lessons);
        List<GeneratedFiles.Target> stale = new ArrayList<>(GeneratedFiles.stale(generated.targets()));
        // a picture of the same size but other pixels (a changed colour or font) is redrawn by notebook, not by --check
        List<GeneratedFiles.Target> redrawn = check ? List.of() : GeneratedFiles.redrawn(generated.targets());
        stale.addAll(redrawn);
        // every folder is checked again before the first write: nothing is written when one became a link meanwhile
        if (!check) {
            for (var target : stale) {
                AtomicFiles.requireRealFolders(root, target.file());
                requireRegularOrAbsent(root, target.file());
            }
        }
        if (lessons.isEmpty()) {
            cache.prune();
        }
        List<Path> edited = new ArrayList<>();
        for (var target : stale) {
            boolean missing = !Files.exists(target.file());
            if (!check && GeneratedFiles.changedSince(target.file(), before)) {
                // edited while the runs went on: writing would throw the edit away
                edited.add(target.file());
                out.println("changed while notebook ran, left as it is: " + root.relativize(target.file())
                        + " (run notebook again)");
                continue;
            }
            if (!check) {
                AtomicFiles.writeUnder(root, target.file(), o -> o.write(target.content()));
            }
            out.println((check ? (missing ? "missing: " : "stale: ")
                    : missing ? "wrote: " : redrawn.contains(target) ? "redrawn: " : "updated: ")
                    + root.relativize(target.file()));
        }
        generated.staleProse().forEach(p -> out.println("stale prose: " + p + " (edit the sentence, or let "
                + "the generator print it)"));
        List<String> broken = GeneratedFiles.brokenLinks(root);
        broken.forEach(link -> out.println("broken link: " + link));
        List<Path> unfinished = GeneratedFiles.unfinished(root, lessons);
        unfinished.forEach(g -> out.println("unfinished: " + root.relativize(g) + " still holds the stub's TODO "
                + "placeholders"));
        if (stale.size() == redrawn.size() && broken.isEmpty() && unfinished.isEmpty() && generated.staleProse().isEmpty()) {
            out.println("everything the notebook command writes" + (lessons.isEmpty() ? "" : " for "
                    + String.join(", ", lessons)) + " is current");
        }
        out.printf(Locale.ROOT, "(%s; %.1f s)%n", cache.summary(), (System.nanoTime() - start) / 1e9);
        boolean problems = !broken.isEmpty() || !edited.isEmpty() || !generated.staleProse().isEmpty()
                || (check && (!stale.isEmpty() || !unfinished.isEmpty()));
        return problems ? 1 : 0;
    }

    /** {@code notebook --open}: the student's copy, then Jupyter on it, until the server stops. */
    private int open() throws IOException {
        if (check || noCache || !lessons.isEmpty()) {
            throw new InputException("notebook --open: takes no LESSON, --check or --no-cache (it opens the whole "
                    + "notebook)");
        }
        Path root = ProjectFiles.requireRoot();
        var copy = NotebookCopy.prepare(root);
        out.println(copy.message());
        var env = System.getenv();
        if (!KernelSpec.jupyterOnPath(env)) {
            out.println("Jupyter is not installed: install it (apt-get install jupyter-notebook, or pip install "
                    + "notebook), then run notebook --open again.");
            return Course.EXIT_TRAINING;
        }
        if (!Files.isRegularFile(KernelSpec.folder(KernelSpec.dataDir(null, env)).resolve("kernel.json"))) {
            out.println("The course's kernel is not installed for you yet: run kernel install first, or Jupyter will "
                    + "ask which kernel to use.");
        }
        boolean asRoot = "root".equals(System.getProperty("user.name"));
        List<String> command = NotebookCopy.jupyter(root, copy.file(), asRoot);
        out.println("Starting Jupyter" + (asRoot ? " (with --allow-root: you are root)" : "") + "; Ctrl-C stops it: "
                + String.join(" ", command));
        out.flush();
        Process jupyter = new ProcessBuilder(command).directory(root.toFile()).inheritIO().start();
        // Ctrl-C or a stopped launcher stops the server (which stops its kernels), rather than leaving it running
        Thread stop = new Thread(jupyter::destroy, "course-jupyter-stop");
        Runtime.getRuntime().addShutdownHook(stop);
        while (true) {
            try {
                int code = jupyter.waitFor();
                Runtime.getRuntime().removeShutdownHook(stop);
                return code == 0 ? 0 : Course.EXIT_TRAINING;
            } catch (InterruptedException e) {
                jupyter.destroy();
            }
        }
    }

    /**
     * Refuses, before anything is written, a generated file's name under which a link, a folder or a special file
     * stands: {@link AtomicFiles#write} would refuse it too, but only after the files before it were written.
     */
    private static void requireRegularOrAbsent(Path root, Path file) {
        try {
            var attrs = Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attrs.isRegularFile()) {
                throw new dev.dl4jlessons.runtime.OutputException(Messages.path(root.relativize(file)) + ": is "
                        + (attrs.isSymbolicLink() ? "a symbolic link" : attrs.isDirectory() ? "a directory"
                        : "a special file") + ", not a file this course wrote; nothing was written (move it away)",
                        null);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // written new
        } catch (IOException e) {
            throw new dev.dl4jlessons.runtime.OutputException(Messages.path(file) + ": could not be examined ("
                    + Messages.reason(e) + ")", e);
        }
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
