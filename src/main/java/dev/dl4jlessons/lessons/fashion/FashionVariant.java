package dev.dl4jlessons.lessons.fashion;

import java.util.Arrays;
import java.util.Locale;

/** The regularizers lesson 10 compares, all on the same 784→256→256→10 network. */
public enum FashionVariant {
    /** No regularization: the network that memorises its training images. */
    PLAIN("plain", 0, false),
    /** Dropout 0.2 after each hidden ReLU (d2l's first dropout layer). */
    DROPOUT_02("dropout-0.2", 0.2, false),
    /** Dropout 0.5 after each hidden ReLU (d2l's second dropout layer, Srivastava et al.'s hidden rate). */
    DROPOUT_05("dropout-0.5", 0.5, false),
    /** Batch normalization between each hidden layer's product and its ReLU. */
    BATCHNORM("batchnorm", 0, true),
    /** Both: batch norm before each ReLU and dropout 0.2 after it, as in the notebook's ModelWithBoth. */
    BOTH("bn+dropout-0.2", 0.2, true);

    private final String label;
    private final double drop;
    private final boolean batchNorm;

    FashionVariant(String label, double drop, boolean batchNorm) {
        this.label = label;
        this.drop = drop;
        this.batchNorm = batchNorm;
    }

    /** Name on the command line and in the tables. */
    public String label() {
        return label;
    }

    /** PyTorch-style drop probability after each hidden layer, 0 for none. */
    public double drop() {
        return drop;
    }

    /** Whether each hidden layer is batch-normalized. */
    public boolean batchNorm() {
        return batchNorm;
    }

    /** The variant called {@code name} (its label, case-insensitively). */
    public static FashionVariant parse(String name) {
        for (FashionVariant v : values()) {
            if (v.label.equalsIgnoreCase(name.strip())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + name + "'; choose from " + String.join(", ",
                Arrays.stream(values()).map(FashionVariant::label).toList()));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
