package dev.dl4jlessons.lessons.batchnorminternals;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.scratch.Checks;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Lesson 6: batch normalization from scratch, checked against DL4J; training vs inference statistics; the pitfalls;
 * and an experiment on where dropout goes relative to batch normalization.
 *
 * <p>Guide: {@code lessons/06-batchnorm-under-the-hood.md}.
 */
public final class BatchNormInternalsLesson implements Lesson {
    /** Where the combined model's dropout layer sits, for the layer-order experiment. */
    public enum Placement {
        /** The notebook's order: ... BN → ReLU → Dropout → Linear(50,20) → BN ... */
        NOTEBOOK("notebook: BN→ReLU→Dropout→Linear→BN", 3),
        /** Dropout straight before the first batch normalization: Linear(10,50) → Dropout → BN. */
        BEFORE_BN("Linear→Dropout→BN", 1),
        /** Dropout after the last batch normalization only: ... BN → ReLU → Dropout → output. */
        AFTER_LAST_BN("last BN→ReLU→Dropout→output", 6);

        final String label;
        final int index;

        Placement(String label, int index) {
            this.label = label;
            this.index = index;
        }
    }

    /** Batch sizes of the small-batch experiment. */
    public static final int[] BATCH_SIZES = {2, 4, 10, 32};
    /** Seeds of the small-batch experiment: the settings' seed and the next ones. */
    public static final int SEEDS = 3;
    /** Training rows of the small-batch experiment (the lab's synthetic data), and as many fresh held-out rows. */
    public static final int ROWS = 200;

    /** Which normalization the small-batch experiment puts after the first dense layer. */
    public enum Norm {
        /** The batch-norm lesson's model: statistics over the batch, per feature. */
        BATCH("batch norm"),
        /** The same model with layer norm instead: statistics over the 50 units, per row. */
        LAYER("layer norm");

        /** The column label. */
        public final String label;

        Norm(String label) {
            this.label = label;
        }
    }

    @Override
    public String name() {
        return "batchnorm-internals";
    }

    @Override
    public String title() {
        return "Batch normalization under the hood: from scratch, running statistics, pitfalls, layer order, vs layer norm";
    }

    @Override
    public String guide() {
        return "06-batchnorm-under-the-hood.md";
    }

    @Override
    public int order() {
        return 60;
    }

    /** {@code --dropout} sets the drop probability of the checks and experiments here. */
    @Override
    public boolean readsDropout() {
        return true;
    }

    @Override
    public void run(Settings settings, PrintStream out) {
        againstDl4j(settings, out);
        MultiLayerNetwork net = trainingVersusInference(settings, out);
        runningStatistics(net, out);
        batchOfOne(settings, out);
        biasedVariance(settings, out);
        layerOrder(settings, out);
        printSmallBatches(smallBatches(BATCH_SIZES, SEEDS, settings), settings, out);
    }

    static void againstDl4j(Settings settings, PrintStream out) {
        out.println("1. DL4J's BatchNormalization vs the from-scratch version (max |difference|)");
        int[][] shapes = {{4, 3}, {10, 50}, {32, 20}};
        List<java.util.Map<String, Double>> diffs = new ArrayList<>();
        for (int[] shape : shapes) {
            diffs.add(Checks.batchNorm(shape[0], shape[1], settings.seed() + shape[0]));
        }
        out.printf(java.util.Locale.ROOT, "%-20s %-10s %-10s %s%n", "quantity", "4×3", "10×50", "32×20");
        for (String quantity : diffs.get(0).keySet()) {
            out.printf(Locale.ROOT, "%-20s %-10.1e %-10.1e %.1e%n", quantity, diffs.get(0).get(quantity),
                    diffs.get(1).get(quantity), diffs.get(2).get(quantity));
        }
        out.println();
    }

