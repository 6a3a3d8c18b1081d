package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Inputs;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Show;
import dev.dl4jlessons.exercises.Student;

/**
 * Exercise 1: inverted dropout, training and inference, on given uniform draws. Checked on several shapes, drop
 * probabilities (0 and 0.9 among them) and draws, one of them exactly at the retain probability; a wrong answer is
 * named by what it did (which units it kept, by which factor it scaled them), not by matching a list of answers.
 */
public final class DropoutForwardCheck extends Exercise {
    /** Hint: kept units not scaled by 1/(1-p). */
    public static final Hint NO_SCALING = Hint.of("the kept units are not scaled, so training's expected output is "
            + "smaller than x", "inverted dropout divides the kept units by the retain probability 1 - p, so that "
            + "the expected activation stays x");
    /** Hint: multiplied by 1-p instead of dividing. */
    public static final Hint MULTIPLIED = Hint.of("the kept units are multiplied by the retain probability: that is "
            + "the original dropout's rule for inference, not inverted dropout's rule for training",
            "divide the kept units by 1 - p");
    /** Hint: the drop probability used as DL4J's retain probability. */
    public static final Hint DROP_AS_RETAIN = Hint.of("the drop probability p is used where the retain probability "
            + "belongs", "keep a unit where uniform < 1 - p and divide by 1 - p (DL4J's DropoutLayer(x) takes the "
            + "retain probability x = 1 - p, PyTorch's Dropout(p) the drop probability)");
    /** Hint: the keep test reversed. */
    public static final Hint KEEP_TEST = Hint.of("the keep test is reversed: the units you kept are not the ones "
            + "these draws keep", "keep a unit where its draw is below 1 - p, as DL4J and PyTorch draw it");
    /** Hint: a draw equal to the retain probability kept. */
    public static final Hint KEEP_BOUNDARY = Hint.of("a draw exactly equal to the retain probability was kept",
            "keep only draws strictly below 1 - p: uniform.lt(1 - p), not lte");
    /** Hint: the drop probability hard-coded. */
    public static final Hint HARD_CODED_P = Hint.of("the drop probability is fixed in your code: the result fits "
            + "another p than the one passed", "use the dropProbability argument, in the keep test and the scale");
    /** Hint: own random draws. */
    public static final Hint OWN_DRAWS = Hint.of("the zeros are not where the given draws put them: the mask must "
            + "come from the uniform argument, not from random numbers of your own",
            "mask = (uniform < 1 - p), element by element");
    /** Hint: nothing dropped. */
    public static final Hint NOT_DROPPED = Hint.of("no unit was dropped, though some draws are above the retain "
            + "probability", "zero every unit whose draw is not below 1 - p");
    /** Hint: kept units scaled by a wrong constant. */
    public static final Hint WRONG_SCALE = Hint.of("the kept units are scaled by the wrong factor",
            "divide the kept units by the retain probability 1 - p");
    /** Hint: kept units scaled by different factors. */
    public static final Hint SCALE_VARIES = Hint.of("the kept units are not all scaled by the same factor (were they "
            + "multiplied by their draws?)", "the mask holds 0 or one constant, 1 / (1 - p); multiply x by it");
    /** Hint: scaling applied at inference. */
    public static final Hint SCALED_AT_INFERENCE = Hint.of("inference scales the output: inverted dropout already "
            + "scaled in training", "at inference inverted dropout is the identity: return a copy of x");
    /** Hint: the original form's inference scaling. */
    public static final Hint ORIGINAL_AT_INFERENCE = Hint.of("inference multiplies by the retain probability: that "
            + "is the original (non-inverted) dropout", "inverted dropout already scaled in training, so inference "
            + "returns a copy of x unchanged");
    /** Hint: dropout applied in inference. */
    public static final Hint DROPOUT_AT_INFERENCE = Hint.of("units are zeroed at inference",
            "at inference every unit is kept: return a copy of x");

    static final double[] COMMON_P = {0.5, 0.2, 0.1, 0.3, 0.25, 0.4, 0.8};

