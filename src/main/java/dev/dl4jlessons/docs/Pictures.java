package dev.dl4jlessons.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

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
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.batchnorminternals.BatchNormInternalsLesson;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;

/**
 * The data behind the guides' pictures in {@code lessons/img/}, one method per picture, each from real DL4J runs with
 * a fixed seed. Every method returns what its picture plots, so a test can check the numbers, not just the PNG;
 * {@link PictureRenderer} draws them.
 */
public final class Pictures {
    /** The seed every picture is drawn with. */
    public static final long SEED = 42;

    /** Full-batch steps of the two small curve models (the memorising ones take three times as many). */
    public static final int CURVE_STEPS = 500;
    /** Epochs the dropout model trains before its passes are drawn. */
    public static final int PASSES_EPOCHS = 30;
    /** Training-mode passes in the dropout-passes histogram. */
    public static final int PASSES = 1000;
    /** Epochs of the batch-norm pictures: the notebook's 5 would leave γ and β hardly moved, so 20. */
    public static final int BN_EPOCHS = 20;
    /** Learning rates of the batch-norm sweep. */
    public static final double[] RATES = {1e-3, 1e-2, 1e-1, 1};
    /** Hidden layers of the batch-norm sweep: the notebook's MLP and a deeper one. */
    public static final int[] DEPTHS = {1, 3};
    /** Seeds per curve of the batch-norm sweep. */
    public static final int RATE_SEEDS = 3;
    /** Epochs of the batch-norm sweep. */
    public static final int RATE_EPOCHS = 10;
    /** Epochs of the small-batch picture: the same as lesson 6's guide runs, so its table and the picture agree. */
    public static final int SMALL_BATCH_EPOCHS = 10;

    private Pictures() {
    }

    // ---------------------------------------------------------------------------------------------------------
    // underfit-overfit.png

    /** One fitted model of the underfit/overfit picture: its curve on the grid and its two losses. */
    public record Fit(String name, String model, double[] curve, double trainMse, double validationMse) {
    }

    /**
     * A 1-D regression: noisy training points, held-out points from the same noisy function, the noise-free
     * function on a grid, and one {@link Fit} per model (too small, about right, memorising, memorising with
     * dropout).
     */
    public record UnderfitOverfit(double[] trainX, double[] trainY, double[] validationX, double[] validationY,
            double[] gridX, double[] truth, List<Fit> fits) {
    }

    /** The smooth function the regression points are drawn around. */
    static double truth(double x) {
        return Math.sin(2.5 * x) + 0.5 * x;
    }

    /** Training rows of the 1-D regression: few, so a large model can memorise them. */
    static final int CURVE_TRAIN_ROWS = 20;
    /** Standard deviation of the noise on every regression point. */
    static final double CURVE_NOISE = 0.3;

