package dev.dl4jlessons.exercises.checks;

import java.util.List;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Mistake;
import dev.dl4jlessons.exercises.Student;

/** Exercise 1: inverted dropout, training and inference, on given uniform draws. */
public final class DropoutForwardCheck extends Exercise {
    /** Hint: kept units not scaled by 1/(1-p). */
    public static final String NO_SCALING = "the kept units are not scaled: inverted dropout divides them by the "
            + "retain probability 1 - p, so that the expected activation stays x";
    /** Hint: multiplied by 1-p instead of dividing. */
    public static final String MULTIPLIED = "the kept units are multiplied by 1 - p; inverted dropout divides by it "
            + "(multiplying by 1 - p at inference is the original, non-inverted form)";
    /** Hint: the drop probability used as DL4J's retain probability. */
    public static final String DROP_AS_RETAIN = "the drop probability p is used as the retain probability: keep a "
            + "unit where uniform < 1 - p and divide by 1 - p (DL4J's DropoutLayer(x) takes the retain probability "
            + "x = 1 - p, PyTorch's Dropout(p) the drop probability)";
    /** Hint: the keep test reversed. */
    public static final String KEEP_TEST = "the keep test is reversed: keep a unit where uniform < 1 - p, as DL4J "
            + "and PyTorch draw it (keeping uniform >= p keeps as many on average, but not these units)";
    /** Hint: scaling applied at inference. */
    public static final String SCALED_AT_INFERENCE = "the 1/(1 - p) scaling is applied at inference; inverted "
            + "dropout scales in training only, so inference returns x unchanged";
    /** Hint: the original form's inference scaling. */
    public static final String ORIGINAL_AT_INFERENCE = "inference multiplies by 1 - p, which is the original "
            + "(non-inverted) dropout; inverted dropout already scaled in training, so inference returns x unchanged";
    /** Hint: dropout applied in inference. */
    public static final String DROPOUT_AT_INFERENCE = "dropout is applied in inference (units are zeroed); "
            + "at inference every unit is kept and the output is x unchanged";

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

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "org/deeplearning4j/nn/conf/dropout/",
                "org/deeplearning4j/nn/layers/DropoutLayer", "org/deeplearning4j/nn/conf/layers/DropoutLayer",
                "org/nd4j/linalg/api/ops/random/impl/DropOut", "org/nd4j/linalg/api/ops/random/impl/AlphaDropOut");
    }

    @Override
    public void check(Student student) throws CheckFailure {
        INDArray x = x();
        INDArray u = uniform();
        double retain = 1 - P;
        String call = "train(x [2, 4] = [[1, 2, 3, 4], [5, 6, 7, 8]], uniform [2, 4], p 0.2)";
        INDArray got = student.call("train", new Class<?>[] {INDArray.class, INDArray.class, double.class},
                x.dup(), u.dup(), P);
        INDArray keep = keep(u, retain);
        Mistake.compare(call, x.mul(keep).div(retain), got, 1e-6, List.of(
                Mistake.gives(x.mul(keep), NO_SCALING),
                Mistake.gives(x.mul(keep).mul(retain), MULTIPLIED),
                Mistake.gives(x.mul(keep(u, P)).div(P), DROP_AS_RETAIN),
                Mistake.gives(x.mul(keep(u, P)), DROP_AS_RETAIN),
                Mistake.gives(x.mul(keep(u, P)).div(retain), DROP_AS_RETAIN),
                Mistake.gives(x.mul(u.gte(P).castTo(u.dataType())).div(retain), KEEP_TEST),
                Mistake.gives(x.mul(keep(u, P).rsub(1)).div(retain), KEEP_TEST)),
                "keep a unit where uniform < 1 - p, zero the others, and divide the kept ones by 1 - p");

        call = "inference(x [2, 4] = [[1, 2, 3, 4], [5, 6, 7, 8]], p 0.2)";
        got = student.call("inference", new Class<?>[] {INDArray.class, double.class}, x.dup(), P);
        Mistake.compare(call, x, got, 1e-6, List.of(
                Mistake.gives(x.div(retain), SCALED_AT_INFERENCE),
                Mistake.gives(x.mul(retain), ORIGINAL_AT_INFERENCE),
                Mistake.gives(x.div(P), SCALED_AT_INFERENCE),
                Mistake.gives(x.mul(P), ORIGINAL_AT_INFERENCE),
                Mistake.when(a -> a.length() == x.length() && a.eq(0).castTo(x.dataType()).sumNumber()
                        .doubleValue() > 0, DROPOUT_AT_INFERENCE)),
                "inverted dropout does nothing at inference: return x");
    }
}
