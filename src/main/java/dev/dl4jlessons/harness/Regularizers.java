package dev.dl4jlessons.harness;

import org.deeplearning4j.nn.conf.layers.DropoutLayer;

/**
 * Conversions between the PyTorch vocabulary of the notebook and DL4J's.
 *
 * <p>PyTorch's {@code nn.Dropout(p)} <em>drops</em> each unit with probability p. DL4J's {@code DropoutLayer(x)},
 * {@code Dropout(x)} and {@code .dropOut(x)} <em>retain</em> each unit with probability x. Reading one as the other
 * silently turns the notebook's light 0.2 dropout into a heavy 0.8 one.
 */
public final class Regularizers {
    private Regularizers() {
    }

    /** DL4J's retain probability for a PyTorch drop probability: {@code 1 - p}. */
    public static double retainProbability(double pytorchDropProbability) {
        if (!(pytorchDropProbability >= 0 && pytorchDropProbability < 1)) {
            throw new IllegalArgumentException("drop probability must be in [0, 1), got " + pytorchDropProbability);
        }
        return 1.0 - pytorchDropProbability;
    }

    /** A DL4J dropout layer equivalent to PyTorch's {@code nn.Dropout(p)}. */
    public static DropoutLayer dropoutLayer(double pytorchDropProbability) {
        return new DropoutLayer(retainProbability(pytorchDropProbability));
    }
}
