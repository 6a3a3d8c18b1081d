package dev.dl4jlessons.playground;

import java.util.Arrays;
import java.util.Random;
import java.util.function.Function;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The dropout masks of one {@code DropoutLayer}, drawn here (Bernoulli with the layer's retain probability, from the
 * session's seed) and handed to DL4J through the course's {@code MaskDropout}, so the page can show exactly which
 * units a training step dropped. DL4J's own {@code Dropout} draws its mask inside the op and keeps no copy, and
 * {@code feedForward(x, true)} returns the layer before the dropout as the same array the dropout overwrote.
 *
 * <p>Before a step that the page will see, the session runs the batch forward once to read the batch-norm statistics;
 * {@link #replayNext} then makes the step itself use that same mask, so what is shown is what trained.
 */
final class MaskSource implements Function<long[], INDArray> {
    private final double retain;
    private final Random random;
    private INDArray last;
    private boolean replay;

    MaskSource(double retain, long seed) {
        this.retain = retain;
        this.random = new Random(seed);
    }

    @Override
    public INDArray apply(long[] shape) {
        if (replay && last != null && Arrays.equals(last.shape(), shape)) {
            replay = false;
            return last;
        }
        replay = false;
        int rows = (int) shape[0];
        int cols = (int) (shape.length > 1 ? shape[1] : 1);
        float[] m = new float[rows * cols];
        float kept = (float) (1 / retain);  // inverted dropout: kept units are scaled up in training
        for (int i = 0; i < m.length; i++) {
            m[i] = random.nextDouble() < retain ? kept : 0f;
        }
        // Outside DL4J's workspaces: the mask outlives the forward pass that asks for it (backprop, the page, a replay).
        try (var ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            last = Nd4j.create(m, new long[] {rows, cols}, DataType.FLOAT);
        }
        return last;
    }

    /** The next mask asked for, if of the same shape, is the last one again. */
    void replayNext() {
        replay = true;
    }

    /** Which units the last mask dropped for the batch's first row: true = dropped; empty before any step. */
    boolean[] droppedInFirstRow() {
        if (last == null) {
            return new boolean[0];
        }
        int cols = (int) last.size(1);
        boolean[] dropped = new boolean[cols];
        for (int u = 0; u < cols; u++) {
            dropped[u] = last.getDouble(0, u) == 0;
        }
        return dropped;
    }

    /** The drop probability. */
    double drop() {
        return 1 - retain;
    }
}
