package dev.dl4jlessons.lessons.batchnorminternals;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.batchnorm.BatchNormExperiments;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;

/**
 * The experiments behind lesson 6's pictures: {@link #runningStats} ({@code batchnorm-running-stats.png}) and
 * {@link #smallBatches} ({@code layernorm-batch-sizes.png}, the lesson's own small-batch experiment).
 */
public final class BatchNormInternalsExperiments {
    /** Epochs of the running-statistics picture: enough for γ, β and the statistics to move. */
    public static final int RUNNING_EPOCHS = 20;
    /** Epochs of the small-batch picture: the same as lesson 6's guide runs, so its table and the picture agree. */
    public static final int SMALL_BATCH_EPOCHS = 10;

    private BatchNormInternalsExperiments() {
    }

    /**
     * The batch-norm layer's running statistics after each training step, beside the statistics of the whole
     * training set's pre-activations under the same weights.
     *
     * @param runningMean   [unit][step]
     * @param runningVar    [unit][step]
     * @param dataMean      [unit][step] mean over all rows
     * @param dataVar       [unit][step] variance (÷ n) over all rows
     * @param batchSize     rows per batch
     */
    public record RunningStats(int[] units, double[][] runningMean, double[][] runningVar, double[][] dataMean,
            double[][] dataVar, int batchSize) {
        /** Running variance over the data's variance, averaged over units and the last {@code last} steps. */
        public double varianceRatio(int last) {
            double sum = 0;
            int n = 0;
            for (int k = 0; k < units.length; k++) {
                int steps = runningVar[k].length;
                for (int s = steps - last; s < steps; s++) {
                    sum += runningVar[k][s] / dataVar[k][s];
                    n++;
                }
            }
            return sum / n;
        }
    }

    /** The batch-norm lesson trained on the notebook's data for {@code epochs}, its statistics read after each step. */
    public static RunningStats runningStats(long seed, int epochs) {
        DataSet data = RandomData.notebook(seed);
        Settings settings = Settings.NOTEBOOK;
        MultiLayerNetwork net = Networks.create(BatchNormLesson.configuration(settings));
        var batches = new ShuffledBatches(data, settings.batchSize(), seed);
        int steps = epochs * (data.numExamples() / settings.batchSize());
        int[] units = BatchNormExperiments.BN_UNITS;
        double[][] rm = new double[units.length][steps + 1];
        double[][] rv = new double[units.length][steps + 1];
        double[][] dm = new double[units.length][steps + 1];
        double[][] dv = new double[units.length][steps + 1];
        int step = 0;
        record(net, data, units, rm, rv, dm, dv, step);
        for (int e = 0; e < epochs; e++) {
            batches.reset();
            while (batches.hasNext()) {
                net.fit(batches.next());
                record(net, data, units, rm, rv, dm, dv, ++step);
            }
        }
        return new RunningStats(units, rm, rv, dm, dv, settings.batchSize());
    }

    private static void record(MultiLayerNetwork net, DataSet data, int[] units, double[][] rm, double[][] rv,
            double[][] dm, double[][] dv, int step) {
        INDArray runningMean = net.getLayer(1).getParam("mean");
        INDArray runningVar = net.getLayer(1).getParam("var");
        double[][] z = Networks.activateLayer(net, 0, data.getFeatures(), false).toDoubleMatrix();
        for (int k = 0; k < units.length; k++) {
            int unit = units[k];
            rm[k][step] = runningMean.getDouble(unit);
            rv[k][step] = runningVar.getDouble(unit);
            double[] c = BatchNormExperiments.column(z, unit);
            dm[k][step] = Stat.mean(c);
            dv[k][step] = Math.pow(Stat.populationStd(c), 2);
        }
    }

    /**
     * Lesson 6's small-batch experiment with {@code seed}: held-out MSE of the batch-norm model and its layer-norm
     * twin at each of {@link BatchNormInternalsLesson#BATCH_SIZES}, over {@link BatchNormInternalsLesson#SEEDS} seeds.
     */
    public static BatchNormInternalsLesson.SmallBatches smallBatches(long seed, int epochs) {
        return BatchNormInternalsLesson.smallBatches(BatchNormInternalsLesson.BATCH_SIZES,
                BatchNormInternalsLesson.SEEDS, Settings.NOTEBOOK.withSeed(seed).withEpochs(epochs));
    }
}
