package dev.dl4jlessons.lessons.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.lessons.papers.PaperModels.Order;
import dev.dl4jlessons.lessons.papers.Results.AutoencoderRun;
import dev.dl4jlessons.lessons.papers.Results.BnRun;
import dev.dl4jlessons.lessons.papers.Results.DataSizeRun;
import dev.dl4jlessons.lessons.papers.Results.RetainRun;
import dev.dl4jlessons.lessons.papers.Results.ShiftRun;

/**
 * The five reproductions, each a function from the data and a {@link Scale} to a record of what it measured. Every
 * network trains through the course's harness ({@link Trainer#train}), one per job on {@link Parallel}'s pool; seed
 * k fixes a run's training rows, initial weights, dropout masks and batch order.
 */
public final class Experiments {
    /** Rows per step everywhere but Figure 1. */
    static final int BATCH = 100;
    /** Figure 1's rows per step, the paper's. */
    static final int BN_BATCH = 60;
    /** Figure 1's SGD learning rate. */
    static final double BN_LR = 0.5;
    /** Hidden units of the autoencoder, the paper's. */
    static final int AE_HIDDEN = 256;
    /** Hidden layers of Figures 9 and 10's classifiers (their width is the {@link Scale}'s). */
    static final int LAYERS = 2;
    /** Dropout of Figure 10 and the variance shift, and of the autoencoder: keep each unit with p = 0.5. */
    static final double RETAIN = 0.5;
    /** Figure 10's input dropout: keep each pixel with 0.8, as the paper did. */
    static final double RETAIN_INPUT = 0.8;
    /** Autoencoder features drawn per run. */
    static final int FEATURES = 16;

    private Experiments() {
    }

