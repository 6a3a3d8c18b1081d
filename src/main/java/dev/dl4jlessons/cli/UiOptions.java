package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.util.function.Supplier;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.ui.TrainingUi;
import picocli.CommandLine.Option;

/**
 * {@code --ui} and {@code --ui-port}, for every command that trains. The UI class is only reached on the
 * {@code --ui} branches (the JVM loads a class when code using it first runs), so a run without {@code --ui} never
 * loads a UI or Vert.x class; {@code UiClassLoadingTest} checks that in a fresh JVM.
 */
final class UiOptions {
    /** DL4J's own default port for its UI. */
    static final int DEFAULT_PORT = 9000;

    @Option(names = "--ui", description = "Watch training live in DL4J's training UI on localhost (one session per "
            + "model, per lab variant and seed, or per capacity width and seed). In a terminal it stays up until Enter.")
    boolean ui;

    @Option(names = "--ui-port", paramLabel = "N", description = "With --ui: the port, 1..65535. Default: " + DEFAULT_PORT + ".")
    Integer port;

    /** The validated port, or -1 without {@code --ui}; problems name their option. */
    int port() {
        if (port != null && !ui) {
            throw new InputException("--ui-port " + port + ": only applies with --ui");
        }
        if (port != null && (port < 1 || port > 65535)) {
            throw new InputException("--ui-port " + port + ": must be a port in 1..65535");
        }
        return !ui ? -1 : port == null ? DEFAULT_PORT : port;
    }

    /**
     * Runs {@code training}; with {@code --ui}, first starts the training UI and prints its address, and shows every
     * network in it. The UI stays up for {@link #finish}.
     *
     * @throws InputException naming {@code --ui-port} when the port is taken
     */
    <T> T around(PrintStream out, Supplier<T> training) {
        int chosen = port();
        if (chosen < 0) {
            return training.get();
        }
        var ui = TrainingUi.start(chosen);
        Started.ui = ui;
        out.println("Training UI: " + ui.overview());
        out.flush();
        return ui.watching(training);
    }

    /**
     * After a command: stops the training UI if one was started, in a terminal after a successful run only once the
     * student presses Enter.
     *
     * @return {@code exitCode}
     */
    static int finish(int exitCode, PrintStream out) {
        TrainingUi ui = Started.ui;
        Started.ui = null;
        if (ui != null) {
            ui.finish(exitCode == 0, out, System.in);
        }
        return exitCode;
    }

    /**
     * The UI this process started, until {@link #finish}. A class of its own because picocli reads every field of an
     * options class, and reading a field's type would load the UI.
     */
    private static final class Started {
        static volatile TrainingUi ui;
    }
}
