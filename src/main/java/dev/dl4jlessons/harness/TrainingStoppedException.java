package dev.dl4jlessons.harness;

/**
 * Training stopped on request, before its next step: the notebook kernel's interrupt, or an interrupted thread. Not a
 * failure of the model, so it carries no history.
 */
public final class TrainingStoppedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** @param message names the model, the epoch and the step */
    public TrainingStoppedException(String message) {
        super(message);
    }
}
