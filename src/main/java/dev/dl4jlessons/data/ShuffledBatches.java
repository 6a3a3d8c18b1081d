package dev.dl4jlessons.data;

import java.util.List;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Minibatches in a new random order every epoch, the DL4J counterpart of {@code DataLoader(shuffle=True)}.
 *
 * <p>DL4J's own {@code ListDataSetIterator} never shuffles, and {@code fit(iterator)} doesn't either. This iterator
 * visits every row exactly once per epoch; {@link #reset()} starts the next epoch with a fresh permutation. The
 * sequence of permutations depends only on the seed, so two iterators with the same seed give the same batches.
 * The last batch is smaller when the batch size doesn't divide the row count, as with PyTorch's default
 * {@code drop_last=False}.
 */
public final class ShuffledBatches implements DataSetIterator {
    private final DataSet data;
    private final int batchSize;
    private final Random rng;
    private final int[] order;
    private int cursor;
    private DataSetPreProcessor preProcessor;

    /**
     * @param data      all rows; not modified
     * @param batchSize rows per batch, 1..rows
     * @param seed      seed of the shuffling sequence
     */
    public ShuffledBatches(DataSet data, int batchSize, long seed) {
        int rows = data.numExamples();
        if (batchSize < 1 || batchSize > rows) {
            throw new IllegalArgumentException("batch size must be in 1.." + rows + ", got " + batchSize);
        }
        this.data = data;
        this.batchSize = batchSize;
        this.rng = new Random(seed);
        this.order = new int[rows];
        for (int i = 0; i < rows; i++) {
            order[i] = i;
        }
        shuffle();
    }

    /** The row order of the current epoch (a copy). */
    public int[] epochOrder() {
        return order.clone();
    }

    private void shuffle() {
        // Fisher-Yates over the previous order: each epoch is a uniformly random permutation.
        for (int i = order.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        cursor = 0;
    }

    @Override
    public boolean hasNext() {
        return cursor < order.length;
    }

    @Override
    public DataSet next() {
        return next(batchSize);
    }

    @Override
    public DataSet next(int num) {
        int end = Math.min(cursor + num, order.length);
        int[] rows = java.util.Arrays.copyOfRange(order, cursor, end);
        cursor = end;
        var batch = new DataSet(data.getFeatures().getRows(rows), data.getLabels().getRows(rows));
        if (preProcessor != null) {
            preProcessor.preProcess(batch);
        }
        return batch;
    }

    /** Starts the next epoch in a new order. */
    @Override
    public void reset() {
        shuffle();
    }

    @Override
    public int inputColumns() {
        return (int) data.getFeatures().size(1);
    }

    @Override
    public int totalOutcomes() {
        return (int) data.getLabels().size(1);
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        // An async wrapper would prefetch across reset() and mix epochs; the batches are cheap to cut anyway.
        return false;
    }

    @Override
    public int batch() {
        return batchSize;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
