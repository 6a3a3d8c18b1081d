package dev.dl4jlessons.harness;

import java.nio.file.Path;

import dev.dl4jlessons.runtime.InputException;

/**
 * The settings a lesson runs with. {@link #NOTEBOOK} holds the seed notebook's values; every option on the command
 * line overrides one of these fields.
 *
 * @param seed            seeds the data, the shuffling and the weights (default 42; the notebook is unseeded)
 * @param epochs          passes over the data (default 5, as in the notebook)
 * @param batchSize       rows per training step (default 10, as in the notebook)
 * @param learningRate    Adam's learning rate (default 0.01, as in the notebook)
 * @param dropProbability PyTorch-style probability of <em>dropping</em> a unit, or {@code null} for each lesson's
 *                        own notebook value; lessons convert it to DL4J's retain probability
 * @param data            a CSV of 10 features and a target, or {@code null} for the notebook's random data
 * @param targetColumn    0-based column of {@code data} holding the target, or -1 for the last column
 */
public record Settings(long seed, int epochs, int batchSize, double learningRate, Double dropProbability, Path data,
        int targetColumn) {
    /** The seed notebook's settings: 5 epochs, batch 10, Adam at 0.01, each lesson's own dropout. */
    public static final Settings NOTEBOOK = new Settings(42, 5, 10, 0.01, null, null);

    /** Settings whose data, if any, has its target in the last column. */
    public Settings(long seed, int epochs, int batchSize, double learningRate, Double dropProbability, Path data) {
        this(seed, epochs, batchSize, learningRate, dropProbability, data, -1);
    }

    /** Most epochs a lesson trains: the history keeps every step's loss. */
    public static final int MAX_EPOCHS = 100_000;

    /** Validates every field; the message names the command-line option. */
    public Settings {
        if (epochs < 1 || epochs > MAX_EPOCHS) {
            throw new InputException("--epochs " + epochs + ": must be in 1.." + MAX_EPOCHS);
        }
        if (batchSize < 1) {
            throw new InputException("--batch-size " + batchSize + ": must be at least 1");
        }
        // float32 is what the updates are computed in: a rate that rounds to 0 there would train nothing
        if (!((float) learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InputException("--lr " + learningRate + ": must be a finite number above 0 that float32 can hold");
        }
        if (dropProbability != null && !(dropProbability >= 0 && dropProbability < 1)) {
            throw new InputException("--dropout " + dropProbability
                    + ": must be a drop probability in [0, 1), as in PyTorch's nn.Dropout(p)");
        }
    }

    /**
     * What differs from the notebook's settings, e.g. {@code "epochs 20 (notebook 5), lr 0.001 (notebook 0.01)"};
     * empty when nothing does.
     */
    public String overrides() {
        var parts = new java.util.ArrayList<String>();
        if (seed != NOTEBOOK.seed) {
            parts.add("seed " + seed + " (default " + NOTEBOOK.seed + ")");
        }
        if (epochs != NOTEBOOK.epochs) {
            parts.add("epochs " + epochs + " (notebook " + NOTEBOOK.epochs + ")");
        }
        if (batchSize != NOTEBOOK.batchSize) {
            parts.add("batch size " + batchSize + " (notebook " + NOTEBOOK.batchSize + ")");
        }
        if (learningRate != NOTEBOOK.learningRate) {
            parts.add("lr " + learningRate + " (notebook " + NOTEBOOK.learningRate + ")");
        }
        if (dropProbability != null) {
            parts.add("drop probability " + dropProbability + " (notebook: each lesson's own)");
        }
        return String.join(", ", parts);
    }

    /** The drop probability to use: the user's, or the lesson's notebook value. */
    public double dropOr(double lessonDefault) {
        return dropProbability == null ? lessonDefault : dropProbability;
    }

    /** A copy with another seed. */
    public Settings withSeed(long newSeed) {
        return new Settings(newSeed, epochs, batchSize, learningRate, dropProbability, data, targetColumn);
    }

    /** A copy with another number of epochs. */
    public Settings withEpochs(int newEpochs) {
        return new Settings(seed, newEpochs, batchSize, learningRate, dropProbability, data, targetColumn);
    }
}
