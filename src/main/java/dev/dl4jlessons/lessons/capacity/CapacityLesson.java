package dev.dl4jlessons.lessons.capacity;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Lesson 0: capacity. The same MLP at widths from too small to learn to large enough to memorize, trained on held-out
 * real data (diabetes) over seeds; a table marks which sizes underfit and which overfit, a chart shows the U-shaped
 * validation curve, and the same sweep with dropout shows where dropout moves it.
 *
 * <p>Guide: {@code lessons/00-capacity.md}. Options ({@code --widths}, {@code --depth}, {@code --seeds},
 * {@code --epochs}, ...) come from the {@code capacity} command of the launcher.
 */
public final class CapacityLesson implements Lesson {
    @Override
    public String name() {
        return "capacity";
    }

    @Override
    public String title() {
        return "Capacity: underfitting and overfitting by model size, and where dropout moves the curve";
    }

    @Override
    public int order() {
        return 0; // lesson 0, guide 00: read before the notebook's lessons, since regularization is measured against capacity
    }

    // lesson:configuration
    /**
     * {@code depth} hidden layers of {@code width} ReLU units, PyTorch dropout {@code drop} after each (none at 0),
     * then one linear output: the size is the only thing the sweep changes.
     */
    public static MultiLayerConfiguration configuration(int width, int depth, double drop, Task task, long seed,
            double lr) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(lr))
                .weightInit(WeightInit.UNIFORM)
                .list();
        int in = task.features();
        for (int layer = 0; layer < depth; layer++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.RELU).build());
            if (drop > 0) {
                list.layer(Regularizers.dropoutLayer(drop));
            }
            in = width;
        }
        return list.layer(task.classification()
                        ? new OutputLayer.Builder(LossFunction.MCXENT)
                                .nIn(in).nOut(task.classes()).activation(Activation.SOFTMAX).build()
                        : new OutputLayer.Builder(LossFunction.MSE)
                                .nIn(in).nOut(1).activation(Activation.IDENTITY).build())
                .build();
    }
    // end:configuration

    /**
     * What one sweep trains: every width × seed, once without dropout and once with {@code dropout}.
     *
     * @param widths    hidden units per layer, smallest first
     * @param depth     hidden layers
     * @param seeds     runs per size; seed k fixes the split, the initial weights and the batch order, as in the lab
     * @param epochs    epochs per run
     * @param trainRows training rows (few rows is where overfitting shows); the other 30% of diabetes validates
     * @param batchSize rows per step
     * @param lr        Adam's learning rate
     * @param dropout   PyTorch drop probability of the second sweep, 0 to skip it
     * @param threads   parallel runs
     * @param out       directory of the chart
     */
    public record Sweep(String data, List<Integer> widths, int depth, int seeds, int epochs, int trainRows, int batchSize,
            double lr, double dropout, int threads, Path out) {
        /** Widths from one unit (too small) to 256 (enough to memorize 100 rows). */
        public static final List<Integer> WIDTHS = List.of(1, 2, 4, 8, 16, 32, 64, 128, 256);
        /** The default run: under a minute on 2 cores. */
        public static final Sweep DEFAULT = new Sweep("diabetes", WIDTHS, 1, 3, 100, 100, 10, 0.01, 0.5,
                Runtime.getRuntime().availableProcessors(), Path.of("target", "capacity"));

        /** Widest hidden layer accepted, before any memory estimate. */
        public static final int MAX_WIDTH = 65_536;
        /** Most hidden layers accepted, before any memory estimate. */
        public static final int MAX_DEPTH = 1000;

        /** Validates every field; messages name the option. */
        public Sweep {
            widths = List.copyOf(widths);
            require(!widths.isEmpty(), "--widths: name at least one width");
            for (int w : widths) {
                require(w >= 1 && w <= MAX_WIDTH, "--widths " + w + ": every width must be in 1.." + MAX_WIDTH);
            }
            require(depth >= 1 && depth <= MAX_DEPTH, "--depth " + depth + ": must be in 1.." + MAX_DEPTH);
            require(seeds >= 1, "--seeds " + seeds + ": must be at least 1");
            require(epochs >= 1, "--epochs " + epochs + ": must be at least 1");
            require(trainRows >= 2, "--train-rows " + trainRows + ": must be at least 2");
            require(batchSize >= 1, "--batch-size " + batchSize + ": must be at least 1");
            require(lr > 0 && Double.isFinite(lr), "--lr " + lr + ": must be a finite number above 0");
            require(dropout >= 0 && dropout < 1, "--dropout " + dropout + ": must be a drop probability in [0, 1)");
            require(threads >= 1, "--threads " + threads + ": must be at least 1");
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new InputException(message);
            }
        }

        /**
         * Bytes the networks trained at once need, about: per parameter its value, gradient, Adam's two moments and
         * the update (float32, 20 bytes), and per layer a batch's activations and their gradients, for each of the
         * {@code min(threads, jobs)} networks in flight.
         */
        static long bytesNeeded(int in, int classes, int width, int depth, int batchSize, int concurrent) {
            long params = (long) (in + 1) * width + (long) (depth - 1) * (width + 1) * width + (long) (width + 1)
                    * classes;
            long activations = (long) batchSize * width * depth * 4 * 4;
            return concurrent * (params * 20 + activations);
        }

        /**
         * Refuses, before any training and naming the option and its limit, a sweep whose widest network would not
         * fit in the memory this JVM gives ND4J (its heap limit, which JavaCPP also uses for native buffers). Without
         * it {@code --depth 100000} ended in "out of memory" after loading.
         */
        void requireFits(int in, int classes, long budget) {
            int widest = widths.stream().mapToInt(Integer::intValue).max().orElseThrow();
            int concurrent = Math.min(threads, widths.size() * seeds * (dropout > 0 ? 2 : 1));
            if (bytesNeeded(in, classes, widest, depth, batchSize, concurrent) <= budget) {
                return;
            }
            String need = String.format(Locale.ROOT, "needs about %d MB for the %d network%s trained at once, more than "
                    + "the %d MB this JVM has (-Xmx)", bytesNeeded(in, classes, widest, depth, batchSize, concurrent)
                    >> 20, concurrent, concurrent == 1 ? "" : "s", budget >> 20);
            if (depth > 1 && bytesNeeded(in, classes, widest, 1, batchSize, concurrent) <= budget) {
                int limit = depth;
                while (limit > 1 && bytesNeeded(in, classes, widest, limit, batchSize, concurrent) > budget) {
                    limit = limit > 64 ? limit * 3 / 4 : limit - 1;
                }
                throw new InputException("--depth " + depth + ": " + need + "; at most --depth " + limit + " at width "
                        + widest + " (or fewer --threads, narrower --widths)");
            }
            int limit = widest;
            while (limit > 1 && bytesNeeded(in, classes, limit, depth, batchSize, concurrent) > budget) {
                limit = limit > 64 ? limit * 3 / 4 : limit - 1;
            }
            throw new InputException("--widths " + widest + ": " + need + "; at most width " + limit + " at --depth "
                    + depth + " (or fewer --threads)");
        }
    }

    /** What the numbers say about one size. */
    public enum Fit {
        /** Too small: it cannot fit even its training rows. */
        UNDERFIT("underfit"),
        /** Neither. */
        GOOD("good fit"),
        /** Memorizing: validation loss has climbed away from its best while training loss kept falling. */
        OVERFIT("overfit");

        private final String word;

        Fit(String word) {
            this.word = word;
        }

        @Override
        public String toString() {
            return word;
        }
    }

    /** How far a final loss may sit above a reference before it counts (in units of the target's variance). */
    public static final double MARGIN = 0.05;

    // lesson:rule
    /**
     * The verdict for one size, from its losses (means over seeds) and the sweep's best final validation loss.
     * <ul>
     * <li><b>underfit</b>: the final training loss is above the best size's final validation loss: the model fits
     * the rows it learns from worse than the best model predicts rows it has never seen.</li>
     * <li><b>overfit</b>: the final validation loss is more than {@link #MARGIN} above the best size's, and more than
     * {@link #MARGIN} above this size's own best epoch: validation rose while training went on.</li>
     * <li><b>good fit</b>: neither.</li>
     * </ul>
     */
    public static Fit classify(double train, double val, double bestEpochVal, double bestVal) {
        if (train > bestVal) {
            return Fit.UNDERFIT;
        }
        if (val > bestVal + MARGIN && val > bestEpochVal + MARGIN) {
            return Fit.OVERFIT;
        }
        return Fit.GOOD;
    }
    // end:rule

    /**
     * One size's results over seeds.
     *
     * @param trainCurve training loss after each epoch, mean over seeds (inference mode, all training rows)
     * @param valCurve   validation loss after each epoch, mean over seeds
     */
    public record Row(int width, double dropout, Stat train, Stat val, Stat bestEpochVal, Fit fit,
            List<Double> trainCurve, List<Double> valCurve) {
    }

    /** A sweep's rows (without dropout first, then with) and the trivial predictor's validation loss. */
    public record Result(List<Row> rows, double trivial) {
        /** The rows trained with drop probability {@code drop}. */
        public List<Row> at(double drop) {
            return rows.stream().filter(r -> r.dropout() == drop).toList();
        }
    }

    /**
     * The network a sweep trains at each size: {@link #configuration} by default, or the notebook cell's own
     * {@code configuration}, so that editing the cell changes what the sweep trains.
     */
    @FunctionalInterface
    public interface Architecture {
        /** The configuration for one width, depth, drop probability, task, seed and learning rate. */
        MultiLayerConfiguration configuration(int width, int depth, double drop, Task task, long seed, double lr);
    }

    @Override
    public String notebookCall() {
        return "var capacity = CapacityLesson.run(CapacityLesson.Sweep.DEFAULT, System.out,\n"
                + "        (width, depth, drop, task, seed, lr) -> configuration(width, depth, drop, task, seed, lr));\n"
                + "Charts.show(CapacityLesson.chart(capacity, CapacityLesson.Sweep.DEFAULT));";
    }

    @Override
    public byte[] runForNotebook(PrintStream out) {
        var result = run(Sweep.DEFAULT, out);
        return Charts.pngBytes(CapacityReport.chart(result, Sweep.DEFAULT));
    }

    @Override
    public void run(Settings settings, PrintStream out) {
        run(Sweep.DEFAULT, out);
    }

    /** The files a sweep writes into its output directory. */
    public static final List<String> OUTPUTS = List.of("capacity.png", "capacity-curves.png");

    /** Trains the sweep of {@link #configuration}, prints the tables and writes the chart. */
    public static Result run(Sweep s, PrintStream out) {
        return run(s, out, CapacityLesson::configuration);
    }

    /** Trains the sweep of {@code architecture}, prints the tables and writes the chart. */
    public static Result run(Sweep s, PrintStream out, Architecture architecture) {
        var task = Datasets.load(s.data());
        task.requireTrainRows(s.trainRows());
        s.requireFits(task.features(), task.classes(), Runtime.getRuntime().maxMemory());
        out.printf(Locale.ROOT, "capacity: " + task.name() + ", %d training rows, %d validation rows; %d hidden layer%s of each "
                + "width; %d seeds × %d epochs, batch %d, lr %s%n", s.trainRows(),
                task.data().numExamples() - Split.availableTrainRows(task.data().numExamples()), s.depth(),
                s.depth() == 1 ? "" : "s", s.seeds(), s.epochs(), s.batchSize(), s.lr());
        var result = CapacityExperiments.sweep(s, task, architecture);
        CapacityReport.table(result, s, out);
        CapacityReport.curvesTable(result, s, out);
        Path chart = s.out().resolve(OUTPUTS.get(0));
        Path curves = s.out().resolve(OUTPUTS.get(1));
        Charts.png(CapacityReport.chart(result, s), chart);
        Charts.png(CapacityReport.curvesChart(result, s), curves);
        out.println("wrote " + chart.toString().replace('\\', '/'));
        out.println("wrote " + curves.toString().replace('\\', '/'));
        return result;
    }

    /** Training and validation loss against width, as the notebook cell shows it (see {@link CapacityReport}). */
    public static Charts.Figure chart(Result result, Sweep s) {
        return CapacityReport.chart(result, s);
    }

    /** Runs this lesson from an IDE or the command line; accepts the {@code capacity} command's options. */
    public static void main(String[] args) {
        Launcher.lesson("capacity", args);
    }
}
