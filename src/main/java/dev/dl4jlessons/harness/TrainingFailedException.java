package dev.dl4jlessons.harness;

/**
 * Training stopped because the loss stopped being a number. The launcher prints the message and exits with code 1;
 * {@link #history()} keeps everything recorded up to that point.
 */
public class TrainingFailedException extends RuntimeException {
    private final transient History history;

    /**
     * @param message names the model, epoch and step, and what to try
     * @param history the run up to the failure
     */
    public TrainingFailedException(String message, History history) {
        super(message);
        this.history = history;
    }

    /** The run up to the failure. */
    public History history() {
        return history;
    }
}
