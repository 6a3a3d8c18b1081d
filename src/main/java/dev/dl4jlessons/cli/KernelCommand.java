package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;

import dev.dl4jlessons.kernel.CourseKernel;
import dev.dl4jlessons.kernel.KernelSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code kernel install} and {@code kernel uninstall}: the course's Jupyter kernel for this user. */
@Command(name = "kernel", description = {"Install or remove the course's Jupyter kernel, '" + CourseKernel.DISPLAY_NAME
        + "', which runs notebooks-equivalent/regularization.ipynb cell by cell.",
    KernelCommand.EXIT_CODES},
        subcommands = {KernelCommand.Install.class, KernelCommand.Uninstall.class})
final class KernelCommand implements Callable<Integer> {
    /** The exit codes of both subcommands, for their --help. */
    static final String EXIT_CODES = "Exit codes: 0 success; 2 a bad or incomplete build, the jar's lib/ or "
            + "target/classpath.txt missing (the message says what to build); 3 the kernelspec could not be written "
            + "or removed (a link, or a kernelspec the course did not write, stands there).";

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    KernelCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        out.println("kernel: name 'install' or 'uninstall' (kernel --help)");
        return Course.EXIT_USAGE;
    }

    /** What both subcommands share: the folder options, --verbose and --help, and the parent's output. */
    abstract static class Subcommand implements Callable<Integer> {
        @Option(names = "--prefix", paramLabel = "DIR", description = "Use DIR/share/jupyter, as 'jupyter kernelspec "
                + "install --prefix' does (e.g. a virtual environment's folder). Default: JUPYTER_DATA_DIR, else this "
                + "user's Jupyter data folder (~/.local/share/jupyter on Linux).")
        Path prefix;

        @Mixin
        CommonOptions common;

        @ParentCommand
        KernelCommand parent;

        Path dataDir() {
            return KernelSpec.dataDir(prefix, env());
        }
    }

    static Map<String, String> env() {
        return System.getenv();
    }

    @Command(name = "install", description = {"Write the kernelspec '" + KernelSpec.NAME + "' (" + CourseKernel.DISPLAY_NAME
            + ") into Jupyter's kernels folder. It starts this checkout's build with absolute paths, so it works from "
            + "any folder; run it again after moving the checkout.", EXIT_CODES})
    static final class Install extends Subcommand {
        @Override
        public Integer call() {
            Path file = KernelSpec.install(dataDir(), KernelSpec.currentBuild());
            PrintStream out = parent.out;
            out.println("Installed the kernel '" + CourseKernel.DISPLAY_NAME + "': " + file);
            if (KernelSpec.jupyterOnPath(env())) {
                out.println("Open your copy of the notebook: ./course notebook --open");
            } else {
                out.println("Jupyter is not installed: install it (apt-get install jupyter-notebook, or pip install "
                        + "notebook), then: ./course notebook --open");
            }
            return 0;
        }
    }

    @Command(name = "uninstall", description = {"Remove the kernelspec that 'kernel install' wrote, and nothing else.",
        EXIT_CODES})
    static final class Uninstall extends Subcommand {
        @Override
        public Integer call() {
            var removed = KernelSpec.uninstall(dataDir());
            parent.out.println(removed.map(f -> "Removed the kernel '" + CourseKernel.DISPLAY_NAME + "': " + f)
                    .orElse("No kernelspec '" + KernelSpec.NAME + "' in " + KernelSpec.folder(dataDir())
                            .getParent() + "; nothing to remove."));
            return 0;
        }
    }
}