    /** Exercise 1. */
    public DropoutForwardCheck() {
        super(1, "DropoutForward", "inverted dropout in training (given the uniform draws) and in inference");
    }

    static INDArray x() {
        return Nd4j.create(new double[][] {{1, 2, 3, 4}, {5, 6, 7, 8}});
    }

    static INDArray uniform() {
        return Nd4j.create(new double[][] {{0.10, 0.95, 0.50, 0.85}, {0.30, 0.15, 0.90, 0.70}});
    }

    static final double P = 0.2;

    static INDArray keep(INDArray u, double retain) {
        return u.lt(retain).castTo(u.dataType());
    }

    /** One input of the check: activations (or gradients), draws and a drop probability. */
    record Case(INDArray x, INDArray u, double p) {
    }

    /**
     * The training cases: the guide's example first, then random shapes and values, p from 0 to 0.9, and a draw
     * equal to the retain probability last. None of x is 0, so a 0 in a result is a dropped unit.
     */
    static List<Case> cases() {
        return List.of(new Case(x(), uniform(), P),
                new Case(Inputs.values(11, 3, 5, -3, 3), Inputs.draws(12, 3, 5), 0.5),
                new Case(Inputs.values(21, 2, 6, -2, 2), avoid(Inputs.draws(22, 2, 6), 0.7), 0.3),
                new Case(Inputs.values(31, 2, 3, -1, 1), Inputs.draws(32, 2, 3), 0.0),
                new Case(Inputs.values(41, 4, 2, -5, 5), avoid(Inputs.draws(42, 4, 2), 0.1), 0.9),
                new Case(Nd4j.create(new double[][] {{1.5, -2, 0.5, 3}}),
                        Nd4j.create(new double[][] {{0.8, 0.2, 0.79, 0.81}}), 0.2));
    }

