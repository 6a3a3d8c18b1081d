package dev.dl4jlessons.runtime;

/**
 * A problem with something the user gave us: an option, a file, a directory. The launcher prints the message as
 * one line and exits with code 2, without a stack trace unless {@code --verbose} is given.
 */
public class InputException extends RuntimeException {
    /** @param message one line naming the input and what is wrong with it */
    public InputException(String message) {
        super(message);
    }

    /**
     * @param message one line naming the input and what is wrong with it
     * @param cause   the underlying error, shown only with {@code --verbose}
     */
    public InputException(String message, Throwable cause) {
        super(message, cause);
    }
}
