package dev.dl4jlessons.lessons.batchnorm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.harness.Stat;

/**
 * The experiments behind the batch-norm lesson's pictures, each returning what it measured:
 * {@link #histograms} ({@code batchnorm-histograms.png}) and {@link #learningRates}
 * ({@code batchnorm-learning-rates.png}).
 */
public final class BatchNormExperiments {
    /** Epochs of the histograms: the notebook's 5 would leave γ and β hardly moved, so 20. */
    public static final int BN_EPOCHS = 20;
    /** Learning rates of the batch-norm sweep. */
    public static final double[] RATES = {1e-3, 1e-2, 1e-1, 1};
    /** Hidden layers of the batch-norm sweep: the notebook's MLP and a deeper one. */
    public static final int[] DEPTHS = {1, 3};
    /** Seeds per curve of the batch-norm sweep. */
    public static final int RATE_SEEDS = 3;
    /** Epochs of the batch-norm sweep. */
    public static final int RATE_EPOCHS = 10;
    /** Units shown in the batch-norm pictures. */
    public static final int[] BN_UNITS = {0, 1, 2};

    private BatchNormExperiments() {
    }

    /**
     * Pre-activations of a few hidden units before and after the batch-norm layer, at two points of training.
     *
     * @param units        the units shown
     * @param stages       e.g. "at initialisation", "after 20 epochs"
     * @param before       [stage][unit] the dense layer's outputs, over one epoch's batches
     * @param after        [stage][unit] the batch-norm layer's outputs in training mode, each batch normalized with
     *                     its own statistics
     * @param batchMean    [stage][unit] mean after BN over the first batch
     * @param batchStd     [stage][unit] standard deviation (÷ n) after BN over the first batch
     * @param gamma        [stage][unit] the layer's scale γ
     * @param beta         [stage][unit] the layer's shift β
     */
    public record Histograms(int[] units, String[] stages, double[][][] before, double[][][] after,
            double[][] batchMean, double[][] batchStd, double[][] gamma, double[][] beta) {
    }

    /**
     * The batch-norm lesson's model on the notebook's data and batches: its first layer's outputs before and after
     * batch normalization, at initialisation and after {@code epochs} epochs of the notebook's training.
     */
    public static Histograms histograms(long seed, int epochs) {
        DataSet data = RandomData.notebook(seed);
        Settings settings = Settings.NOTEBOOK;
        MultiLayerNetwork net = Networks.create(BatchNormLesson.configuration(settings));
        var batches = new ShuffledBatches(data, settings.batchSize(), seed);
        String[] stages = {"at initialisation", "after " + epochs + " epochs"};
        int u = BN_UNITS.length;
        double[][][] before = new double[2][u][];
        double[][][] after = new double[2][u][];
        double[][] mean = new double[2][u];
        double[][] std = new double[2][u];
        double[][] gamma = new double[2][u];
        double[][] beta = new double[2][u];
        for (int stage = 0; stage < 2; stage++) {
            if (stage == 1) {
                for (int e = 0; e < epochs; e++) {
                    batches.reset();
                    while (batches.hasNext()) {
                        net.fit(batches.next());
                    }
                }
            }
            batches.reset();
            List<double[][]> pre = new ArrayList<>();
            List<double[][]> post = new ArrayList<>();
            while (batches.hasNext()) {
                INDArray z = Networks.activateLayer(net, 0, batches.next().getFeatures(), false);
                pre.add(z.toDoubleMatrix());
                post.add(Networks.activateLayer(net, 1, z, true).toDoubleMatrix());
            }
            INDArray g = net.getLayer(1).getParam("gamma");
            INDArray b = net.getLayer(1).getParam("beta");
            for (int k = 0; k < u; k++) {
                int unit = BN_UNITS[k];
                before[stage][k] = pooled(pre, unit);
                after[stage][k] = pooled(post, unit);
                double[] first = column(post.get(0), unit);
                mean[stage][k] = Stat.mean(first);
                std[stage][k] = Stat.populationStd(first);
                gamma[stage][k] = g.getDouble(unit);
                beta[stage][k] = b.getDouble(unit);
            }
        }
        return new Histograms(BN_UNITS, stages, before, after, mean, std, gamma, beta);
    }

