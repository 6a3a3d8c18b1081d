package dev.dl4jlessons.lessons.dropconnect;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.scratch.InvertedDropConnect;

/**
 * Lesson 9: DropConnect, which drops weights instead of activations. DL4J's {@code DropConnect} has two traps in
 * M2.1 (kept weights are not scaled, and with {@code applyToBiases} it drops biases at inference); the course's
 * {@link InvertedDropConnect} is the fix, and a held-out comparison with dropout says where it helps.
 *
 * <p>Guide: {@code lessons/09-dropconnect.md}.
 */
public final class DropConnectLesson implements Lesson {
    /** The default drop probability of a weight, as {@code --dropout} gives it (DL4J's retain probability is 1 − it). */
    public static final double DROP = 0.5;
    /** Seeds of the held-out comparison: the settings' seed and the next ones. */
    public static final int SEEDS = 3;
    /** Rows of the lab's {@code synthetic} data to train on in the two comparisons; 200 fresh rows are held out. */
    public static final int[] ROWS = {200, 50};
    /** Held-out rows of each comparison, and the rows of the trained model checked in section 3. */
    public static final int HELD_OUT = 200;
    private static final int DRAWS = 1000;

    /** What regularizes the hidden layer of the lesson's model. */
    public enum Regularizer {
        /** No regularizer. */
        NONE("none"),
        /** Dropout on the 50 hidden activations, as in lesson 1. */
        DROPOUT("dropout on the hidden units"),
        /** DL4J's {@code DropConnect} on the hidden weights, evaluated as DL4J does it. */
        DL4J("DL4J DropConnect, output as is"),
        /** The same trained network, its hidden weights multiplied by the retain probability before inference. */
        DL4J_SCALED("DL4J DropConnect, W × retain"),
        /** The course's {@link InvertedDropConnect} on the hidden weights. */
        COURSE("course's InvertedDropConnect");

        /** The row label of the comparison. */
        public final String label;

        Regularizer(String label) {
            this.label = label;
        }
    }

    @Override
    public String name() {
        return "dropconnect";
    }

    @Override
    public String title() {
        return "DropConnect: dropping weights, DL4J's two traps and the fix, against dropout on held-out data";
    }

    @Override
    public int order() {
        return 90;
    }

    /** {@code --dropout} sets the chance that a weight (or, for the dropout row, a hidden unit) is dropped. */
    @Override
    public boolean readsDropout() {
        return true;
    }

    @Override
    public void run(Settings settings, PrintStream out) {
        dl4jInTraining(settings, out);
        biasesAtInference(settings, out);
        courseAgainstDl4j(settings, out);
        for (int k = 0; k < ROWS.length; k++) {
            printComparison(4 + k, compare(settings, ROWS[k]), settings, out);
        }
    }

    // lesson:configuration
    /**
     * 10→50 ReLU→1, the notebook's dropout model, with {@code regularizer} on the hidden layer. DL4J's DropConnect
     * takes a retain probability; the course's takes a drop probability, like {@code --dropout}.
     */
    public static MultiLayerConfiguration configuration(Regularizer regularizer, Settings settings) {
        double drop = settings.dropOr(DROP);
        var hidden = new DenseLayer.Builder().nIn(10).nOut(50).activation(Activation.RELU);
        var output = new OutputLayer.Builder(LossFunction.MSE).nIn(50).nOut(1).activation(Activation.IDENTITY);
        switch (regularizer) {
            case NONE -> { }
            case DROPOUT -> output.dropOut(Regularizers.retainProbability(drop));   // on the output layer's input
            case DL4J, DL4J_SCALED -> hidden.weightNoise(new DropConnect(1 - drop)); // not inverted
            case COURSE -> hidden.weightNoise(new InvertedDropConnect(drop, false)); // inverted, off at inference
        }
        return new NeuralNetConfiguration.Builder()
                .seed(settings.seed())
                .updater(PyTorchDefaults.adam(settings.learningRate()))
                .weightInit(WeightInit.UNIFORM)
                .list()
                .layer(hidden.build())
                .layer(output.build())
                .build();
    }
    // end:configuration

