package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.lessons.fashion.FashionLesson;
import dev.dl4jlessons.lessons.fashion.FashionLesson.Setup;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.OutputSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code fashion}: lesson 10 with its own options. The data is read and checked before anything is created, so a
 * missing or damaged Fashion-MNIST is one line and exit code 2 with nothing written.
 */
@Command(name = "fashion", sortOptions = false, description = {
    "Lesson 10: d2l's 784-256-256-10 MLP on a few thousand Fashion-MNIST images, plain, with dropout 0.2 and 0.5, "
            + "batch norm and both, over seeds; prints train and test accuracy, the generalization gap and test loss "
            + "per variant; with --full-epochs, then trains the best variant on all 60,000 images. Writes fashion-accuracy.png and "
            + "fashion-loss.png to --out; with --sizes, the test accuracy against training-set size "
            + "(fashion-sizes.png) instead.",
    "Data: --fashion-dir, else the FASHION_MNIST_DIR environment variable, else /usr/share/datasets/fashion-mnist "
            + "(Debian: apt-get install dataset-fashion-mnist)."},
        footer = {"", "Examples:", "  fashion", "  fashion --train-rows 5000 --epochs 20 --variants plain,dropout-0.5",
            "  fashion --sizes 500,1000,5000,20000,60000 --variants plain,dropout-0.5 --seeds 2 --epochs 10",
            "  fashion --variants dropout-0.2 --seeds 1 --full-epochs 30",
            "  fashion --fashion-dir test-data/fashion-mnist-sample --train-rows 1000", "",
            "Exit codes: 0 success; 1 a run's loss became NaN or infinite; 2 bad option, or Fashion-MNIST missing or "
                    + "damaged; 3 --out could not be written."})
final class FashionCommand implements Callable<Integer> {
    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "Folder of the four gzip IDX files. "
            + "Default: $FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist.")
    Path dir;

    @Option(names = "--variants", paramLabel = "LIST", split = ",", description = "Comma-separated: plain, "
            + "dropout-0.2, dropout-0.5, batchnorm, bn+dropout-0.2. Default: all.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--train-rows", paramLabel = "N", description = "Training images, class-balanced. Default: "
            + Setup.TRAIN_ROWS + ".")
    int trainRows = Setup.TRAIN_ROWS;

    @Option(names = "--seeds", paramLabel = "K", description = "Runs per variant, 1..1000. Default: 3.")
    int seeds = 3;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per run. Default: 30.")
    int epochs = 30;

    @Option(names = "--epoch-test-rows", paramLabel = "N", description = "Test images (class-balanced) scored "
            + "after every epoch for the curves and the best epoch; the last epoch is scored on all of them. "
            + "Default: " + Setup.EPOCH_TEST_ROWS + ".")
    int epochTestRows = Setup.EPOCH_TEST_ROWS;

    @Option(names = "--batch-size", paramLabel = "N", description = "Images per step, at least 2. Default: 64.")
    int batchSize = 64;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate. Default: 0.001.")
    double lr = 0.001;

    @Option(names = "--full-epochs", paramLabel = "E", description = "Then train the best variant on all training "
            + "images for E epochs, the last third at a tenth of --lr, scored on the test images after every epoch; "
            + "0 skips it. Default: 0.")
    int fullEpochs = 0;

    @Option(names = "--sizes", paramLabel = "LIST", split = ",", description = "Training-set sizes: run the size "
            + "sweep instead of the comparison. Default: none.")
    List<Integer> sizes = new ArrayList<>();

    @Option(names = "--threads", paramLabel = "N", description = "Runs trained at once, 1..256. Default: one per "
            + "core.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory of the charts. Default: target/fashion.")
    Path out = Path.of("target", "fashion");

    @Mixin
    CommonOptions common;

    private final PrintStream stdout;

    FashionCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() {
        var setup = new Setup(dir == null ? FashionMnist.DEBIAN_DIR : dir, FashionLesson.variants(variants),
                trainRows, seeds, epochs, epochTestRows, batchSize, lr, fullEpochs, sizes, threads, out);
        Path located = FashionMnist.locate(dir);
        var data = FashionMnist.read(located);       // every header checked before anything is written
        setup = new Setup(located, setup.variants(), trainRows, seeds, epochs, epochTestRows, batchSize, lr,
                fullEpochs, sizes, threads, out);
        AtomicFiles.requireWritableDirectory(out, "--out");
        OutputSet.requireReplaceable(out, FashionLesson.OUTPUTS, "--out");
        FashionLesson.run(setup, data, stdout);
        return 0;
    }
}
