package dev.dl4jlessons.exercises;

/**
 * A check that did not pass: what was tried on which input (every input printed, the uniform draws included), what
 * was expected, what came back, and a hint that names the mistake, with how to do it right as a second step.
 */
public final class CheckFailure extends Exception {
    private static final long serialVersionUID = 1L;

    private final String call;
    private final String expected;
    private final String got;
    private final String hint;
    private final String how;
    private final boolean notDone;

    /**
     * @param call     the call and every input it used, e.g. {@code train(x [1, 2] = [[2, 4]], uniform [1, 2] =
     *                 [[0.3, 0.9]], p 0.2)}
     * @param expected the expected value, with its shape, or null
     * @param got      what the student's code returned, with its shape, or null
     * @param hint     the mistake, and how to do it right
     */
    public CheckFailure(String call, String expected, String got, Hint hint) {
        this(call, expected, got, hint.mistake(), hint.how(), false);
    }

    /** A failure whose hint has one step only (a message about the file or the call). */
    public CheckFailure(String call, String expected, String got, String hint) {
        this(call, expected, got, hint, null, false);
    }

    /** A failure as it was recorded, for the checker's child JVM to hand it to the parent. */
    public CheckFailure(String call, String expected, String got, String hint, String how, boolean notDone) {
        super(call + ": " + hint);
        this.call = call;
        this.expected = expected;
        this.got = got;
        this.hint = hint;
        this.how = how;
        this.notDone = notDone;
    }

    /** The exercise still throws its "not done yet" exception. */
    public static CheckFailure notDone(String method) {
        return new CheckFailure(method, null, null, "not done yet: replace the body that throws "
                + "UnsupportedOperationException(\"not done yet\") with your code", null, true);
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

    /** The first step of the hint: the mistake, named. */
    public String hint() {
        return hint;
    }

    /** The second step: how to do it right, or null. */
    public String how() {
        return how;
    }

    /** Whether the exercise is untouched. */
    public boolean notDone() {
        return notDone;
    }
}