    /** The lesson's model with DL4J's DropConnect on the hidden layer's weights and biases. */
    static MultiLayerConfiguration dl4jOnBiasesToo(Settings settings) {
        MultiLayerConfiguration conf = configuration(Regularizer.DL4J, settings);
        ((BaseLayer) conf.getConf(0).getLayer()).setWeightNoise(new DropConnect(1 - settings.dropOr(DROP), true));
        return conf;
    }

    /** The parameter {@code key} of layer {@code index} as its weight noise hands it to the forward pass. */
    public static INDArray noisyParameter(MultiLayerNetwork net, int index, String key, boolean training) {
        Layer layer = net.getLayer(index);
        IWeightNoise noise = ((BaseLayer) layer.conf().getLayer()).getWeightNoise();
        return noise.getParameter(layer, key, 0, 0, training, LayerWorkspaceMgr.noWorkspaces()).dup();
    }

    /**
     * How large the average training-time weight is, as a multiple of the stored weights: the least-squares scale k
     * in {@code mean of draws ≈ k × W}, over {@code draws} training-time draws of layer 0's weights.
     */
    static double meanDrawOverWeight(MultiLayerNetwork net, int draws) {
        INDArray w = net.getLayer(0).getParam("W");
        INDArray sum = Nd4j.zeros(w.dataType(), w.shape());
        for (int i = 0; i < draws; i++) {
            sum.addi(noisyParameter(net, 0, "W", true));
        }
        return sum.divi(draws).mul(w).sumNumber().doubleValue() / w.mul(w).sumNumber().doubleValue();
    }

    // lesson:traps
    /** DL4J's DropConnect in training: the kept weights keep their value, so the expected weight is retain × W. */
    static void dl4jInTraining(Settings settings, PrintStream out) {
        double retain = 1 - settings.dropOr(DROP);
        var net = Networks.create(configuration(Regularizer.DL4J, settings));
        INDArray w = net.getLayer(0).getParam("W");
        INDArray noisy = noisyParameter(net, 0, "W", true);
        INDArray kept = noisy.neq(0).castTo(DataType.FLOAT);
        double[] weights = w.dup().data().asDouble();
        double[] drawn = noisy.data().asDouble();
        var ratio = java.util.stream.IntStream.range(0, drawn.length).filter(i -> drawn[i] != 0)
                .mapToDouble(i -> drawn[i] / weights[i]).summaryStatistics();
        out.printf(Locale.ROOT, "1. DL4J's DropConnect(%.2f) on the hidden layer's 10×50 weights, one training draw%n",
                retain);
        out.printf(Locale.ROOT, "weights kept: %d of %d (%.3f; retain probability %.2f)%n",
                kept.sumNumber().longValue(), w.length(), kept.meanNumber().doubleValue(), retain);
        out.printf(Locale.ROOT, "kept weight / W: min %.4f, max %.4f (inverted, it would be 1/retain = %.4f)%n",
                ratio.getMin(), ratio.getMax(), 1 / retain);
        out.printf(Locale.ROOT, "mean of %,d training draws / W: %.3f; at inference DL4J uses W itself (× 1.000)%n%n",
                DRAWS, meanDrawOverWeight(net, DRAWS));
    }

    /** {@code DropConnect(p, true)} also drops biases when {@code train} is false: inference is random. */
    static void biasesAtInference(Settings settings, PrintStream out) {
        var net = Networks.create(dl4jOnBiasesToo(settings));
        INDArray b = noisyParameter(net, 0, "b", false);
        INDArray w = noisyParameter(net, 0, "W", false);
        INDArray x = RandomData.synthetic(5, settings.seed()).getFeatures();
        double apart = Transforms.abs(net.output(x, false).sub(net.output(x, false))).maxNumber().doubleValue();
        out.printf(Locale.ROOT, "2. DL4J's DropConnect(%.2f, applyToBiases true) at inference (train = false)%n",
                1 - settings.dropOr(DROP));
        out.printf(Locale.ROOT, "biases zeroed: %d of %d; weights zeroed: %d of %d%n",
                b.eq(0).castTo(DataType.FLOAT).sumNumber().longValue(), b.length(), w.eq(0).castTo(DataType.FLOAT).sumNumber().longValue(), w.length());
        out.printf(Locale.ROOT, "two output(x, false) calls on the same 5 rows differ by up to %.4f%n", apart);
        out.println("getParameter tests `train && isWeight || (applyToBiases && isBias)`: the bias half ignores"
                + " train.");
        out.println();
    }
    // end:traps

