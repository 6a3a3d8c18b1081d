package dev.dl4jlessons.lab;

import java.nio.file.Path;
import java.util.List;

import dev.dl4jlessons.runtime.InputException;

/**
 * Settings of a lab run. Defaults, and why:
 *
 * @param data        dataset name or CSV file (default diabetes: real data with the notebook's 10 features)
 * @param variants    variants to compare (default all)
 * @param seeds       runs per variant, each with its own split and initialisation (default 5)
 * @param epochs      epochs per run (default 100: enough for the baseline to overfit few rows)
 * @param trainRows   training rows, 0 for all 70% (few rows is where overfitting shows)
 * @param batchSize   rows per step (default 10, as in the notebook)
 * @param lr          Adam's learning rate (default 0.01, as in the notebook)
 * @param dropout     PyTorch-style drop probabilities of the dropout variants: one for every hidden layer, or one per
 *                    hidden layer, first layer first (default 0.5 everywhere; d2l uses 0.2, 0.5)
 * @param weightDecay the {@code weight_decay} of both weight-decay variants, or {@code null} for each one's own
 *                    default ({@link #decayFor}): for {@code weight-decay} (default 1.0), DL4J's decoupled
 *                    {@code .weightDecay} at the builder level, which M2.1 applies twice (each step shrinks the
 *                    weights by 2 × lr × 1.0 = 2%: PyTorch AdamW(weight_decay=2.0)); for {@code l2} (default 0.1),
 *                    DL4J's {@code .l2} (PyTorch Adam's coupled weight_decay=0.1; at 1.0 it pulls every weight to
 *                    zero and the model predicts the training mean)
 * @param patience    early stopping: epochs without a better validation loss before stopping (default 20)
 * @param sweep       true to sweep the drop probability 0, 0.1, ..., 0.8 instead of comparing variants
 * @param threads     parallel runs (default: one per core)
 * @param out         output directory for results.csv and charts (default target/lab)
 */
public record LabSettings(String data, List<Variant> variants, int seeds, int epochs, int trainRows, int batchSize,
        double lr, List<Double> dropout, Double weightDecay, int patience, boolean sweep, int threads, Path out) {

    /** Most seeds per variant: enough for any statistic, and a typo such as 2000000000 fails at once. */
    public static final int MAX_SEEDS = 1000;
    /** Most epochs per run. */
    public static final int MAX_EPOCHS = 100_000;
    /** Most parallel runs. */
    public static final int MAX_THREADS = 256;

    /** Validates every field; messages name the option. */
    public LabSettings {
        variants = List.copyOf(variants);
        if (variants.isEmpty()) {
            throw new InputException("--variants: name at least one variant");
        }
        require(seeds >= 1 && seeds <= MAX_SEEDS, "--seeds " + seeds + ": must be in 1.." + MAX_SEEDS);
        require(epochs >= 1 && epochs <= MAX_EPOCHS, "--epochs " + epochs + ": must be in 1.." + MAX_EPOCHS);
        require(trainRows >= 0, "--train-rows " + trainRows + ": must be at least 2 (or 0 for all)");
        require(trainRows != 1, "--train-rows 1: must be at least 2 (or 0 for all)");
        require(batchSize >= 2, "--batch-size " + batchSize + ": must be at least 2 (batch norm needs 2 rows)");
        // float32 is what the updates are computed in: a rate that rounds to 0 there would train nothing
        require((float) lr > 0 && Double.isFinite(lr), "--lr " + lr + ": must be a finite number above 0 that float32 can hold");
        dropout = List.copyOf(dropout);
        require(dropout.size() == 1 || dropout.size() == LabModels.HIDDEN.length, "--dropout "
                + join(dropout) + ": give one drop probability, or one per hidden layer (" + LabModels.HIDDEN.length
                + ")");
        for (double p : dropout) {
            require(p >= 0 && p < 1, "--dropout " + join(dropout) + ": " + (dropout.size() > 1 ? "each " : "")
                    + "must be a drop probability in [0, 1)");
        }
        require(weightDecay == null || weightDecay >= 0 && Double.isFinite(weightDecay), "--weight-decay " + weightDecay
                + ": must be 0 or more");
        require(patience >= 1, "--patience " + patience + ": must be at least 1");
        require(threads >= 1 && threads <= MAX_THREADS, "--threads " + threads + ": must be in 1.." + MAX_THREADS);
    }

    /** The weight-decay variant's coefficient when {@code --weight-decay} is not given. */
    public static final double WEIGHT_DECAY_DEFAULT = 1.0;
    /**
     * The l2 variant's coefficient when {@code --weight-decay} is not given: under Adam an L2 penalty needs a far
     * smaller coefficient than decoupled decay (lesson 4 measures 0.01, 0.1 and 1.0); at 1.0 it flattens the network.
     */
    public static final double L2_DEFAULT = 0.1;

    /** The coefficient {@code variant} trains with: {@code --weight-decay} if given, else the variant's default. */
    public double decayFor(Variant variant) {
        if (weightDecay != null) {
            return weightDecay;
        }
        return variant == Variant.L2 ? L2_DEFAULT : WEIGHT_DECAY_DEFAULT;
    }

    /** The drop probability after hidden layer {@code layer} (0-based). */
    public double dropoutAt(int layer) {
        return dropout.size() == 1 ? dropout.get(0) : dropout.get(layer);
    }

    private static String join(List<Double> values) {
        return String.join(",", values.stream().map(String::valueOf).toList());
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InputException(message);
        }
    }
}
