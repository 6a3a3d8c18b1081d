package dev.dl4jlessons.harness;

import java.util.function.BooleanSupplier;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar for a long run (me.tongfei:progressbar), drawn on standard error only when the course's standard
 * output and input are a terminal ({@link System#console()} is not null): what is printed to a pipe or a file stays
 * byte for byte what it was without the bar. The bar shows the unit of work (epochs of all runs), the run that last
 * finished an epoch, the elapsed time and an estimate of what remains, and clears itself when done.
 */
public final class Progress implements AutoCloseable {
    /** Set to {@code always} or {@code never} to override the terminal test (for tests and screenshots). */
    public static final String PROPERTY = "course.progress";

    private final ProgressBar bar;

    private Progress(ProgressBar bar) {
        this.bar = bar;
    }

    /** Whether a bar would be drawn now: {@value #PROPERTY}, else whether standard input and output are a terminal. */
    public static boolean enabled() {
        return enabled(System.getProperty(PROPERTY), () -> System.console() != null);
    }

    static boolean enabled(String property, BooleanSupplier terminal) {
        if ("always".equals(property)) {
            return true;
        }
        if ("never".equals(property)) {
            return false;
        }
        return terminal.getAsBoolean();
    }

    /**
     * A bar of {@code total} steps called {@code task}, or one that draws nothing when {@link #enabled()} is false.
     * The caller passes its own standard output: a run that prints somewhere else than {@link System#out} (a test,
     * the notebook generator) gets no bar either.
     */
    public static Progress start(String task, long total, java.io.PrintStream out) {
        if (!enabled() || out != System.out) {
            return new Progress(null);
        }
        ProgressBar bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500).setMaxRenderedLength(100)
                .clearDisplayOnFinish().setUnit(" epochs", 1).continuousUpdate().build();
        return new Progress(bar);
    }

    /** Whether this bar draws anything. */
    public boolean drawing() {
        return bar != null;
    }

    /** One step done; {@code message} names it (model, seed, epoch of total). Safe from several threads. */
    public void step(String message) {
        if (bar != null) {
            synchronized (bar) {
                bar.setExtraMessage(message);
                bar.step();
            }
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
