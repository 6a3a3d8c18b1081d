package dev.dl4jlessons.lessons.papers;

import java.util.List;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import dev.dl4jlessons.data.ShuffledBatches;

/**
 * Shuffled minibatches cut into rounds of a fixed number of steps, so that the harness's epoch loop
 * ({@code Trainer.train}) runs the papers' step counts: each of its "epochs" is one round, and its listener measures
 * the network between rounds. The batches themselves come from {@link ShuffledBatches}, which reshuffles after every
 * full pass over the rows; a round can end in the middle of a pass and the next one goes on from there.
 */
final class Steps implements DataSetIterator {
    private final ShuffledBatches batches;
    private final int perRound;
    private int taken;

    /**
     * @param data      the training rows
     * @param batchSize rows per step (the last batch of a pass is dropped when smaller, so that batch norm never
     *                  sees a batch of one row)
     * @param perRound  steps per round
     * @param seed      the shuffling's seed
     */
    Steps(DataSet data, int batchSize, int perRound, long seed) {
        this.batches = new ShuffledBatches(data, batchSize, seed);
        this.perRound = perRound;
    }

    @Override
    public boolean hasNext() {
        return taken < perRound;
    }

    @Override
    public DataSet next() {
        if (!batches.hasNext()) {
            batches.reset();
        }
        DataSet batch = batches.next();
        if (batch.numExamples() < batches.batch()) { // the short tail of a pass: start the next pass instead
            batches.reset();
            batch = batches.next();
        }
        taken++;
        return batch;
    }

    @Override
    public DataSet next(int num) {
        return next();
    }

    @Override
    public int inputColumns() {
        return batches.inputColumns();
    }

    @Override
    public int totalOutcomes() {
        return batches.totalOutcomes();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return false;
    }

    /** Starts the next round, going on where the last one stopped. */
    @Override
    public void reset() {
        taken = 0;
    }

    @Override
    public int batch() {
        return batches.batch();
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        batches.setPreProcessor(preProcessor);
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return batches.getPreProcessor();
    }

    @Override
    public List<String> getLabels() {
        return null;
    }
}
