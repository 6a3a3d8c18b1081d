package dev.dl4jlessons.runtime;

/**
 * An output could not be written: a full disk, a read-only or vanished directory. Not the user's input, so the
 * launcher exits with its own code, 3, and prints the file and the system's reason as one line.
 */
public class OutputException extends RuntimeException {
    /**
     * @param message one line naming the file and the reason
     * @param cause   the underlying error, shown only with {@code --verbose}
     */
    public OutputException(String message, Throwable cause) {
        super(message, cause);
    }
}
