package dev.dl4jlessons.harness;

/**
 * Where {@link NotebookRun#trainOne} reports each finished epoch instead of printing a line for it: the course's
 * notebook kernel plugs a sink in for one cell ({@code Live.train}), which shows one line per model that updates in
 * place. With nothing plugged in (the default, a lesson's {@code main}, a script) every epoch prints its line.
 */
public final class EpochSink {
    private EpochSink() {
    }

    /** Makes the lines of a model's run. */
    public interface Sink {
        /** A model's progress, before its first epoch. */
        Line start(String model, int epochs);
    }

    /** One model's progress. */
    public interface Line {
        /** Called after each epoch, on the thread that trains the model. */
        void epoch(History.Epoch epoch);
    }

    private static volatile Sink sink;

    /** Sends each epoch of the runs that start from now on to {@code progress}; {@code null} prints lines again. */
    public static void showWith(Sink progress) {
        sink = progress;
    }

    /** The line for a model's run, or null when epochs print as lines. */
    static Line start(String model, int epochs) {
        Sink s = sink;
        return s == null ? null : s.start(model, epochs);
    }
}
