package dev.dl4jlessons.lab;

import java.util.Locale;

/** The regularization variants the lab compares. All share the same two hidden layers of 50 and 20 units. */
public enum Variant {
    /** No regularization: the reference that overfits. */
    BASELINE("baseline", "no regularization"),
    /** Dropout after each hidden activation, at {@code --dropout}. */
    DROPOUT("dropout", "dropout after each hidden ReLU"),
    /** Batch normalization before each hidden ReLU. */
    BATCHNORM("batchnorm", "batch norm before each hidden ReLU"),
    /** Both: batch norm before each ReLU, dropout after it, at {@code --dropout}. */
    BN_DROPOUT("bn+dropout", "batch norm before and dropout after each hidden ReLU"),
    /** The notebook's ModelWithBoth: BN on both layers, dropout 0.2 after the first only. */
    NOTEBOOK("notebook-both", "the notebook's ModelWithBoth (dropout 0.2 after the first layer only)"),
    /**
     * DL4J's decoupled weight decay on the weights, at {@code --weight-decay}: PyTorch's AdamW with twice the
     * coefficient, because M2.1 applies a builder-level weight decay twice.
     */
    WEIGHT_DECAY("weight-decay", "DL4J weight decay on the weights (decoupled: PyTorch AdamW at twice the value)"),
    /** DL4J's L2 penalty on the weights, at {@code --weight-decay}: PyTorch's Adam(weight_decay). */
    L2("l2", "DL4J L2 on the weights (added to the gradient: PyTorch Adam(weight_decay))"),
    /** The baseline trained by DL4J's EarlyStoppingTrainer on validation loss, best model restored. */
    EARLY_STOPPING("early-stopping", "baseline with DL4J early stopping on validation loss");

    private final String label;
    private final String description;

    Variant(String label, String description) {
        this.label = label;
        this.description = description;
    }

    /** Name used on the command line and in results.csv. */
    public String label() {
        return label;
    }

    /** One-line description. */
    public String description() {
        return description;
    }

    /** The variant called {@code name}, case-insensitively. */
    public static Variant parse(String name) {
        for (Variant v : values()) {
            if (v.label.equalsIgnoreCase(name) || v.name().equalsIgnoreCase(name.replace('-', '_'))) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown variant '" + name + "'; choose from "
                + String.join(", ", java.util.Arrays.stream(values()).map(Variant::label).toList()));
    }

    @Override
    public String toString() {
        return label.toLowerCase(Locale.ROOT);
    }
}
