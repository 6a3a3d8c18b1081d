package dev.dl4jlessons.data;

import java.util.Arrays;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.preprocessor.NormalizerStandardize;

/**
 * A train/validation split, deterministic for a seed, standardized with statistics of the training rows only.
 *
 * @param train      training rows, standardized
 * @param validation validation rows, standardized with the training statistics
 * @param normalizer the fitted standardization (features, and the target for regression)
 */
public record Split(DataSet train, DataSet validation, NormalizerStandardize normalizer) {
    /** Share of the rows held out for validation. */
    public static final double VALIDATION_FRACTION = 0.3;

    /**
     * Shuffles the rows with {@code seed}, holds out {@link #VALIDATION_FRACTION} of them, keeps at most
     * {@code trainRows} of the rest for training (all of them when {@code trainRows <= 0}), and standardizes.
     *
     * @param standardizeTarget true for regression: the target is standardized too, so losses are in units of
     *                          the training target's variance
     */
    public static Split of(DataSet all, long seed, int trainRows, boolean standardizeTarget) {
        int n = all.numExamples();
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        var rng = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        int validationRows = (int) Math.round(n * VALIDATION_FRACTION);
        int available = n - validationRows;
        if (trainRows > available) { // callers check the option first (Datasets.Task.requireTrainRows)
            throw new IllegalArgumentException(trainRows + " training rows asked for, " + available + " available");
        }
        int train = trainRows <= 0 ? available : trainRows;
        int[] valIdx = Arrays.copyOfRange(order, 0, validationRows);
        int[] trainIdx = Arrays.copyOfRange(order, validationRows, validationRows + train);
        DataSet trainSet = new DataSet(all.getFeatures().getRows(trainIdx), all.getLabels().getRows(trainIdx));
        DataSet valSet = new DataSet(all.getFeatures().getRows(valIdx), all.getLabels().getRows(valIdx));
        var normalizer = new NormalizerStandardize();
        normalizer.fitLabel(standardizeTarget);
        normalizer.fit(trainSet);
        normalizer.preProcess(trainSet);
        normalizer.preProcess(valSet);
        return new Split(trainSet, valSet, normalizer);
    }

    /** Rows available for training before {@code --train-rows} limits them. */
    public static int availableTrainRows(int rows) {
        return rows - (int) Math.round(rows * VALIDATION_FRACTION);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) of {@code data}, copied. */
    public static DataSet rows(DataSet data, int from, int to) {
        var range = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
        var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        return new DataSet(data.getFeatures().get(range, all).dup(), data.getLabels().get(range, all).dup());
    }
}
