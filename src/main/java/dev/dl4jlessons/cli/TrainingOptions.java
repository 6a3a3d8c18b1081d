package dev.dl4jlessons.cli;

import java.nio.file.Path;

import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import picocli.CommandLine.Option;

/** The options every training command shares; each default is the notebook's value. */
public final class TrainingOptions {
    @Option(names = "--seed", paramLabel = "N", description = "Seed for data, shuffling and weights. Default: ${DEFAULT-VALUE}.")
    long seed = Settings.NOTEBOOK.seed();

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the data, 1.." + Settings.MAX_EPOCHS + ". Default: ${DEFAULT-VALUE}.")
    int epochs = Settings.NOTEBOOK.epochs();

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per step, 1..rows. Default: ${DEFAULT-VALUE}.")
    int batchSize = Settings.NOTEBOOK.batchSize();

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate, above 0. Default: ${DEFAULT-VALUE}.")
    double learningRate = Settings.NOTEBOOK.learningRate();

    @Option(names = "--dropout", paramLabel = "P",
            description = "Drop probability as in PyTorch's nn.Dropout(p), in [0, 1). Default: each lesson's "
                    + "notebook value (" + DropoutLesson.DROP_PROBABILITY + " for dropout, "
                    + CombinedLesson.DROP_PROBABILITY + " for combined).")
    Double dropProbability;

    @Option(names = "--data", paramLabel = "FILE",
            description = "CSV of 10 feature columns and a target column (header optional). Default: the "
                    + "notebook's random 100×10 data for the seed.")
    Path data;

    @Option(names = "--target-column", paramLabel = "N",
            description = "With --data: the 1-based column holding the target; the other 10 are the features. "
                    + "Default: the last column.")
    Integer targetColumn;

    /** The validated settings; problems name their option. */
    public Settings settings() {
        if (targetColumn != null && data == null) {
            throw new dev.dl4jlessons.runtime.InputException("--target-column " + targetColumn
                    + ": only applies with --data FILE");
        }
        if (targetColumn != null && targetColumn < 1) {
            throw new dev.dl4jlessons.runtime.InputException("--target-column " + targetColumn
                    + ": columns are numbered from 1");
        }
        return new Settings(seed, epochs, batchSize, learningRate, dropProbability, data,
                targetColumn == null ? -1 : targetColumn - 1);
    }
}