    // lesson:fix
    /** The course's InvertedDropConnect: DL4J's draw divided by retain, unchanged on average, untouched at inference. */
    static void courseAgainstDl4j(Settings settings, PrintStream out) {
        double drop = settings.dropOr(DROP);
        double retain = 1 - drop;
        var dl4j = Networks.create(configuration(Regularizer.DL4J, settings));
        INDArray w = dl4j.getLayer(0).getParam("W");
        INDArray dl4jDraw = noisyParameter(dl4j, 0, "W", true);
        INDArray course = InvertedDropConnect.apply(w, dl4jDraw.neq(0), retain);  // DL4J's keep pattern
        MultiLayerConfiguration withBiases = configuration(Regularizer.COURSE, settings);
        ((BaseLayer) withBiases.getConf(0).getLayer()).setWeightNoise(new InvertedDropConnect(drop, true));
        var own = Networks.create(withBiases);
        out.printf(Locale.ROOT, "3. The course's InvertedDropConnect(drop %.2f), checked against DL4J's%n", drop);
        out.printf(Locale.ROOT, "same keep pattern: max |course − DL4J / retain| = %.1e%n",
                Transforms.abs(course.sub(dl4jDraw.div(retain))).maxNumber().doubleValue());
        out.printf(Locale.ROOT, "mean of %,d training draws / W: %.3f (DL4J's: %.3f)%n", DRAWS,
                meanDrawOverWeight(own, DRAWS), meanDrawOverWeight(dl4j, DRAWS));
        boolean untouched = noisyParameter(own, 0, "W", false).equals(own.getLayer(0).getParam("W"))
                && noisyParameter(own, 0, "b", false).equals(own.getLayer(0).getParam("b"));
        out.printf(Locale.ROOT, "at inference, with biases too: weights and biases as stored: %s%n", untouched);
        DataSet data = RandomData.synthetic(HELD_OUT, settings.seed());
        var trained = NotebookRun.trainQuietly("dropconnect", configuration(Regularizer.COURSE, settings), data,
                settings).net();
        INDArray x = RandomData.synthetic(5, settings.seed() + 1000).getFeatures();
        out.printf(Locale.ROOT, "trained: max |output(x, false) − relu(x·W1 + b1)·W2 + b2| = %.1e%n%n",
                Transforms.abs(trained.output(x, false).sub(byHand(trained, x, 1))).maxNumber().doubleValue());
    }
    // end:fix

    /** The model's output computed from its stored parameters, hidden weights multiplied by {@code scale}. */
    public static INDArray byHand(MultiLayerNetwork net, INDArray x, double scale) {
        INDArray w1 = net.getLayer(0).getParam("W").mul(scale);
        INDArray hidden = Transforms.relu(x.castTo(w1.dataType()).mmul(w1).addRowVector(net.getLayer(0).getParam("b")),
                false);
        return hidden.mmul(net.getLayer(1).getParam("W")).addRowVector(net.getLayer(1).getParam("b"));
    }

    /** Held-out MSE for every regularizer (row) and seed (column), and the trivial predictor's per seed. */
    public record Comparison(int rows, Map<Regularizer, double[]> heldOut, double[] trivial, long[] seeds) {
        /** The mean over seeds of {@code r}'s held-out MSE. */
        public double mean(Regularizer r) {
            return java.util.Arrays.stream(heldOut.get(r)).average().orElse(Double.NaN);
        }
    }

