package dev.dl4jlessons.harness;

import java.util.function.Supplier;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/**
 * A hook that sees every network the harness and the lab are about to train: the training UI ({@code --ui}) plugs
 * in here to attach its listener. Nothing is plugged in by default, and then a run pays one volatile read per
 * network.
 */
public final class TrainingWatch {
    /** Receives each network before its first step. Called from the training threads (the lab's are parallel). */
    @FunctionalInterface
    public interface Watcher {
        /**
         * @param session a name for this training run, e.g. {@code dropout} or {@code baseline-seed3}
         * @param net     the network, not yet trained
         * @param steps   how many steps ({@code fit} calls on a batch) the run will take at most
         */
        void watch(String session, MultiLayerNetwork net, long steps);
    }

    private static volatile Watcher current;

    private TrainingWatch() {
    }

    /** Runs {@code body} with {@code watcher} seeing every network trained meanwhile, then unplugs it. */
    public static <T> T with(Watcher watcher, Supplier<T> body) {
        current = watcher;
        try {
            return body.get();
        } finally {
            current = null;
        }
    }

    /** Shows {@code net} to the current watcher, if any; see {@link Watcher#watch}. */
    public static void network(String session, MultiLayerNetwork net, long steps) {
        Watcher watcher = current;
        if (watcher != null) {
            watcher.watch(session, net, steps);
        }
    }

    /** Steps in {@code epochs} passes over {@code rows} rows in batches of {@code batchSize}, the last one partial. */
    public static long steps(int epochs, long rows, int batchSize) {
        return epochs * ((rows + batchSize - 1) / batchSize);
    }
}