    private static List<Long> seeds(Scale scale) {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= scale.seeds(); s++) {
            seeds.add(s);
        }
        return seeds;
    }

    private static <J, R> List<R> map(Scale scale, List<J> jobs, java.util.function.Function<J, R> work) {
        return Parallel.map(jobs, scale.threads(), work, (done, total, r) -> {
        });
    }

    // ---------------------------------------------------------------------------------------------- Figure 1

    /** Ioffe and Szegedy's Figure 1: both networks over the seeds, measured at evenly spaced steps. */
    public static Results.BnFigure1 bnFigure1(PaperData data, Scale scale) {
        DataSet test = data.testRows(scale.testRows());
        INDArray probe = data.testRows(scale.probeRows()).getFeatures();
        DataSet train = data.trainRows(Integer.MAX_VALUE, 0);
        record Job(boolean bn, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (long seed : seeds(scale)) {
            jobs.add(new Job(false, seed));
            jobs.add(new Job(true, seed));
        }
        return new Results.BnFigure1(map(scale, jobs, j -> bnRun(j.bn(), j.seed(), train, test, probe, scale)));
    }

    private static BnRun bnRun(boolean bn, long seed, DataSet train, DataSet test, INDArray probe, Scale scale) {
        var net = Networks.create(PaperModels.bnFigure1(bn, seed, BN_LR));
        int sigmoid = lastSigmoid(net);
        int every = scale.bnSteps() / scale.bnCheckpoints();
        List<Integer> steps = new ArrayList<>();
        List<Double> accuracy = new ArrayList<>();
        List<double[][]> percentiles = new ArrayList<>();   // per checkpoint: [unit][15th, 50th, 85th]
        Runnable measure = () -> {
            accuracy.add(Evaluation.accuracy(net, test));
            percentiles.add(percentiles(Networks.layerInputs(net, probe, false).get(sigmoid)));
        };
        steps.add(0);
        measure.run();
        int[] done = {0};
        Trainer.train((bn ? "with BN" : "without BN") + " seed " + seed, net,
                new Steps(train, BN_BATCH, every, seed), scale.bnCheckpoints(), epoch -> {
                    done[0] += every;
                    steps.add(done[0]);
                    measure.run();
                });
        return new BnRun(bn, seed, steps.stream().mapToInt(Integer::intValue).toArray(),
                accuracy.stream().mapToDouble(Double::doubleValue).toArray(), percentiles.toArray(double[][][]::new));
    }

    /** The index of the last sigmoid layer: its input is the "typical sigmoid input of the last hidden layer". */
    private static int lastSigmoid(MultiLayerNetwork net) {
        int found = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof ActivationLayer) {
                found = i;
            }
        }
        return found;
    }

    /** Per column (unit) of {@code values}: its 15th, 50th and 85th percentiles over the rows. */
    static double[][] percentiles(INDArray values) {
        float[][] m = values.toFloatMatrix();
        int units = m[0].length;
        double[][] out = new double[units][3];
        double[] column = new double[m.length];
        for (int u = 0; u < units; u++) {
            for (int r = 0; r < m.length; r++) {
                column[r] = m[r][u];
            }
            Arrays.sort(column);
            out[u][0] = quantile(column, 0.15);
            out[u][1] = quantile(column, 0.50);
            out[u][2] = quantile(column, 0.85);
        }
        return out;
    }

    /** Linear interpolation between the order statistics of sorted {@code v}. */
    static double quantile(double[] v, double q) {
        double pos = q * (v.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(lo + 1, v.length - 1);
        return v[lo] + (pos - lo) * (v[hi] - v[lo]);
    }

    // ---------------------------------------------------------------------------------------------- Figures 7, 8

    /** Srivastava et al.'s Figures 7 and 8: the autoencoder with and without dropout, over the seeds. */
    public static Results.Autoencoder autoencoder(PaperData data, Scale scale) {
        INDArray test = data.testRows(scale.testRows()).getFeatures();
        record Job(double retain, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (long seed : seeds(scale)) {
            jobs.add(new Job(1.0, seed));
            jobs.add(new Job(RETAIN, seed));
        }
        return new Results.Autoencoder(AE_HIDDEN, map(scale, jobs, j -> {
            DataSet rows = data.trainRows(scale.aeRows(), j.seed());
            var net = Networks.create(PaperModels.autoencoder(AE_HIDDEN, j.retain(), j.seed()));
            var self = new DataSet(rows.getFeatures(), rows.getFeatures());   // the target is the input
            Trainer.train("autoencoder p=" + j.retain() + " seed " + j.seed(), net,
                    new Steps(self, BATCH, scale.aeSteps(), j.seed()), 1, Trainer.Listener.SILENT);
            INDArray hidden = Networks.activateLayer(net, 0, test, false);   // inference: no unit dropped
            float[][] h = hidden.toFloatMatrix();
            double[] unitMeans = hidden.mean(0).toDoubleVector();
            int zeros = 0;
            for (float[] row : h) {
                for (float v : row) {
                    zeros += v == 0 ? 1 : 0;
                }
            }
            int sampleRows = Math.min(100, h.length);
            float[] sample = new float[sampleRows * h[0].length];
            for (int r = 0; r < sampleRows; r++) {
                System.arraycopy(h[r], 0, sample, r * h[0].length, h[0].length);
            }
            INDArray w = net.getLayer(0).getParam(DefaultParamInitializer.WEIGHT_KEY);  // 784 × hidden
            double[][] features = new double[FEATURES][];
            for (int k = 0; k < FEATURES; k++) {
                features[k] = w.getColumn(k).toDoubleVector();
            }
            double loss = Evaluation.loss(net, new DataSet(test, test), false);
            return new AutoencoderRun(j.retain(), j.seed(), hidden.meanNumber().doubleValue(),
                    (double) zeros / (h.length * h[0].length), unitMeans, sample, features, loss);
        }));
    }

    // ---------------------------------------------------------------------------------------------- Figure 9

    /** Srivastava et al.'s Figure 9: every retain probability, with n fixed and with p·n fixed, over the seeds. */
    public static Results.Retain retain(PaperData data, Scale scale) {
        DataSet test = data.testRows(scale.testRows());
        record Job(Results.Hold hold, double p, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (long seed : seeds(scale)) {
            for (double p : scale.retains()) {
                jobs.add(new Job(Results.Hold.N, p, seed));
                jobs.add(new Job(Results.Hold.PN, p, seed));
            }
        }
        // the widest networks first, so that no large job is left alone at the end of the pool's queue
        jobs.sort(java.util.Comparator.comparingInt((Job j) -> -hidden(j.hold(), j.p(), scale)));
        return new Results.Retain(scale.retainHidden(), scale.retainKept(), map(scale, jobs, j -> {
            int n = hidden(j.hold(), j.p(), scale);
            DataSet rows = data.trainRows(scale.retainRows(), j.seed());
            var net = Networks.create(PaperModels.classifier(n, LAYERS, j.p(), 1.0, j.seed()));
            Trainer.train("n=" + n + " p=" + j.p(), net, new Steps(rows, BATCH, scale.retainSteps(), j.seed()), 1,
                    Trainer.Listener.SILENT);
            return new RetainRun(j.hold(), j.p(), n, j.seed(), 1 - Evaluation.accuracy(net, rows),
                    1 - Evaluation.accuracy(net, test));
        }));
    }

    /** Hidden units per layer: n, or p·n / p rounded. */
    static int hidden(Results.Hold hold, double p, Scale scale) {
        return hold == Results.Hold.N ? scale.retainHidden() : (int) Math.round(scale.retainKept() / p);
    }

    // ---------------------------------------------------------------------------------------------- Figure 10

    /** Srivastava et al.'s Figure 10: test error with and without dropout as the training set grows. */
    public static Results.DataSize dataSize(PaperData data, Scale scale) {
        DataSet test = data.testRows(scale.testRows());
        record Job(int rows, boolean dropout, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (long seed : seeds(scale)) {
            for (int rows : scale.sizes()) {
                jobs.add(new Job(rows, false, seed));
                jobs.add(new Job(rows, true, seed));
            }
        }
        return new Results.DataSize(scale.sizeHidden(), map(scale, jobs, j -> {
            DataSet rows = data.trainRows(j.rows(), j.seed());
            var net = Networks.create(PaperModels.classifier(scale.sizeHidden(), LAYERS, j.dropout() ? RETAIN : 1,
                    j.dropout() ? RETAIN_INPUT : 1, j.seed()));
            int batch = Math.min(BATCH, rows.numExamples());
            Trainer.train("rows=" + j.rows(), net, new Steps(rows, batch, scale.sizeSteps(), j.seed()), 1,
                    Trainer.Listener.SILENT);
            return new DataSizeRun(rows.numExamples(), j.dropout(), j.seed(), 1 - Evaluation.accuracy(net, rows),
                    1 - Evaluation.accuracy(net, test));
        }));
    }

    // ---------------------------------------------------------------------------------------------- Li et al.

    /**
     * Li et al.'s variance shift: per unit of the batch-norm layer, the running variance it learned in training
     * against the variance its input really has at inference, and test accuracy as trained and after recomputing the
     * statistics with dropout off; for dropout before and after batch norm.
     */
    public static Results.VarianceShift varianceShift(PaperData data, Scale scale) {
        DataSet test = data.testRows(scale.testRows());
        record Job(Order order, long seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (long seed : seeds(scale)) {
            for (Order order : Order.values()) {
                jobs.add(new Job(order, seed));
            }
        }
        return new Results.VarianceShift(RETAIN, map(scale, jobs, j -> {
            DataSet rows = data.trainRows(scale.shiftRows(), j.seed());
            var net = Networks.create(PaperModels.varianceShift(j.order(), RETAIN, j.seed()));
            Trainer.train(j.order() + " seed " + j.seed(), net, new Steps(rows, BATCH, scale.shiftSteps(), j.seed()),
                    1, Trainer.Listener.SILENT);
            int bn = batchNormIndex(net);
            var layer = net.getLayer(bn);
            INDArray running = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).dup();
            INDArray actual = Networks.layerInputs(net, test.getFeatures(), false).get(bn).var(false, 0);
            double accuracy = Evaluation.accuracy(net, test);
            // Hendrycks and Gimpel's remedy: the statistics of the inputs batch norm sees at test time, dropout off
            INDArray seen = Networks.layerInputs(net, rows.getFeatures(), false).get(bn);
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_MEAN, seen.mean(0).reshape(1, -1));
            layer.setParam(BatchNormalizationParamInitializer.GLOBAL_VAR, seen.var(false, 0).reshape(1, -1));
            double recomputed = Evaluation.accuracy(net, test);
            return new ShiftRun(j.order(), j.seed(), running.toDoubleVector(), actual.toDoubleVector(), accuracy,
                    recomputed);
        }));
    }

    private static int batchNormIndex(MultiLayerNetwork net) {
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof BatchNormalization) {
                return i;
            }
        }
        throw new IllegalStateException("no batch-norm layer");
    }
}