    // lesson:comparison
    /**
     * Trains the model with each regularizer for {@link #SEEDS} seeds on {@code rows} rows of the lab's
     * {@code synthetic} data and scores it on {@link #HELD_OUT} fresh rows; the DL4J network is scored twice, as is
     * and with its hidden weights × retain.
     */
    public static Comparison compare(Settings settings, int rows) {
        double retain = 1 - settings.dropOr(DROP);
        List<Regularizer> trained = List.of(Regularizer.NONE, Regularizer.DROPOUT, Regularizer.DL4J,
                Regularizer.COURSE);
        record Job(Regularizer regularizer, Settings run) {
        }
        List<Job> jobs = new ArrayList<>();
        for (int s = 0; s < SEEDS; s++) {
            for (Regularizer r : trained) {
                jobs.add(new Job(r, settings.withSeed(settings.seed() + s)));
            }
        }
        // each network is built and trained on one thread, so the numbers do not depend on the thread count
        List<double[]> losses = Parallel.map(jobs, NotebookRun.defaultThreads(jobs.size()), job -> {
            DataSet train = RandomData.synthetic(rows, job.run().seed());
            DataSet test = RandomData.synthetic(HELD_OUT, job.run().seed() + 1000);
            var net = NotebookRun.trainQuietly("dropconnect", configuration(job.regularizer(), job.run()), train,
                    job.run()).net();
            double asIs = Evaluation.loss(net, test, false);
            net.getLayer(0).getParam("W").muli(retain);   // the scaling DL4J leaves out
            return new double[] {asIs, Evaluation.loss(net, test, false)};
        }, (done, total, r) -> { });
        Map<Regularizer, double[]> heldOut = new EnumMap<>(Regularizer.class);
        for (Regularizer r : Regularizer.values()) {
            heldOut.put(r, new double[SEEDS]);
        }
        double[] trivial = new double[SEEDS];
        long[] seeds = new long[SEEDS];
        for (int i = 0; i < jobs.size(); i++) {
            Job job = jobs.get(i);
            int s = i / trained.size();
            heldOut.get(job.regularizer())[s] = losses.get(i)[0];
            if (job.regularizer() == Regularizer.DL4J) {
                heldOut.get(Regularizer.DL4J_SCALED)[s] = losses.get(i)[1];
            }
            seeds[s] = job.run().seed();
            trivial[s] = Evaluation.trivialLoss(new Split(RandomData.synthetic(rows, seeds[s]),
                    RandomData.synthetic(HELD_OUT, seeds[s] + 1000), null), false);
        }
        return new Comparison(rows, heldOut, trivial, seeds);
    }
    // end:comparison

    static void printComparison(int section, Comparison c, Settings settings, PrintStream out) {
        out.printf(Locale.ROOT, "%s%d. Held-out MSE: %d training and %d fresh rows of the lab's synthetic data, %d "
                + "epochs, batch %d, drop %.2f%n", section > 4 ? "\n" : "", section, c.rows(), HELD_OUT,
                settings.epochs(), settings.batchSize(), settings.dropOr(DROP));
        List<String> header = new ArrayList<>();
        for (long seed : c.seeds()) {
            header.add(String.format(Locale.ROOT, "%-9s", "seed " + seed));
        }
        out.printf(Locale.ROOT, "%-32s %s %s%n", "regularizer", String.join(" ", header), "mean");
        for (Regularizer r : Regularizer.values()) {
            StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s", r.label));
            for (double v : c.heldOut().get(r)) {
                row.append(String.format(Locale.ROOT, " %-9.4f", v));
            }
            out.println(row.append(String.format(Locale.ROOT, " %.4f", c.mean(r))));
        }
        StringBuilder row = new StringBuilder(String.format(Locale.ROOT, "%-32s", "trivial (training mean)"));
        for (double v : c.trivial()) {
            row.append(String.format(Locale.ROOT, " %-9.4f", v));
        }
        out.println(row.append(String.format(Locale.ROOT, " %.4f",
                java.util.Arrays.stream(c.trivial()).average().orElse(Double.NaN))));
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("dropconnect", args);
    }
}