    /**
     * Validation loss per epoch with and without batch norm, at several learning rates and two depths, over seeds.
     *
     * @param rates      Adam learning rates
     * @param depths     hidden layers (1 is the notebook's MLP)
     * @param curves     [depth][rate][bn 0/1][epoch] mean validation MSE over seeds (NaN once a run diverged)
     * @param diverged   [depth][rate][bn 0/1] runs (of {@code seeds}) whose loss became NaN or infinite
     * @param seeds      seeds per curve
     * @param trivial    the validation MSE of predicting the training mean
     */
    public record LearningRates(double[] rates, int[] depths, double[][][][] curves, int[][][] diverged, int seeds,
            double trivial) {
        /** The final mean validation loss of one curve. */
        public double last(int depth, int rate, int bn) {
            double[] c = curves[depth][rate][bn];
            return c[c.length - 1];
        }

        /** The final loss without batch norm over the final loss with it: how many times lower BN ends. */
        public double finalRatio(int depth, int rate) {
            return last(depth, rate, 0) / last(depth, rate, 1);
        }

        /**
         * The first epoch (1-based) after which a curve's loss falls below {@code level}, or 0 when it never does:
         * which network recovers first from a blow-up.
         */
        public int firstEpochBelow(int depth, int rate, int bn, double level) {
            double[] c = curves[depth][rate][bn];
            for (int e = 0; e < c.length; e++) {
                if (c[e] < level) {
                    return e + 1;
                }
            }
            return 0;
        }

        /** The index of {@code rate} in {@link #rates}. */
        public int rateIndex(double rate) {
            for (int r = 0; r < rates.length; r++) {
                if (rates[r] == rate) {
                    return r;
                }
            }
            throw new IllegalArgumentException("no learning rate " + rate + " in " + Arrays.toString(rates));
        }
    }

    /** One run of the learning-rate picture. */
    private record RateJob(int depth, int rate, int bn, long seed) {
    }

    /**
     * The learning-rate sweep: {@code depths} × {@code rates} × with/without batch norm × {@code seeds} (from
     * {@code seed}), each run {@code epochs} epochs on the lab's learnable {@code synthetic} data (200 training, 200
     * validation rows), batch 10, on {@code threads} threads.
     */
    public static LearningRates learningRates(long seed, double[] rates, int[] depths, int seeds, int epochs,
            int threads) {
        List<RateJob> jobs = new ArrayList<>();
        for (int d = 0; d < depths.length; d++) {
            for (int r = 0; r < rates.length; r++) {
                for (int bn = 0; bn < 2; bn++) {
                    for (int s = 0; s < seeds; s++) {
                        jobs.add(new RateJob(d, r, bn, seed + s));
                    }
                }
            }
        }
        List<double[]> results = Parallel.map(jobs, threads, job -> {
            DataSet all = RandomData.synthetic(400, job.seed());
            DataSet train = Split.rows(all, 0, 200);
            DataSet validation = Split.rows(all, 200, 400);
            MultiLayerNetwork net = Networks.create(mlp(depths[job.depth()], job.bn() == 1, rates[job.rate()],
                    job.seed()));
            var batches = new ShuffledBatches(train, 10, job.seed());
            double[] curve = new double[epochs];
            for (int e = 0; e < epochs; e++) {
                batches.reset();
                while (batches.hasNext()) {
                    net.fit(batches.next());
                }
                double loss = Evaluation.loss(net, validation, false);
                curve[e] = Double.isFinite(loss) ? loss : Double.NaN;
            }
            return curve;
        }, (done, total, r) -> { });
        double[][][][] curves = new double[depths.length][rates.length][2][epochs];
        int[][][] diverged = new int[depths.length][rates.length][2];
        for (int i = 0; i < jobs.size(); i++) {
            RateJob job = jobs.get(i);
            double[] c = results.get(i);
            if (Double.isNaN(c[epochs - 1])) {
                diverged[job.depth()][job.rate()][job.bn()]++;
            }
            for (int e = 0; e < epochs; e++) {
                curves[job.depth()][job.rate()][job.bn()][e] += c[e] / seeds;
            }
        }
        DataSet all = RandomData.synthetic(400, seed);
        double trivial = Evaluation.trivialLoss(new dev.dl4jlessons.data.Split(Split.rows(all, 0, 200),
                Split.rows(all, 200, 400), null), false);
        return new LearningRates(rates, depths, curves, diverged, seeds, trivial);
    }

    /**
     * The notebook's MLP generalised to {@code depth} hidden layers of 50: each Linear → (BatchNorm) → ReLU, then
     * one linear output. At depth 1 with batch norm it is the batch-norm lesson's model; without, its dense layer has
     * the ReLU.
     */
    static MultiLayerConfiguration mlp(int depth, boolean batchNorm, double lr, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(lr))
                .weightInit(WeightInit.UNIFORM)
                .list();
        int in = RandomData.FEATURES;
        for (int i = 0; i < depth; i++) {
            if (batchNorm) {
                list.layer(new DenseLayer.Builder().nIn(in).nOut(50).activation(Activation.IDENTITY).build());
                list.layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build());
                list.layer(new ActivationLayer(Activation.RELU));
            } else {
                list.layer(new DenseLayer.Builder().nIn(in).nOut(50).activation(Activation.RELU).build());
            }
            in = 50;
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(1).activation(Activation.IDENTITY)
                .build()).setInputType(InputType.feedForward(RandomData.FEATURES)).build();
    }

    /** One unit's values over every batch. */
    public static double[] pooled(List<double[][]> batches, int unit) {
        return batches.stream().flatMapToDouble(b -> Arrays.stream(column(b, unit))).toArray();
    }

    /** Column {@code j} of {@code m}. */
    public static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }
}
