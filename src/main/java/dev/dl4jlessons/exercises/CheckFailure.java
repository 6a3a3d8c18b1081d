package dev.dl4jlessons.exercises;

/**
 * A check that did not pass: what was tried on which tiny input, what was expected, what came back, and a hint that
 * names the mistake.
 */
public final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String expected;
    private final String got;
    private final String hint;
    private final boolean notDone;

    /**
     * @param call     the call and its tiny input, e.g. {@code train(x [2, 4], uniform [2, 4], p 0.2)}
     * @param expected the expected value, with its shape
     * @param got      what the student's code returned, with its shape
     * @param hint     one or two sentences that name the mistake
     */
    public CheckFailure(String call, String expected, String got, String hint) {
        this(call, expected, got, hint, false);
    }

    private CheckFailure(String call, String expected, String got, String hint, boolean notDone) {
        super(call + ": " + hint);
        this.call = call;
        this.expected = expected;
        this.got = got;
        this.hint = hint;
        this.notDone = notDone;
    }

    /** The exercise still throws its "not done yet" exception. */
    public static CheckFailure notDone(String method) {
        return new CheckFailure(method, null, null, "not done yet: replace the body that throws "
                + "UnsupportedOperationException(\"not done yet\") with your code", true);
    }

    /** The call and its input. */
    public String call() {
        return call;
    }

    /** The expected value, or null when there is nothing to compare (a refused import, a changed signature). */
    public String expected() {
        return expected;
    }

    /** What came back, or null. */
    public String got() {
        return got;
    }

    /** The hint. */
    public String hint() {
        return hint;
    }

    /** Whether the exercise is untouched. */
    public boolean notDone() {
        return notDone;
    }
}
