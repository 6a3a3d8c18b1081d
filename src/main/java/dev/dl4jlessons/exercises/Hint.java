package dev.dl4jlessons.exercises;

/**
 * A hint in two steps. The first names the mistake without giving the answer away; the second says how to do it
 * right, and {@code check} prints it only when asked ({@code check --hint NAME}) or when the same mistake fails twice
 * in a row.
 *
 * @param mistake what went wrong, in one sentence, without the formula
 * @param how     how to do it right (the formula), or null when there is nothing to add
 */
public record Hint(String mistake, String how) {
    /** A hint with both steps. */
    public static Hint of(String mistake, String how) {
        return new Hint(mistake, how);
    }

    /** A hint with one step only: a message about the file or the call, not about the formula. */
    public static Hint only(String mistake) {
        return new Hint(mistake, null);
    }
}
