package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.lessons.capacity.CapacityLesson;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep;
import dev.dl4jlessons.runtime.AtomicFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code capacity}: the capacity lesson with its own options. The lesson is listed by {@code --list} like every
 * other; this command gives it the sweep's options, which the other lessons don't have.
 */
@Command(name = "capacity", sortOptions = false, description = {
    "Lesson 0: train the same MLP at several widths on diabetes, over seeds, with and without dropout; print final "
            + "training and validation loss per width, marked underfit / good fit / overfit, and write "
            + "capacity.png (loss against width, mean ± std over seeds) and capacity-curves.png (loss per epoch of a "
            + "small, a middle and a large width) to --out."},
        footer = {"", "Examples:", "  capacity", "  capacity --widths 1,4,16,64,256,1024 --seeds 5 --epochs 200",
            "  capacity --depth 2 --dropout 0.2", "  capacity --ui --widths 2,16,128 --seeds 1", "",
            "Exit codes: 0 success; 1 a run's loss became NaN or infinite; 2 bad option or data; "
                    + "3 --out could not be written."})
final class CapacityCommand implements Callable<Integer> {
    private static final Sweep D = Sweep.DEFAULT;

    @Option(names = "--data", paramLabel = "NAME", description = "diabetes or digits. Default: ${DEFAULT-VALUE}.")
    String data = D.data();

    @Option(names = "--widths", paramLabel = "LIST", split = ",",
            description = "Hidden units per layer, comma-separated. Default: ${DEFAULT-VALUE}.")
    List<Integer> widths = new ArrayList<>(D.widths());

    @Option(names = "--depth", paramLabel = "N", description = "Hidden layers. Default: ${DEFAULT-VALUE}.")
    int depth = D.depth();

    @Option(names = "--seeds", paramLabel = "K", description = "Runs per width. Default: ${DEFAULT-VALUE}.")
    int seeds = D.seeds();

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per run. Default: ${DEFAULT-VALUE}.")
    int epochs = D.epochs();

    @Option(names = "--train-rows", paramLabel = "N", description = "Training rows, from 2 to what the data holds after 30%% are held out for validation (diabetes: 309). Default: ${DEFAULT-VALUE}.")
    int trainRows = D.trainRows();

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per step. Default: ${DEFAULT-VALUE}.")
    int batchSize = D.batchSize();

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double lr = D.lr();

    @Option(names = "--dropout", paramLabel = "P",
            description = "Drop probability of the second sweep, 0 to skip it. Default: ${DEFAULT-VALUE}.")
    double dropout = D.dropout();

    @Option(names = "--threads", paramLabel = "N", description = "Parallel runs. Default: one per core.")
    int threads = D.threads();

    @Option(names = "--out", paramLabel = "DIR", description = "Directory of capacity.png and capacity-curves.png. Default: ${DEFAULT-VALUE}.")
    Path out = D.out();

    @Mixin
    UiOptions ui;

    @Mixin
    CommonOptions common;

    private final PrintStream stdout;

    CapacityCommand(PrintStream stdout) {
        this.stdout = stdout;
    }

    @Override
    public Integer call() {
        var sweep = new Sweep(data, widths, depth, seeds, epochs, trainRows, batchSize, lr, dropout, threads, out);
        ui.port();
        AtomicFiles.requireWritableDirectory(out, "--out");
        if (!Datasets.NAMES.contains(data.toLowerCase(Locale.ROOT))) {
            AtomicFiles.requireEncodable(data, "--data");
            AtomicFiles.requireNotAnOutput(Path.of(data), "--data", out, CapacityLesson.OUTPUTS);
        }
        AtomicFiles.requireReplaceable(out, CapacityLesson.OUTPUTS, "--out");
        ui.around(stdout, () -> {
            CapacityLesson.run(sweep, stdout);
            return null;
        });
        return 0;
    }
}