    /** The draws with any that equal {@code retain} moved off it, so that only the last case tests the boundary. */
    static INDArray avoid(INDArray u, double retain) {
        INDArray d = u.dup();
        for (long i = 0; i < d.length(); i++) {
            if (Math.abs(d.getDouble(i) - retain) < 1e-9) {
                d.putScalar(i, retain + 0.01);
            }
        }
        return d;
    }

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "org/deeplearning4j/nn/conf/dropout/",
                "org/deeplearning4j/nn/layers/DropoutLayer", "org/deeplearning4j/nn/conf/layers/DropoutLayer",
                "org/nd4j/linalg/api/ops/random/impl/DropOut", "org/nd4j/linalg/api/ops/random/impl/AlphaDropOut");
    }

    @Override
    public void check(Student student) throws CheckFailure {
        for (Case c : cases()) {
            String call = "train(" + Inputs.named("x", c.x()) + ", " + Inputs.named("uniform", c.u()) + ", p "
                    + Inputs.number(c.p()) + ")";
            INDArray x = c.x().dup();
            INDArray u = c.u().dup();
            var before = Inputs.before(x, u);
            INDArray got = student.call("train", new Class<?>[] {INDArray.class, INDArray.class, double.class},
                    x, u, c.p());
            before.requireUnchanged(call, "x", "uniform");
            Inputs.requireNew(call, got, x, u);
            masked(call, c, got, false);
        }
        for (Case c : cases().subList(0, 4)) {
            String call = "inference(" + Inputs.named("x", c.x()) + ", p " + Inputs.number(c.p()) + ")";
            INDArray x = c.x().dup();
            var before = Inputs.before(x);
            INDArray got = student.call("inference", new Class<?>[] {INDArray.class, double.class}, x, c.p());
            before.requireUnchanged(call, "x");
            Inputs.requireNew(call, got, x);
            double retain = 1 - c.p();
            Mistake.compare(call, c.x(), got, 1e-6, List.of(
                    Mistake.when(a -> a.length() == c.x().length() && a.castTo(DataType.DOUBLE).eq(0)
                            .castTo(DataType.DOUBLE).sumNumber().doubleValue() > 0, DROPOUT_AT_INFERENCE),
                    Mistake.gives(c.x().div(retain), SCALED_AT_INFERENCE),
                    Mistake.gives(c.x().mul(retain), ORIGINAL_AT_INFERENCE),
                    Mistake.gives(c.x().mul(c.p()), ORIGINAL_AT_INFERENCE)),
                    Hint.of("inference changed the values", "inverted dropout does nothing at inference: return "
                            + "a copy of x"));
        }
    }

    /**
     * Compares a masked result (dropout's output, or its gradient) with {@code x · mask / (1 - p)} and, when it
     * differs, names what the answer did: which units it kept, and by which factor it scaled them.
     */
    static void masked(String call, Case c, INDArray got, boolean gradient) throws CheckFailure {
        double retain = 1 - c.p();
        INDArray expected = c.x().mul(keep(c.u(), retain)).div(retain);
        if (got == null || !Show.sameShape(expected, got)) {
            Mistake.compare(call, expected, got, 1e-6, List.of(), WRONG_SCALE);
        }
        if (Show.close(expected, got, 1e-6)) {
            return;
        }
        throw new CheckFailure(call, Show.array(expected), Show.array(got), name(c, got, gradient));
    }

    private static Hint name(Case c, INDArray got, boolean gradient) {
        double[] x = c.x().castTo(DataType.DOUBLE).reshape(c.x().length()).toDoubleVector();
        double[] u = c.u().castTo(DataType.DOUBLE).reshape(c.u().length()).toDoubleVector();
        double[] g = got.castTo(DataType.DOUBLE).reshape(got.length()).toDoubleVector();
        double p = c.p();
        double retain = 1 - p;
        for (double v : g) {
            if (!Double.isFinite(v)) {
                return p == 0 ? DROP_AS_RETAIN : WRONG_SCALE;
            }
        }
        boolean[] kept = new boolean[g.length];
        for (int i = 0; i < g.length; i++) {
            kept[i] = Math.abs(g[i]) > 1e-12;
        }
        if (matches(kept, u, v -> v < retain)) {
            return scale(x, g, kept, p);
        }
        if (matches(kept, u, v -> v <= retain)) {
            return KEEP_BOUNDARY;
        }
        if (matches(kept, u, v -> v < p) || matches(kept, u, v -> v <= p)) {
            return DROP_AS_RETAIN;
        }
        if (matches(kept, u, v -> v >= p) || matches(kept, u, v -> v > p) || matches(kept, u, v -> v >= retain)
                || matches(kept, u, v -> v > retain)) {
            return KEEP_TEST;
        }
        if (matches(kept, u, v -> true)) {
            return gradient ? DropoutBackwardCheck.NOT_MASKED : NOT_DROPPED;
        }
        for (double q : COMMON_P) {
            if (Math.abs(q - p) > 1e-9 && (matches(kept, u, v -> v < 1 - q) || matches(kept, u, v -> v < q))) {
                return HARD_CODED_P;
            }
        }
        return OWN_DRAWS;
    }

    private static boolean matches(boolean[] kept, double[] u, java.util.function.DoublePredicate keep) {
        for (int i = 0; i < u.length; i++) {
            if (kept[i] != keep.test(u[i])) {
                return false;
            }
        }
        return true;
    }

    /** The right units are kept: name the factor they were scaled by. */
    private static Hint scale(double[] x, double[] g, boolean[] kept, double p) {
        double retain = 1 - p;
        double s = Double.NaN;
        for (int i = 0; i < g.length; i++) {
            if (kept[i]) {
                double r = g[i] / x[i];
                if (Double.isNaN(s)) {
                    s = r;
                } else if (Math.abs(r - s) > 1e-6 * Math.max(1, Math.abs(s))) {
                    return SCALE_VARIES;
                }
            }
        }
        if (near(s, 1)) {
            return NO_SCALING;
        }
        if (near(s, retain)) {
            return MULTIPLIED;
        }
        if (near(s, 1 / p) || near(s, p)) {
            return DROP_AS_RETAIN;
        }
        for (double q : COMMON_P) {
            if (Math.abs(q - p) > 1e-9 && (near(s, 1 / (1 - q)) || near(s, 1 / q))) {
                return HARD_CODED_P;
            }
        }
        return WRONG_SCALE;
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));
    }
}
