package dev.dl4jlessons.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.lessons.fashion.FashionLesson;
import dev.dl4jlessons.lessons.fashion.FashionVariant;
import dev.dl4jlessons.runtime.NativeSettings;

/**
 * Measurements of the lessons' own training step and of the whole notebook run, printed one line each in the
 * format {@code reference/pytorch/bench.py} prints too, so the two sides can be compared line by line.
 */
public final class Bench {
    private Bench() {
    }

    /**
     * Median, 90th percentile and fastest of a sample, in microseconds. On a busy machine the fastest step is the
     * one least interrupted by other processes, so it is the fairer measure of what the step itself costs.
     */
    public record StepTimes(double medianUs, double p90Us, double minUs) {
        static StepTimes of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new StepTimes(sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.9)] / 1e3,
                    sorted[0] / 1e3);
        }
    }

    /**
     * A model the benchmark times, with its data and batch size: the notebook's three lessons, and two lab-sized
     * models, which show whether bigger matrices tell another story than batch 10 on 10×50 layers.
     */
    public enum Workload {
        /** The dropout lesson's model, batch 10. */
        DROPOUT("dropout", 10),
        /** The batch-norm lesson's model, batch 10. */
        BATCHNORM("batchnorm", 10),
        /** The combined lesson's model, batch 10. */
        COMBINED("combined", 10),
        /** A digits-sized classifier, 64-256-256-10 with ReLU and softmax cross-entropy, batch 32, on 1797 rows. */
        DIGITS("digits", 32),
        /** The lab's diabetes-sized regression, 10-50-20-1 with ReLU and MSE, batch 10, on 442 rows. */
        DIABETES("diabetes", 10),
        /**
         * Lesson 10's Fashion-MNIST MLP, 784-256-256-10 with dropout 0.5 after each ReLU, softmax cross-entropy and
         * Adam at 0.001, batch 256 (d2l's), on 60,000 rows shaped as Fashion-MNIST's training set (uniform pixels,
         * random classes: the time does not depend on the values, and the benchmark needs no data set).
         */
        FASHION("fashion", 256),
        /** The same at batch 64, the lesson's own batch size. */
        FASHION_64("fashion-64", 64);

        private final String label;
        private final int batch;

        Workload(String label, int batch) {
            this.label = label;
            this.batch = batch;
        }

        /** The name on the command line and in the output lines. */
        public String label() {
            return label;
        }

        /** The batch size the workload is timed at unless told otherwise. */
        public int batch() {
            return batch;
        }

        /** The workload named {@code label}, if any. */
        public static java.util.Optional<Workload> of(String label) {
            return Arrays.stream(values()).filter(w -> w.label.equals(label)).findFirst();
        }

        MultiLayerConfiguration configuration() {
            return switch (this) {
                case DROPOUT, BATCHNORM, COMBINED ->
                        ((ModelLesson) LessonCatalog.find(label).orElseThrow()).model(Settings.NOTEBOOK);
                case DIGITS -> mlp(64, new int[] {256, 256}, 10);
                case DIABETES -> mlp(10, new int[] {50, 20}, 1);
                case FASHION, FASHION_64 -> FashionLesson.configuration(FashionVariant.DROPOUT_05, 42, 0.001, 0);
            };
        }

        DataSet data() {
            return switch (this) {
                case DIGITS -> {
                    DataSet d = RandomData.normal(1797, 64, 42);
                    // one class per row, drawn uniformly; the timing does not depend on which
                    var rng = new java.util.Random(42);
                    INDArray labels = Nd4j.zeros(DataType.FLOAT, 1797, 10);
                    for (int i = 0; i < 1797; i++) {
                        labels.putScalar(i, rng.nextInt(10), 1f);
                    }
                    yield new DataSet(d.getFeatures(), labels);
                }
                case DIABETES -> RandomData.normal(442, 10, 42);
                case FASHION, FASHION_64 -> {
                    Nd4j.getRandom().setSeed(42);
                    INDArray x = Nd4j.rand(DataType.FLOAT, FASHION_ROWS, FashionMnist.PIXELS);
                    var rng = new java.util.Random(42);
                    INDArray labels = Nd4j.zeros(DataType.FLOAT, FASHION_ROWS, FashionMnist.CLASSES);
                    for (int i = 0; i < FASHION_ROWS; i++) {
                        labels.putScalar(i, rng.nextInt(FashionMnist.CLASSES), 1f);
                    }
                    yield new DataSet(x, labels);
                }
                default -> RandomData.notebook(42);
            };
        }

        /** Plain ReLU layers as the lab's baseline variant, Adam and PyTorch's initialisation as every lesson. */
        private static MultiLayerConfiguration mlp(int in, int[] hidden, int out) {
            var list = new NeuralNetConfiguration.Builder().seed(42).updater(PyTorchDefaults.adam(0.01))
                    .weightInit(WeightInit.UNIFORM).list();
            int from = in;
            for (int width : hidden) {
                list.layer(new DenseLayer.Builder().nIn(from).nOut(width).activation(Activation.RELU).build());
                from = width;
            }
            list.layer(out == 1
                    ? new OutputLayer.Builder(LossFunction.MSE).nIn(from).nOut(1).activation(Activation.IDENTITY).build()
                    : new OutputLayer.Builder(LossFunction.MCXENT).nIn(from).nOut(out).activation(Activation.SOFTMAX)
                            .build());
            return list.build();
        }
    }

    /**
     * Settings a benchmark can change on any workload, to measure what each gives (docs/PERFORMANCE.md, "Levers").
     *
     * @param dataType   the network's and the data's floating-point type (the course's: FLOAT)
     * @param workspaces ND4J's workspace mode for training and inference (the course's: ENABLED)
     */
    public record Levers(DataType dataType, org.deeplearning4j.nn.conf.WorkspaceMode workspaces) {
        /** The course's own settings. */
        public static final Levers COURSE = new Levers(DataType.FLOAT, org.deeplearning4j.nn.conf.WorkspaceMode.ENABLED);

        MultiLayerNetwork network(Workload workload) {
            MultiLayerConfiguration conf = workload.configuration();
            conf.setDataType(dataType);
            conf.setTrainingWorkspaceMode(workspaces);
            conf.setInferenceWorkspaceMode(workspaces);
            return Networks.create(conf);
        }

        DataSet data(Workload workload) {
            DataSet d = workload.data();
            return dataType == DataType.FLOAT ? d : new DataSet(d.getFeatures().castTo(dataType),
                    d.getLabels().castTo(dataType));
        }
    }

    /** Rows of the Fashion-MNIST workloads: the training set's. */
    public static final int FASHION_ROWS = 60_000;

    /** Whether a workload is at Fashion-MNIST scale, and so also gets an epoch time and a GFLOP/s figure. */
    public static boolean largeScale(Workload w) {
        return w == Workload.FASHION || w == Workload.FASHION_64;
    }

    /**
     * Floating-point operations of one training step of the 784-256-256-10 MLP at {@code batch} rows, counting the
     * matrix products only: the forward pass 2·B·(784·256 + 256·256 + 256·10) and the backward pass twice that
     * (the weights' gradients, and the inputs' gradients of every layer but the first).
     */
    public static double fashionStepFlops(int batch) {
        double first = 784.0 * 256;
        double rest = 256.0 * 256 + 256.0 * 10;
        return 2.0 * batch * (first + rest) + 2.0 * batch * (first + rest) + 2.0 * batch * rest;
    }

    /**
     * Seconds of one whole epoch (every row once, in shuffled batches) of the workload's model, after {@code warmup}
     * untimed steps.
     */
    public static double epochSeconds(Workload workload, int batch, int warmup, Levers levers) {
        MultiLayerNetwork net = levers.network(workload);
        var batches = new ShuffledBatches(levers.data(workload), batch, 42);
        for (int i = 0; i < warmup; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            net.fit(batches.next());
        }
        batches.reset();
        long t0 = System.nanoTime();
        while (batches.hasNext()) {
            net.fit(batches.next());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * This machine's single-precision matrix-multiply rate through ND4J's own BLAS (the OpenBLAS it bundles), on the
     * calling thread's OpenMP setting: the best of {@code reps} products of two {@code n}×{@code n} float matrices,
     * in GFLOP/s (2·n³ operations each).
     */
    public static double sgemmGflops(int n, int reps) {
        NativeSettings.tuneThreads();
        Nd4j.getRandom().setSeed(1);
        INDArray a = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray b = Nd4j.rand(DataType.FLOAT, n, n);
        INDArray c = Nd4j.create(DataType.FLOAT, n, n);
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            long t0 = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            double s = (System.nanoTime() - t0) / 1e9;
            if (r > 0) {
                best = Math.min(best, s);     // the first product warms the caches and the JIT
            }
        }
        return 2.0 * n * n * n / best / 1e9;
    }

    /**
     * Times {@code steps} training steps of a workload's model after {@code warmup} untimed ones, on its data in
     * shuffled batches.
     */
    public static StepTimes step(Workload workload, int batch, int warmup, int steps) {
        return step(workload, batch, warmup, steps, Levers.COURSE);
    }

    /** {@link #step(Workload, int, int, int)} with other {@link Levers}. */
    public static StepTimes step(Workload workload, int batch, int warmup, int steps, Levers levers) {
        MultiLayerNetwork net = levers.network(workload);
        var batches = new ShuffledBatches(levers.data(workload), batch, 42);
        long[] times = new long[steps];
        for (int i = -warmup; i < steps; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            DataSet b = batches.next();
            long t0 = System.nanoTime();
            net.fit(b);
            long t1 = System.nanoTime();
            if (i >= 0) {
                times[i] = t1 - t0;
            }
        }
        return StepTimes.of(times);
    }

    /** Wall time of the notebook run (three lessons at the notebook's settings) in this process, in seconds. */
    public static double notebookWall() {
        long t0 = System.nanoTime();
        NotebookRun.run(LessonCatalog.notebook(), Settings.NOTEBOOK, new PrintStream(OutputStream.nullOutputStream()));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The line for one step measurement. */
    public static String stepLine(Workload model, int batch, StepTimes t) {
        return String.format(Locale.ROOT, "bench model=%s batch=%d step_us=%.1f p90_us=%.1f", model.label(), batch,
                t.medianUs(), t.p90Us());
    }

    /** This process's resident set size in MB, from /proc (Linux), or -1 where unavailable. */
    public static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Trains the combined model for {@code steps} steps, printing the RSS every {@code every} steps; returns the RSS
     * samples in MB.
     */
    public static List<Double> soak(int steps, int every, PrintStream out) {
        MultiLayerNetwork net = Networks.create(Workload.COMBINED.configuration());
        var batches = new ShuffledBatches(Workload.COMBINED.data(), Workload.COMBINED.batch(), 42);
        List<Double> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 1; i <= steps; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            net.fit(batches.next());
            if (i % every == 0) {
                double rss = rssMb();
                samples.add(rss);
                out.printf(Locale.ROOT, "soak steps=%d rss_mb=%.0f elapsed_s=%.1f%n", i, rss,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        return samples;
    }
}
