package dev.dl4jlessons.harness;

import java.util.List;

/**
 * What one training run recorded.
 *
 * @param model      the lesson or variant name
 * @param stepLosses every step's training loss, computed in training mode before the update (as PyTorch's
 *                   {@code loss.item()})
 * @param epochs     per-epoch summaries, in order
 * @param warnings   anything the run noticed, such as an exploding loss
 */
public record History(String model, List<Double> stepLosses, List<Epoch> epochs, List<String> warnings) {
    /**
     * One epoch.
     *
     * @param number   1-based epoch number
     * @param lastLoss the last batch's loss: what the notebook prints
     * @param meanLoss the mean over the epoch's batches: the honest number
     */
    public record Epoch(int number, double lastLoss, double meanLoss) {
    }

    /** Immutable copy. */
    public History {
        stepLosses = List.copyOf(stepLosses);
        epochs = List.copyOf(epochs);
        warnings = List.copyOf(warnings);
    }
}
