package dev.dl4jlessons.playground;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The data a playground session learns: TensorFlow Playground's 2-D problems, a 1-D curve, and Fashion-MNIST. */
public enum Problem {
    /** A disc of one class inside a ring of the other. */
    CIRCLE(Kind.BINARY, 2),
    /** The four quadrants, labelled by the sign of x·y. */
    XOR(Kind.BINARY, 2),
    /** Two Gaussian clouds; the noise setting widens them until they overlap. */
    GAUSSIAN(Kind.BINARY, 2),
    /** Two interleaved spiral arms. */
    SPIRAL(Kind.BINARY, 2),
    /** Regression: a tilted plane, y = (x1 + x2) / 2, plus noise. */
    PLANE(Kind.REGRESSION, 2),
    /** Regression in 1-D: y = sin(3x) plus noise, the under- and overfitting picture of lesson 0. */
    CURVE(Kind.REGRESSION, 1),
    /** Ten clothing classes from 28×28 images; only when the Fashion-MNIST files are installed. */
    FASHION(Kind.CLASSES, 784);

    /** What the output layer predicts. */
    public enum Kind {
        /** One sigmoid unit, binary cross-entropy. */
        BINARY,
        /** One identity unit, mean squared error. */
        REGRESSION,
        /** Ten softmax units, multi-class cross-entropy. */
        CLASSES
    }

    private final Kind kind;
    private final int inputs;

    Problem(Kind kind, int inputs) {
        this.kind = kind;
        this.inputs = inputs;
    }

    /** What the output layer predicts. */
    public Kind kind() {
        return kind;
    }

    /** Number of input features. */
    public int inputs() {
        return inputs;
    }

    /** Number of output units. */
    public int outputs() {
        return kind == Kind.CLASSES ? 10 : 1;
    }

    /** The name the page and the URL use. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every key, for messages. */
    public static String keys() {
        return Arrays.stream(values()).map(Problem::key).collect(Collectors.joining(", "));
    }
}
