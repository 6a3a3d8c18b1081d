package dev.dl4jlessons.lessons.fashion;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Lesson 10: the overfitting that regularization exists for. d2l's 784→256→256→10 ReLU network memorises a few
 * thousand Fashion-MNIST training images; plain, dropout 0.2 and 0.5, batch norm and both are compared on the 10,000
 * test images over seeds; with {@code --full-epochs} the best variant then trains on all 60,000 images.
 *
 * <p>Guide: {@code lessons/10-fashion.md}. Options come from the launcher's {@code fashion} command
 * ({@code fashion --help}); the data from {@code --fashion-dir}, {@code FASHION_MNIST_DIR} or Debian's
 * {@code dataset-fashion-mnist}.
 */
public final class FashionLesson implements Lesson {
    /** Hidden layers' widths: d2l's dropout chapter. */
    public static final int[] HIDDEN = {256, 256};

    @Override
    public String name() {
        return "fashion";
    }

    @Override
    public String title() {
        return "Fashion-MNIST: a wide MLP memorises a few thousand images; dropout and batch norm on 10,000 test "
                + "images";
    }

    @Override
    public int order() {
        return 100;
    }

    // lesson:configuration
    /**
     * 784→256→256→10: each hidden layer a product, batch norm for the batch-norm variants (so the product has no
     * activation of its own), ReLU, and dropout for the dropout variants; a softmax output with cross-entropy.
     * Adam runs at {@code lr}, and at a tenth of it from step {@code slowFrom} on (0: never): the run on all training
     * images slows down for its last third, so that its last epoch is not scored in the middle of a jump.
     */
    public static MultiLayerConfiguration configuration(FashionVariant variant, long seed, double lr, int slowFrom) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(slowFrom == 0 ? PyTorchDefaults.adam(lr) : PyTorchDefaults.adam(lr, slowFrom, lr / 10))
                .weightInit(WeightInit.UNIFORM)                  // PyTorch's nn.Linear initialisation
                .list();
        int in = FashionMnist.PIXELS;
        for (int width : HIDDEN) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width)
                    .activation(variant.batchNorm() ? Activation.IDENTITY : Activation.RELU).build());
            if (variant.batchNorm()) {
                list.layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).useLogStd(false).build());
                list.layer(new ActivationLayer(Activation.RELU));
            }
            if (variant.drop() > 0) {
                list.layer(Regularizers.dropoutLayer(variant.drop()));   // PyTorch's p; DL4J keeps 1 - p
            }
            in = width;
        }
        list.layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(FashionMnist.CLASSES)
                .activation(Activation.SOFTMAX).build());
        return list.setInputType(InputType.feedForward(FashionMnist.PIXELS)).build();
    }
    // end:configuration

    /**
     * What one run of the lesson trains, with its defaults and why.
     *
     * @param dir        the folder of the four files ({@code --fashion-dir}, else located)
     * @param variants   the variants compared (default all five)
     * @param trainRows  training images, class-balanced (default 2,000: few enough that the plain network reaches
     *                   100% training accuracy in a few epochs, which is the overfitting to regularize)
     * @param seeds      runs per variant; seed k draws the training images, the initial weights and the batch order
     *                   (default 3)
     * @param epochs     epochs per run (default 30: in the guide's run the plain network fits 95% of its training
     *                   images by then, and its test loss has been rising for many epochs)
     * @param epochTestRows test images scored after every epoch but the last (class-balanced, the same for every run;
     *                   default 2,000, the curves' test set); the last epoch is scored on all of them, which the table
     *                   reports. Scoring all 10,000 after every epoch cost almost as much as the training
     * @param batchSize  images per step (default 64: 32 steps an epoch on 2,000 images)
     * @param lr         Adam's learning rate (default 0.001, PyTorch's default)
     * @param fullEpochs epochs of the closing run of the best variant on all training images, the last third at a
     *                   tenth of the learning rate, scored on the test images after every epoch; 0 skips it
     *                   (default 0: 30 epochs on all 60,000 images took 6 minutes of CPU time, three quarters of
     *                   the comparison's 8, so the guide runs it as a command of its own)
     * @param sizes      training-set sizes of the size sweep, empty for the comparison (default empty)
     * @param threads    runs trained at once (default: one per core)
     * @param out        directory of the charts (default target/fashion)
     */
    public record Setup(Path dir, List<FashionVariant> variants, int trainRows, int seeds, int epochs,
            int epochTestRows, int batchSize, double lr, int fullEpochs, List<Integer> sizes, int threads, Path out) {
        /** Default training images of the comparison. */
        public static final int TRAIN_ROWS = 2000;
        /** Default test images scored after each epoch but the last. */
        public static final int EPOCH_TEST_ROWS = 2000;
        /** The size sweep the guide shows, up to the whole training set. */
        public static final List<Integer> SIZES = List.of(500, 1000, 2000, 5000, 10000, 20000, 60000);

        /** The defaults, reading from {@code dir}. */
        public static Setup defaults(Path dir) {
            return new Setup(dir, List.of(FashionVariant.values()), TRAIN_ROWS, 3, 30, EPOCH_TEST_ROWS, 64, 0.001, 0,
                    List.of(),
                    Runtime.getRuntime().availableProcessors(), Path.of("target", "fashion"));
        }

        /** This setup with {@code trainRows} training images ({@code --train-rows}). */
        public Setup withTrainRows(int trainRows) {
            return new Setup(dir, variants, trainRows, seeds, epochs, epochTestRows, batchSize, lr, fullEpochs, sizes,
                    threads, out);
        }

        /** This setup with {@code epochs} epochs per run ({@code --epochs}). */
        public Setup withEpochs(int epochs) {
            return new Setup(dir, variants, trainRows, seeds, epochs, epochTestRows, batchSize, lr, fullEpochs, sizes,
                    threads, out);
        }

        /** This setup with {@code seeds} runs per variant ({@code --seeds}). */
        public Setup withSeeds(int seeds) {
            return new Setup(dir, variants, trainRows, seeds, epochs, epochTestRows, batchSize, lr, fullEpochs, sizes,
                    threads, out);
        }

        /** This setup comparing {@code variants} ({@code --variants}). */
        public Setup withVariants(FashionVariant... variants) {
            return new Setup(dir, List.of(variants), trainRows, seeds, epochs, epochTestRows, batchSize, lr,
                    fullEpochs, sizes, threads, out);
        }

        /** Validates every field; messages name the option. */
        public Setup {
            variants = List.copyOf(variants);
            sizes = List.copyOf(sizes);
            require(!variants.isEmpty(), "--variants: name at least one variant");
            require(trainRows >= 2, "--train-rows " + trainRows + ": must be at least 2");
            require(seeds >= 1 && seeds <= 1000, "--seeds " + seeds + ": must be in 1..1000");
            require(epochs >= 1 && epochs <= Settings.MAX_EPOCHS, "--epochs " + epochs + ": must be in 1.."
                    + Settings.MAX_EPOCHS);
            require(epochTestRows >= 1, "--epoch-test-rows " + epochTestRows + ": must be at least 1");
            require(batchSize >= 2, "--batch-size " + batchSize + ": must be at least 2 (batch norm needs 2 rows)");
            require((float) lr > 0 && Double.isFinite(lr), "--lr " + lr + ": must be a finite number above 0");
            require(fullEpochs >= 0 && fullEpochs <= Settings.MAX_EPOCHS, "--full-epochs " + fullEpochs
                    + ": must be in 0.." + Settings.MAX_EPOCHS);
            for (int s : sizes) {
                require(s >= 2, "--sizes " + s + ": every size must be at least 2");
            }
            require(threads >= 1 && threads <= 256, "--threads " + threads + ": must be in 1..256");
        }

        /** Refuses sizes the data does not have, naming the option. */
        void requireRows(FashionMnist data) {
            require(trainRows <= data.trainRows(), "--train-rows " + trainRows + ": " + data.dir() + " has "
                    + data.trainRows() + " training images");
            require(batchSize <= trainRows, "--batch-size " + batchSize + ": larger than the " + trainRows
                    + " training images");
            for (int s : sizes) {
                require(s <= data.trainRows(), "--sizes " + s + ": " + data.dir() + " has " + data.trainRows()
                        + " training images");
                require(batchSize <= s, "--batch-size " + batchSize + ": larger than --sizes " + s);
            }
        }

        private static void require(boolean ok, String message) {
            if (!ok) {
                throw new InputException(message);
            }
        }
    }

    /**
     * The network a comparison trains for each variant and seed: {@link #configuration} by default, or the notebook
     * cell's own {@code configuration}, so that editing the cell changes what the comparison trains.
     */
    @FunctionalInterface
    public interface Architecture {
        /** The configuration of one run; {@code slowFrom} as in {@link FashionLesson#configuration}. */
        MultiLayerConfiguration configuration(FashionVariant variant, long seed, double lr, int slowFrom);
    }

    /** The committed Fashion-MNIST sample the notebook's cell reads, under {@code test-data/}. */
    private static final String NOTEBOOK_SAMPLE = "fashion-mnist-sample";

    /**
     * The notebook's cell: the guide's sample command ({@code fashion --fashion-dir test-data/fashion-mnist-sample
     * --train-rows 400 --epochs 8 --seeds 2 --variants plain,dropout-0.5}) on the cell's own {@code configuration},
     * in seconds; {@link #runForNotebook} runs the same.
     */
    @Override
    public String notebookCall() {
        return "// The committed sample (test-data/" + NOTEBOOK_SAMPLE
                + ", 2,000 training and 500 test images), as the\n"
                + "// guide's sample command runs it: seconds. The guide's full run, on all of Fashion-MNIST, is\n"
                + "// `./course fashion` (minutes).\n"
                // one statement a line: the jshell tool runs a line that is a whole statement at once, so a line
                // that starts with .withEpochs(...) would be a statement of its own
                + "var setup = FashionLesson.Setup.defaults(ProjectFiles.testData(\"" + NOTEBOOK_SAMPLE + "\"));\n"
                + "setup = setup.withTrainRows(400).withEpochs(8).withSeeds(2);\n"
                + "setup = setup.withVariants(FashionVariant.PLAIN, FashionVariant.DROPOUT_05);\n"
                + "var comparison = FashionLesson.compare(setup, System.out,\n"
                + "        (variant, seed, lr, slowFrom) -> configuration(variant, seed, lr, slowFrom));\n"
                + "Charts.show(FashionPictures.accuracy(comparison));";
    }

    @Override
    public byte[] runForNotebook(PrintStream out) {
        var setup = Setup.defaults(ProjectFiles.testData(NOTEBOOK_SAMPLE)).withTrainRows(400).withEpochs(8)
                .withSeeds(2).withVariants(FashionVariant.PLAIN, FashionVariant.DROPOUT_05);
        return Charts.pngBytes(FashionPictures.accuracy(compare(setup, out, FashionLesson::configuration)));
    }

    /** The files a run writes into {@code --out}. */
    public static final List<String> OUTPUTS = List.of("fashion-accuracy.png", "fashion-loss.png",
            "fashion-sizes.png");

    @Override
    public void run(Settings settings, PrintStream out) {
        Setup setup = Setup.defaults(FashionMnist.locate(null));
        run(setup, FashionMnist.read(setup.dir()), out);
    }

    /**
     * Runs the comparison (or the size sweep) on data already read and checked, prints the tables and writes the
     * charts.
     */
    public static void run(Setup setup, FashionMnist data, PrintStream out) {
        setup.requireRows(data);
        if (!setup.sizes().isEmpty()) {
            var sweep = FashionExperiments.sizes(setup, data, out);
            FashionReport.sizes(sweep, setup, out);
            FashionPictures.write(FashionPictures.sizes(sweep), setup.out().resolve(OUTPUTS.get(2)), out);
            return;
        }
        var comparison = compare(setup, data, out, FashionLesson::configuration);
        FashionPictures.write(FashionPictures.accuracy(comparison), setup.out().resolve(OUTPUTS.get(0)), out);
        FashionPictures.write(FashionPictures.loss(comparison), setup.out().resolve(OUTPUTS.get(1)), out);
        if (setup.fullEpochs() > 0) {
            var full = FashionExperiments.full(comparison.best(), setup, data, out);
            FashionReport.full(full, setup, out);
        }
    }

    /**
     * Reads {@code setup.dir()}, trains the comparison of the networks {@code architecture} builds and prints its
     * tables, writing no file: what the notebook's cell runs.
     */
    public static FashionExperiments.Comparison compare(Setup setup, PrintStream out, Architecture architecture) {
        var data = FashionMnist.read(setup.dir());
        setup.requireRows(data);
        return compare(setup, data, out, architecture);
    }

    private static FashionExperiments.Comparison compare(Setup setup, FashionMnist data, PrintStream out,
            Architecture architecture) {
        var comparison = FashionExperiments.compare(setup, data, out, architecture);
        FashionReport.comparison(comparison, setup, data, out);
        return comparison;
    }

    /** The variants named on the command line, in the enum's order. */
    public static List<FashionVariant> variants(List<String> names) {
        if (names.isEmpty()) {
            return List.of(FashionVariant.values());
        }
        var chosen = new java.util.TreeSet<FashionVariant>();
        for (String n : names) {
            try {
                chosen.add(FashionVariant.parse(n));
            } catch (IllegalArgumentException e) {
                throw new InputException("--variants: " + e.getMessage());
            }
        }
        return List.copyOf(chosen);
    }

    /** Runs this lesson from an IDE or the command line; accepts the {@code fashion} command's options. */
    public static void main(String[] args) {
        Launcher.lesson("fashion", args);
    }

    static String join(int[] values) {
        return String.join("→", Arrays.stream(values).mapToObj(v -> String.format(Locale.ROOT, "%d", v)).toList());
    }
}
