package dev.dl4jlessons.exercises;

import java.util.List;
import java.util.function.Predicate;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A typical wrong answer and the hint that names it: either the value the mistake produces on the check's input,
 * or a test on what came back.
 *
 * @param hint   what to print when the student's answer is this mistake
 * @param answer the wrong answer the mistake gives, or null when {@code test} decides
 * @param test   true for an answer that shows the mistake, or null when {@code answer} decides
 */
public record Mistake(Hint hint, INDArray answer, Predicate<INDArray> test) {
    /** The mistake that gives {@code answer}. */
    public static Mistake gives(INDArray answer, Hint hint) {
        return new Mistake(hint, answer, null);
    }

    /** The mistake shown by any answer that passes {@code test}. */
    public static Mistake when(Predicate<INDArray> test, Hint hint) {
        return new Mistake(hint, null, test);
    }

    boolean matches(INDArray got) {
        try {
            return answer != null ? Show.close(answer, got, 1e-6) : test.test(got);
        } catch (RuntimeException e) {
            return false; // a shape the test cannot read is not this mistake
        }
    }

    /**
     * Passes when {@code got} equals {@code expected} to {@code tolerance} (relative to the largest expected value);
     * otherwise fails with the first mistake that matches, or {@code otherwise}.
     */
    public static void compare(String call, INDArray expected, INDArray got, double tolerance, List<Mistake> mistakes,
            Hint otherwise) throws CheckFailure {
        if (got == null) {
            throw new CheckFailure(call, Show.array(expected), "null", Hint.only("return the result; null came back"));
        }
        if (Show.close(expected, got, tolerance)) {
            return;
        }
        Hint hint = otherwise;
        for (Mistake m : mistakes) {
            if (m.matches(got)) {
                hint = m.hint;
                break;
            }
        }
        if (hint == otherwise && !Show.sameShape(expected, got)) {
            hint = Hint.of("the shape is wrong: expected " + Show.shape(expected) + ", got " + Show.shape(got),
                    otherwise.how());
        }
        throw new CheckFailure(call, Show.array(expected), Show.array(got), hint);
    }
}