    // lesson:train-vs-inference
    /** The statistics batch normalization divides by: the batch's in training, the running ones at inference. */
    static MultiLayerNetwork trainingVersusInference(Settings settings, PrintStream out) {
        DataSet data = RandomData.linear(200, 10, 0.1, settings.seed());
        var net = NotebookRun.trainQuietly("batchnorm", BatchNormLesson.configuration(settings), data, settings).net();
        INDArray batch = data.getFeatures().getRows(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        INDArray bnInput = Networks.activateLayer(net, 0, batch, false);  // fc1's output: what bn1 normalizes
        INDArray batchMean = bnInput.mean(0);
        INDArray batchVar = bnInput.var(false, 0);
        INDArray runningMean = net.getLayer(1).getParam("mean");
        INDArray runningVar = net.getLayer(1).getParam("var");
        out.printf(java.util.Locale.ROOT, "2. bn1 after %d epochs: a batch of 10 rows is normalized with its own statistics in training,"
                + " with the running ones at inference%n", settings.epochs());
        out.printf(java.util.Locale.ROOT, "%-8s %-11s %-13s %-11s %s%n", "feature", "batch mean", "running mean", "batch var", "running var");
        for (int j = 0; j < 5; j++) {
            out.printf(Locale.ROOT, "%-8d %-11.4f %-13.4f %-11.4f %.4f%n", j, batchMean.getDouble(j),
                    runningMean.getDouble(j), batchVar.getDouble(j), runningVar.getDouble(j));
        }
        INDArray trainOut = Networks.activateLayer(net, 1, bnInput, true);
        INDArray inferOut = Networks.activateLayer(net, 1, bnInput, false);
        out.printf(Locale.ROOT, "bn1 output over those 10 rows, averaged over 50 features: training mean %.4f, "
                + "var %.4f; inference mean %.4f, var %.4f%n%n",
                trainOut.mean(0).meanNumber().doubleValue(), trainOut.var(false, 0).meanNumber().doubleValue(),
                inferOut.mean(0).meanNumber().doubleValue(), inferOut.var(false, 0).meanNumber().doubleValue());
        return net;
    }
    // end:train-vs-inference

    // lesson:running-statistics
    /** How the running statistics approach the data's at decay 0.9, and what gamma and beta learned. */
    static void runningStatistics(MultiLayerNetwork trained, PrintStream out) {
        var net = Checks.batchNormNetwork(1);
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(7);
        out.println("3. Running statistics at decay 0.9, fed batches of 10 from N(mean 3, var 4)");
        out.printf(java.util.Locale.ROOT, "%-10s %-13s %-12s %s%n", "iteration", "running mean", "running var", "weight on the data so far");
        for (int it = 1; it <= 50; it++) {
            INDArray x = Nd4j.randn(rng, new long[] {10, 1}).castTo(DataType.FLOAT).muli(2).addi(3);
            net.fit(x, Nd4j.zeros(DataType.FLOAT, 10, 1));
            if (it <= 3 || it == 5 || it == 10 || it == 20 || it == 50) {
                out.printf(Locale.ROOT, "%-10d %-13.4f %-12.4f %.4f%n", it, net.getLayer(0).getParam("mean").getDouble(0),
                        net.getLayer(0).getParam("var").getDouble(0), 1 - Math.pow(0.9, it));
            }
        }
        INDArray gamma = trained.getLayer(1).getParam("gamma");
        INDArray beta = trained.getLayer(1).getParam("beta");
        out.println("Learned scale and shift of bn1 in the model above (initialised to 1 and 0):");
        out.printf(java.util.Locale.ROOT, "%-8s %-9s %s%n", "feature", "gamma", "beta");
        for (int j = 0; j < 5; j++) {
            out.printf(Locale.ROOT, "%-8d %-9.4f %.4f%n", j, gamma.getDouble(j), beta.getDouble(j));
        }
        out.println();
    }
    // end:running-statistics

    // lesson:batch-of-one
    /** A batch of one row: DL4J outputs beta, PyTorch raises an error, the harness refuses. */
    static void batchOfOne(Settings settings, PrintStream out) {
        var net = Checks.batchNormNetwork(4);
        net.getLayer(0).setParam("beta", Nd4j.create(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, 1, 4));
        INDArray y = Networks.activateLayer(net, 0, Nd4j.create(new float[] {5f, -3f, 12f, 0.5f}, 1, 4), true);
        out.println("4. One row through batch normalization in training mode");
        out.println("input  [5.0, -3.0, 12.0, 0.5]");
        out.printf(Locale.ROOT, "output [%.4f, %.4f, %.4f, %.4f]   beta [0.1, 0.2, 0.3, 0.4]%n", y.getDouble(0),
                y.getDouble(1), y.getDouble(2), y.getDouble(3));
        out.println("The row minus its own mean is 0, so the output is beta whatever the input. PyTorch refuses"
                + " (\"Expected more than 1 value per channel when training\"); this harness refuses too:");
        try {
            Trainer.checkBatchNormBatches("batchnorm", true, 100, 33);
        } catch (InputException e) {
            out.println("  " + e.getMessage());
        }
        out.println();
    }
    // end:batch-of-one

    // lesson:biased-variance
    /** DL4J's running variance uses the biased batch variance; PyTorch's the unbiased one. */
    static void biasedVariance(Settings settings, PrintStream out) {
        var net = Checks.batchNormNetwork(1);
        INDArray x = RandomData.normal(10, 1, settings.seed()).getFeatures();
        net.fit(x.dup(), Nd4j.zeros(DataType.FLOAT, 10, 1));
        double biased = x.var(false, 0).getDouble(0);
        double unbiased = x.var(true, 0).getDouble(0);
        out.println("5. Running variance after one batch of n = 10 (starting from 1, decay 0.9)");
        out.printf(Locale.ROOT, "batch variance, biased (÷n):       %.6f%n", biased);
        out.printf(Locale.ROOT, "batch variance, unbiased (÷(n-1)): %.6f   ratio %.6f = n/(n-1) = %.6f%n", unbiased,
                unbiased / biased, 10.0 / 9.0);
        out.printf(Locale.ROOT, "DL4J running var:    %.6f   (0.9 + 0.1 × biased)%n",
                net.getLayer(0).getParam("var").getDouble(0));
        out.printf(Locale.ROOT, "PyTorch running_var: %.6f   (0.9 + 0.1 × unbiased)%n%n", 0.9 + 0.1 * unbiased);
    }
    // end:biased-variance

    // lesson:layer-order
    /** The combined model with its dropout layer moved to {@code placement}; every other layer is the lesson's. */
    public static MultiLayerConfiguration withDropoutAt(Placement placement, Settings settings) {
        MultiLayerConfiguration notebook = CombinedLesson.configuration(settings);
        List<Layer> layers = new ArrayList<>(notebook.getConfs().stream().map(c -> c.getLayer().clone()).toList());
        Layer dropout = layers.remove(Placement.NOTEBOOK.index);
        layers.add(placement.index, dropout);
        var list = new NeuralNetConfiguration.Builder().seed(settings.seed()).list();
        layers.forEach(list::layer);
        return list.setInputType(InputType.feedForward(10)).build();
    }

    /**
     * The variance shift: for every batch normalization layer, its running variance divided by the variance its
     * input actually has at inference, averaged over features. 1 means the stored statistics fit inference.
     */
    public static List<Double> varianceShift(MultiLayerNetwork net, INDArray x) {
        List<INDArray> activations = Networks.layerInputs(net, x, false);
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof BatchNormalization) {
                INDArray actual = activations.get(i).var(false, 0);
                INDArray running = net.getLayer(i).getParam("var");
                ratios.add(running.reshape(actual.shape()).div(actual).meanNumber().doubleValue());
            }
        }
        return ratios;
    }

    static void layerOrder(Settings settings, PrintStream out) {
        DataSet train = RandomData.linear(400, 10, 0.1, settings.seed());
        DataSet test = RandomData.linear(400, 10, 0.1, settings.seed() + 1000);
        double drop = settings.dropOr(0.5);
        out.printf(Locale.ROOT, "6. Where dropout goes (drop %.1f, %d epochs, 400 learnable rows, 3 seeds)%n", drop,
                settings.epochs());
        out.printf(java.util.Locale.ROOT, "%-38s %-18s %-18s %s%n", "placement", "bn1 var shift", "bn2 var shift", "held-out loss");
        for (Placement placement : Placement.values()) {
            double[] shift = new double[2];
            double loss = 0;
            for (int seed = 0; seed < 3; seed++) {
                Settings s = new Settings(settings.seed() + seed, settings.epochs(), settings.batchSize(),
                        settings.learningRate(), drop, null);
                var net = NotebookRun.trainQuietly(placement.name(), withDropoutAt(placement, s), train, s).net();
                List<Double> ratios = varianceShift(net, train.getFeatures());
                shift[0] += ratios.get(0) / 3;
                shift[1] += ratios.get(1) / 3;
                loss += net.score(test, false) / 3;
            }
            out.printf(Locale.ROOT, "%-38s %-18.3f %-18.3f %.4f%n", placement.label, shift[0], shift[1], loss);
        }
        out.println("var shift = running variance / variance of the layer's input at inference (1 = no shift)");
    }
    // end:layer-order

    // lesson:layer-norm
    /**
     * The batch-norm lesson's model with layer normalization instead: fc1 normalizes each row over its 50 units and
     * applies a gain and a bias ({@code hasLayerNorm}), and the batch-norm layer goes.
     */
    public static MultiLayerConfiguration withLayerNorm(Settings settings) {
        MultiLayerConfiguration batchNorm = BatchNormLesson.configuration(settings);
        List<Layer> layers = new ArrayList<>(batchNorm.getConfs().stream().map(c -> c.getLayer().clone()).toList());
        ((DenseLayer) layers.get(0)).setHasLayerNorm(true);   // fc1: x·W, normalized per row, × gain g, + bias b
        layers.remove(1);                                      // no BatchNormalization
        var list = new NeuralNetConfiguration.Builder().seed(settings.seed()).list();
        layers.forEach(list::layer);
        return list.setInputType(InputType.feedForward(10)).build();
    }

    /**
     * Held-out MSE by normalization, batch size and seed ({@code heldOut[norm][size][seed]}), and the trivial
     * predictor's, averaged over seeds.
     */
    public record SmallBatches(int[] sizes, long[] seeds, double[][][] heldOut, int epochs, double trivial) {
        /** Mean over seeds. */
        public double mean(Norm norm, int size) {
            return overSeeds(norm, size).mean();
        }

        /** Sample standard deviation over seeds. */
        public double sd(Norm norm, int size) {
            return overSeeds(norm, size).std();
        }

        private Stat overSeeds(Norm norm, int size) {
            return Stat.of(java.util.Arrays.stream(heldOut[norm.ordinal()][size]).boxed().toList());
        }
    }

    /**
     * Trains both models at every batch size for {@code seeds} seeds on {@link #ROWS} rows of the lab's synthetic
     * data, the settings' epochs each, and scores them on as many fresh rows in inference mode.
     */
    public static SmallBatches smallBatches(int[] sizes, int seeds, Settings settings) {
        record Job(Norm norm, int size, int seed) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < seeds; s++) {
            for (int k = 0; k < sizes.length; k++) {
                for (Norm norm : Norm.values()) {
                    jobs.add(new Job(norm, k, s));
                }
            }
        }
        // each network is built and trained on one thread, so the numbers do not depend on the thread count
        List<Double> losses = Parallel.map(jobs, NotebookRun.defaultThreads(jobs.size()), job -> {
            long seed = settings.seed() + job.seed();
            Settings run = new Settings(seed, settings.epochs(), sizes[job.size()], settings.learningRate(), null,
                    null);
            var conf = job.norm() == Norm.BATCH ? BatchNormLesson.configuration(run) : withLayerNorm(run);
            var net = NotebookRun.trainQuietly(job.norm().name(), conf, RandomData.synthetic(ROWS, seed), run).net();
            return Evaluation.loss(net, RandomData.synthetic(ROWS, seed + 1000), false);
        }, (done, total, r) -> { });
        double[][][] heldOut = new double[Norm.values().length][sizes.length][seeds];
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            heldOut[job.norm().ordinal()][job.size()][job.seed()] = losses.get(i);
        }
        long[] seedList = new long[seeds];
        double trivial = 0;
        for (int s = 0; s < seeds; s++) {
            seedList[s] = settings.seed() + s;
            trivial += Evaluation.trivialLoss(new dev.dl4jlessons.data.Split(RandomData.synthetic(ROWS, seedList[s]),
                    RandomData.synthetic(ROWS, seedList[s] + 1000), null), false) / seeds;
        }
        return new SmallBatches(sizes.clone(), seedList, heldOut, settings.epochs(), trivial);
    }
    // end:layer-norm

    static void printSmallBatches(SmallBatches r, Settings settings, PrintStream out) {
        out.printf(Locale.ROOT, "%n7. Small batches: held-out MSE of the batch-norm model and its layer-norm twin (%d "
                + "epochs, %d learnable rows, %d seeds, mean ± sd)%n", r.epochs(), ROWS, r.seeds().length);
        out.printf(Locale.ROOT, "%-6s %-18s %s%n", "batch", Norm.BATCH.label, Norm.LAYER.label);
        for (int k = 0; k < r.sizes().length; k++) {
            out.printf(Locale.ROOT, "%-6d %-18s %s%n", r.sizes()[k], meanSd(r, Norm.BATCH, k), meanSd(r, Norm.LAYER, k));
        }
        out.printf(Locale.ROOT, "trivial predictor (training mean): %.3f%n", r.trivial());
    }

    private static String meanSd(SmallBatches r, Norm norm, int k) {
        return String.format(Locale.ROOT, "%.3f ± %.3f", r.mean(norm, k), r.sd(norm, k));
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("batchnorm-internals", args);
    }
}