    /**
     * The four fits of the underfit/overfit picture for {@code seed}: the seed draws the points, the initial weights
     * and the dropout masks. Every model trains full-batch with Adam for {@code steps} steps.
     */
    public static UnderfitOverfit underfitOverfit(long seed, int steps) {
        var rng = new Random(seed);
        double[] tx = new double[CURVE_TRAIN_ROWS];
        double[] ty = new double[CURVE_TRAIN_ROWS];
        for (int i = 0; i < tx.length; i++) {
            tx[i] = -1.5 + 3.0 * rng.nextDouble();
            ty[i] = truth(tx[i]) + CURVE_NOISE * rng.nextGaussian();
        }
        double[] vx = new double[200];
        double[] vy = new double[vx.length];
        for (int i = 0; i < vx.length; i++) {
            vx[i] = -1.5 + 3.0 * rng.nextDouble();
            vy[i] = truth(vx[i]) + CURVE_NOISE * rng.nextGaussian();
        }
        double[] gx = new double[121];
        double[] gy = new double[gx.length];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = -1.5 + 3.0 * i / (gx.length - 1);
            gy[i] = truth(gx[i]);
        }
        DataSet train = column(tx, ty);
        DataSet validation = column(vx, vy);
        INDArray grid = Nd4j.create(gx, new long[] {gx.length, 1});
        List<Fit> fits = new ArrayList<>();
        fits.add(fit("underfit", "1 hidden unit", curveNet(1, 1, 0, seed), train, validation, grid,
                steps));
        fits.add(fit("about right", "16 hidden units", curveNet(16, 1, 0, seed), train, validation, grid,
                steps));
        fits.add(fit("overfit", "2 hidden layers of 128", curveNet(128, 2, 0, seed), train,
                validation, grid, 3 * steps));
        fits.add(fit("overfit + dropout", "2 × 128, dropout 0.5", curveNet(128, 2, 0.5, seed), train,
                validation, grid, 3 * steps));
        return new UnderfitOverfit(tx, ty, vx, vy, gx, gy, fits);
    }

    /** {@code depth} hidden tanh layers of {@code width} units, PyTorch dropout {@code drop} after each, one output. */
    static MultiLayerConfiguration curveNet(int width, int depth, double drop, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(0.01))
                .weightInit(WeightInit.UNIFORM)
                .list();
        int in = 1;
        for (int i = 0; i < depth; i++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.TANH).build());
            if (drop > 0) {
                list.layer(Regularizers.dropoutLayer(drop));
            }
            in = width;
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(1)
                .activation(Activation.IDENTITY).build()).build();
    }

    private static Fit fit(String name, String model, MultiLayerConfiguration conf, DataSet train,
            DataSet validation, INDArray grid, int steps) {
        MultiLayerNetwork net = Networks.create(conf);
        for (int s = 0; s < steps; s++) {
            net.fit(train);
        }
        double[] curve = net.output(grid, false).toDoubleVector();
        return new Fit(name, model, curve, Evaluation.loss(net, train, false), Evaluation.loss(net, validation,
                false));
    }

    private static DataSet column(double[] x, double[] y) {
        return new DataSet(Nd4j.create(x, new long[] {x.length, 1}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                Nd4j.create(y, new long[] {y.length, 1}).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    // ---------------------------------------------------------------------------------------------------------
    // dropout-masks.png and dropout.gif

    /**
     * The dropout lesson's hidden activations for one batch (rows × units): in inference, and in three training-mode
     * passes through its {@code DropoutLayer}, each with its own mask.
     *
     * @param p             PyTorch drop probability
     * @param inference     ReLU outputs, dropout off ({@code output(x, false)})
     * @param training      the same activations after the dropout layer in training mode, one array per pass
     * @param dropFraction  per pass: the share of the units active in inference (non-zero) that the mask zeroed
     * @param zeroFraction  per pass: the share of all entries that are zero (ReLU zeros included)
     * @param tinyInput     a 2×8 array of ones times 1..8, the worked example
     * @param tinyP         the worked example's drop probabilities
     * @param tinyOutput    the worked example after dropout at each of {@code tinyP}, in training mode
     */
    public record DropoutMasks(double p, double[][] inference, List<double[][]> training, double[] dropFraction,
            double[] zeroFraction, double[][] tinyInput, double[] tinyP, List<double[][]> tinyOutput) {
    }

    /** Rows in the heatmap's batch: the notebook's batch size. */
    static final int MASK_ROWS = 10;

    /** The dropout lesson's model, freshly initialised with the notebook's seed, on the notebook data's first batch. */
    public static DropoutMasks dropoutMasks(long seed) {
        double p = DropoutLesson.DROP_PROBABILITY;
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration());
        INDArray x = RandomData.notebook(seed).getFeatures().get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, MASK_ROWS),
                org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray hidden = Networks.activateLayer(net, 0, x, false);
        Nd4j.getRandom().setSeed(seed);
        List<double[][]> passes = new ArrayList<>();
        double[] drop = new double[3];
        double[] zero = new double[3];
        double[][] inference = hidden.toDoubleMatrix();
        for (int k = 0; k < 3; k++) {
            double[][] t = Networks.activateLayer(net, 1, hidden, true).toDoubleMatrix();
            passes.add(t);
            int active = 0;
            int dropped = 0;
            int zeros = 0;
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < t[i].length; j++) {
                    if (inference[i][j] != 0) {
                        active++;
                        dropped += t[i][j] == 0 ? 1 : 0;
                    }
                    zeros += t[i][j] == 0 ? 1 : 0;
                }
            }
            drop[k] = (double) dropped / active;
            zero[k] = (double) zeros / (t.length * t[0].length);
        }
        double[][] tiny = new double[2][8];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 8; j++) {
                tiny[i][j] = j + 1;
            }
        }
        double[] tinyP = {0, 0.5, 1};
        List<double[][]> tinyOut = new ArrayList<>();
        for (double tp : tinyP) {
            tinyOut.add(tinyDropout(Nd4j.create(tiny).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT), tp));
        }
        return new DropoutMasks(p, inference, passes, drop, zero, tiny, tinyP, tinyOut);
    }

    /**
     * DL4J's dropout in training mode on {@code x} at drop probability {@code p}. At p = 1 DL4J has no layer (its
     * retain probability would be 0, and the 1/(1−p) scale infinite), so the result is what PyTorch returns: zeros.
     */
    private static double[][] tinyDropout(INDArray x, double p) {
        if (p >= 1) {
            return new double[(int) x.rows()][(int) x.columns()];
        }
        var conf = new NeuralNetConfiguration.Builder().seed(SEED).list()
                .layer(Regularizers.dropoutLayer(p))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(8).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(8)).build();
        MultiLayerNetwork net = Networks.create(conf);
        return Networks.activateLayer(net, 0, x, true).toDoubleMatrix();
    }

    /** The masks of the animation: for each frame, which of the lesson's 50 hidden units its dropout layer kept. */
    public record MaskFrames(double p, List<boolean[]> kept) {
    }

    /**
     * {@code frames} masks drawn by the dropout lesson's own {@code DropoutLayer} in training mode, one per training
     * step (a row of ones through the layer: a kept unit comes out as 1/(1−p), a dropped one as 0).
     */
    public static MaskFrames maskFrames(long seed, int frames) {
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration());
        Nd4j.getRandom().setSeed(seed);
        List<boolean[]> kept = new ArrayList<>();
        for (int f = 0; f < frames; f++) {
            double[] out = Networks.activateLayer(net, 1, Nd4j.ones(1, 50), true).toDoubleVector();
            boolean[] k = new boolean[out.length];
            for (int j = 0; j < out.length; j++) {
                k[j] = out[j] != 0;
            }
            kept.add(k);
        }
        return new MaskFrames(DropoutLesson.DROP_PROBABILITY, kept);
    }

    // ---------------------------------------------------------------------------------------------------------
    // dropout-passes.png

    /**
     * One validation row's prediction over many training-mode passes of the trained dropout model, and its
     * inference-mode prediction.
     *
     * @param passes     {@code output(x, true)}, once per pass
     * @param inference  {@code output(x, false)}
     * @param target     the row's target
     * @param trainMse   the trained model's training MSE (inference mode)
     */
    public record Passes(double[] passes, double inference, double target, double trainMse) {
        /** Mean of the passes. */
        public double mean() {
            return java.util.Arrays.stream(passes).average().orElse(Double.NaN);
        }

        /** Standard deviation of the passes. */
        public double std() {
            double m = mean();
            return Math.sqrt(java.util.Arrays.stream(passes).map(v -> (v - m) * (v - m)).average().orElse(0));
        }
    }

    /**
     * The dropout lesson's model trained for {@code epochs} on the lab's learnable {@code synthetic} data (200 rows),
     * then {@code count} training-mode passes over one held-out row.
     */
    public static Passes dropoutPasses(long seed, int epochs, int count) {
        DataSet all = RandomData.synthetic(300, seed);
        DataSet train = rows(all, 0, 200);
        DataSet validation = rows(all, 200, 300);
        Settings settings = Settings.NOTEBOOK;
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration(settings));
        var batches = new ShuffledBatches(train, settings.batchSize(), seed);
        for (int e = 0; e < epochs; e++) {
            batches.reset();
            while (batches.hasNext()) {
                net.fit(batches.next());
            }
        }
        INDArray x = validation.getFeatures().getRow(0, true);
        Nd4j.getRandom().setSeed(seed);
        double[] passes = new double[count];
        for (int i = 0; i < count; i++) {
            passes[i] = net.output(x, true).getDouble(0);
        }
        return new Passes(passes, net.output(x, false).getDouble(0), validation.getLabels().getDouble(0),
                Evaluation.loss(net, train, false));
    }

    static DataSet rows(DataSet data, int from, int to) {
        var range = org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to);
        var all = org.nd4j.linalg.indexing.NDArrayIndex.all();
        return new DataSet(data.getFeatures().get(range, all).dup(), data.getLabels().get(range, all).dup());
    }

    // ---------------------------------------------------------------------------------------------------------
    // batchnorm-histograms.png and batchnorm-running-stats.png

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
    public record BatchNormHistograms(int[] units, String[] stages, double[][][] before, double[][][] after,
            double[][] batchMean, double[][] batchStd, double[][] gamma, double[][] beta) {
    }

    /** Units shown in the batch-norm pictures. */
    static final int[] BN_UNITS = {0, 1, 2};

    /**
     * The batch-norm lesson's model on the notebook's data and batches: its first layer's outputs before and after
     * batch normalization, at initialisation and after {@code epochs} epochs of the notebook's training.
     */
    public static BatchNormHistograms batchNormHistograms(long seed, int epochs) {
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
                mean[stage][k] = mean(first);
                std[stage][k] = std(first);
                gamma[stage][k] = g.getDouble(unit);
                beta[stage][k] = b.getDouble(unit);
            }
        }
        return new BatchNormHistograms(BN_UNITS, stages, before, after, mean, std, gamma, beta);
    }

    /**
     * The batch-norm layer's running statistics after each training step, beside the statistics of the whole
     * training set's pre-activations under the same weights.
     *
     * @param runningMean   [unit][step]
     * @param runningVar    [unit][step]
     * @param dataMean      [unit][step] mean over all 100 rows
     * @param dataVar       [unit][step] variance (÷ n) over all 100 rows
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
        int u = BN_UNITS.length;
        double[][] rm = new double[u][steps + 1];
        double[][] rv = new double[u][steps + 1];
        double[][] dm = new double[u][steps + 1];
        double[][] dv = new double[u][steps + 1];
        int step = 0;
        record(net, data, rm, rv, dm, dv, step);
        for (int e = 0; e < epochs; e++) {
            batches.reset();
            while (batches.hasNext()) {
                net.fit(batches.next());
                record(net, data, rm, rv, dm, dv, ++step);
            }
        }
        return new RunningStats(BN_UNITS, rm, rv, dm, dv, settings.batchSize());
    }

    private static void record(MultiLayerNetwork net, DataSet data, double[][] rm, double[][] rv, double[][] dm,
            double[][] dv, int step) {
        INDArray runningMean = net.getLayer(1).getParam("mean");
        INDArray runningVar = net.getLayer(1).getParam("var");
        double[][] z = Networks.activateLayer(net, 0, data.getFeatures(), false).toDoubleMatrix();
        for (int k = 0; k < BN_UNITS.length; k++) {
            int unit = BN_UNITS[k];
            rm[k][step] = runningMean.getDouble(unit);
            rv[k][step] = runningVar.getDouble(unit);
            double[] c = column(z, unit);
            dm[k][step] = mean(c);
            dv[k][step] = Math.pow(std(c), 2);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // batchnorm-learning-rates.png

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
    }

    /** One run of the learning-rate picture. */
    private record RateJob(int depth, int rate, int bn, long seed) {
    }

    /**
     * The learning-rate sweep: {@code depths} × {@code rates} × with/without batch norm × {@code seeds}, each run
     * {@code epochs} epochs on the lab's learnable {@code synthetic} data (200 training, 200 validation rows), batch
     * 10, on {@code threads} threads.
     */
    public static LearningRates learningRates(double[] rates, int[] depths, int seeds, int epochs, int threads) {
        List<RateJob> jobs = new ArrayList<>();
        for (int d = 0; d < depths.length; d++) {
            for (int r = 0; r < rates.length; r++) {
                for (int bn = 0; bn < 2; bn++) {
                    for (int s = 0; s < seeds; s++) {
                        jobs.add(new RateJob(d, r, bn, SEED + s));
                    }
                }
            }
        }
        List<double[]> results = Parallel.map(jobs, threads, job -> {
            DataSet all = RandomData.synthetic(400, job.seed());
            DataSet train = rows(all, 0, 200);
            DataSet validation = rows(all, 200, 400);
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
        DataSet all = RandomData.synthetic(400, SEED);
        double trivial = Evaluation.trivialLoss(new dev.dl4jlessons.data.Split(rows(all, 0, 200), rows(all, 200, 400),
                null), false);
        return new LearningRates(rates, depths, curves, diverged, seeds, trivial);
    }

    /**
     * Lesson 6's small-batch experiment with the picture's seed: held-out MSE of the batch-norm model and its
     * layer-norm twin at each of {@link BatchNormInternalsLesson#BATCH_SIZES}, over
     * {@link BatchNormInternalsLesson#SEEDS} seeds.
     */
    public static BatchNormInternalsLesson.SmallBatches smallBatches(int epochs) {
        return BatchNormInternalsLesson.smallBatches(BatchNormInternalsLesson.BATCH_SIZES,
                BatchNormInternalsLesson.SEEDS, Settings.NOTEBOOK.withSeed(SEED).withEpochs(epochs));
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

    // ---------------------------------------------------------------------------------------------------------

    private static double[] pooled(List<double[][]> batches, int unit) {
        return batches.stream().flatMapToDouble(b -> java.util.Arrays.stream(column(b, unit))).toArray();
    }

    private static double[] column(double[][] m, int j) {
        double[] c = new double[m.length];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i][j];
        }
        return c;
    }

    /** Mean of {@code v}. */
    public static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Standard deviation of {@code v}, dividing by n. */
    public static double std(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(Double.NaN));
    }
}
