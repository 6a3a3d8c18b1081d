package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.lab.LabReport;
import dev.dl4jlessons.lab.LabRunner;
import dev.dl4jlessons.lab.LabSettings;
import dev.dl4jlessons.lab.Variant;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.OutputSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab}: does each regularizer lower the validation loss? Measured over seeds, with charts. */
@Command(name = "lab", sortOptions = false, description = {
    "Train regularization variants on the same train/validation splits and seeds, and compare how they generalize.",
    "Writes results.csv, curves.png (and sweep.png with --sweep dropout) to --out."},
        footer = {"", "Examples:", "  lab --data diabetes --train-rows 100 --epochs 200",
            "  lab --data fashion --train-rows 2000 --variants baseline,dropout --seeds 3 --epochs 20",
            "  lab --data digits --train-rows 200 --variants baseline,dropout --epochs 50",
            "  lab --sweep dropout --data synthetic --seeds 3", "",
            "Options that no chosen variant reads (--dropout, --weight-decay, --patience) are refused.",
            "Exit codes: 0 success; 1 a run's loss became NaN or infinite; 2 bad option or data; "
                    + "3 --out could not be written."})
final class LabCommand implements Callable<Integer> {
    /** The files of one lab run; a run replaces all of them (sweep.png only exists after a sweep). */
    static final List<String> OUTPUTS = List.of("results.csv", "curves.png", "sweep.png");
    /** The drop probability of the dropout variants when --dropout is not given. */
    static final double DEFAULT_DROPOUT = 0.5;

    @Option(names = "--data", paramLabel = "NAME|FILE",
            description = "random, synthetic, diabetes, digits, fashion (Fashion-MNIST: --train-rows images drawn "
                    + "class-balanced per seed, validated on the 10,000 test images), or a CSV file (target last). "
                    + "Default: ${DEFAULT-VALUE}.")
    String data = "diabetes";

    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "With --data fashion: the folder of the four "
            + "gzip IDX files. Default: $FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist.")
    Path fashionDir;

    @Option(names = "--variants", paramLabel = "LIST", split = ",",
            description = "Comma-separated: baseline, dropout, batchnorm, bn+dropout, notebook-both, weight-decay, "
                    + "l2, early-stopping. Default: all.")
    List<String> variants = new ArrayList<>();

    @Option(names = "--sweep", paramLabel = "dropout",
            description = "Sweep the drop probability 0, 0.1, ..., 0.8 instead of comparing variants.")
    String sweep;

    @Option(names = "--seeds", paramLabel = "K", description = "Runs per variant, 1.." + LabSettings.MAX_SEEDS
            + ". Default: ${DEFAULT-VALUE}.")
    int seeds = 5;

    @Option(names = "--epochs", paramLabel = "E", description = "Epochs per run, 1.." + LabSettings.MAX_EPOCHS
            + ". Default: ${DEFAULT-VALUE}.")
    int epochs = 100;

    @Option(names = "--train-rows", paramLabel = "N",
            description = "Training rows (few rows is where overfitting shows). Default: all 70%% of the rows.")
    int trainRows;

    @Option(names = "--batch-size", paramLabel = "N", description = "Rows per step, at least 2. Default: ${DEFAULT-VALUE}.")
    int batchSize = 10;

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double lr = 0.01;

    @Option(names = "--dropout", paramLabel = "P[,P]", split = ",", description = "Drop probability of the "
            + "dropout variants: one for both hidden layers, or one per layer (e.g. 0.2,0.5). Default: " + LabCommand.DEFAULT_DROPOUT + ".")
    List<Double> dropout = new ArrayList<>();

    @Option(names = "--weight-decay", paramLabel = "X", description = "Coefficient of the weight-decay variant (decoupled: "
            + "each step shrinks the weights by 2 × lr × this, since DL4J M2.1 applies a builder-level weight decay "
            + "twice; 2%% at the defaults) and of the l2 variant (adds this × w to the gradient). Default: each "
            + "variant's own, " + LabSettings.WEIGHT_DECAY_DEFAULT + " for weight-decay and " + LabSettings.L2_DEFAULT
            + " for l2 (at 1.0, l2 pulls every weight to zero).")
    Double weightDecay;

    @Option(names = "--patience", paramLabel = "N", description = "Early stopping: epochs without improvement. "
            + "Default: ${DEFAULT-VALUE}.")
    int patience = 20;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel runs, 1.." + LabSettings.MAX_THREADS
            + ". Default: one per core.")
    int threads = Runtime.getRuntime().availableProcessors();

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory. A run replaces results.csv, "
            + "curves.png and sweep.png there as one set; concurrent runs take turns. Default: ${DEFAULT-VALUE}.")
    Path out = Path.of("target", "lab");

    @Mixin
    UiOptions ui;

    @Mixin
    CommonOptions common;

    private final PrintStream stdout;
    private final PrintStream stderr;

    LabCommand(PrintStream stdout, PrintStream stderr) {
        this.stdout = stdout;
        this.stderr = stderr;
    }

    @Spec
    CommandSpec spec;

    private boolean given(String option) {
        return spec != null && spec.commandLine().getParseResult().hasMatchedOption(option);
    }

    /** Options that only some variants read are refused when none of the chosen variants reads them. */
    private void refuseUnread(List<Variant> chosen) {
        if (sweep != null && given("--variants")) {
            throw new InputException("--sweep dropout: sweeps the dropout variant only; leave out --variants");
        }
        if (sweep != null && given("--dropout")) {
            throw new InputException("--sweep dropout: sweeps the drop probability 0..0.8 itself; leave out --dropout");
        }
        if (sweep != null) {
            return;
        }
        String names = String.join(", ", chosen.stream().map(Variant::label).toList());
        if (given("--dropout") && chosen.stream().noneMatch(v -> v == Variant.DROPOUT || v == Variant.BN_DROPOUT)) {
            throw new InputException("--dropout " + String.join(",", dropout.stream().map(String::valueOf).toList())
                    + ": none of the variants (" + names + ") reads it; add "
                    + "dropout or bn+dropout to --variants");
        }
        if (given("--weight-decay") && !chosen.contains(Variant.WEIGHT_DECAY) && !chosen.contains(Variant.L2)) {
            throw new InputException("--weight-decay " + weightDecay + ": none of the variants (" + names + ") reads "
                    + "it; add weight-decay or l2 to --variants");
        }
        if (given("--patience") && !chosen.contains(Variant.EARLY_STOPPING)) {
            throw new InputException("--patience " + patience + ": none of the variants (" + names + ") reads it; "
                    + "add early-stopping to --variants");
        }
    }

    @Override
    public Integer call() {
        if (sweep != null && !sweep.equals("dropout")) {
            throw new InputException("--sweep " + sweep + ": only 'dropout' can be swept");
        }
        List<Variant> chosen = new ArrayList<>();
        for (String name : variants) {
            try {
                chosen.add(Variant.parse(name.strip()));
            } catch (IllegalArgumentException e) {
                throw new InputException("--variants: " + e.getMessage());
            }
        }
        if (chosen.isEmpty()) {
            chosen.addAll(Arrays.asList(Variant.values()));
        }
        refuseUnread(chosen);
        var settings = new LabSettings(data, chosen, seeds, epochs, trainRows, batchSize, lr,
                dropout.isEmpty() ? List.of(DEFAULT_DROPOUT) : dropout, weightDecay,
                patience, sweep != null, threads, out);
        boolean fashion = data.equalsIgnoreCase("fashion");
        if (fashionDir != null && !fashion) {
            throw new InputException("--fashion-dir " + fashionDir + ": only --data fashion reads it");
        }
        // Fashion-MNIST is read and checked whole before anything is created or written
        FashionMnist images = fashion ? FashionMnist.read(FashionMnist.locate(fashionDir)) : null;
        ui.port();
        AtomicFiles.requireWritableDirectory(out, "--out");
        if (!Datasets.NAMES.contains(data.toLowerCase(Locale.ROOT))) {
            AtomicFiles.requireEncodable(data, "--data");
            AtomicFiles.requireNotAnOutput(Path.of(data), "--data", out, OUTPUTS);
        }
        var task = fashion ? Datasets.fashion(images) : Datasets.load(data);
        OutputSet.requireReplaceable(out, OUTPUTS, "--out");
        int available = task.availableTrainRows();
        if (available < 2 || task.validationRows() < 1) {
            throw new InputException(task.name() + ": has " + task.data().numExamples() + " rows; the lab needs at "
                    + "least 4 (30% are held out for validation, and training needs 2)");
        }
        task.requireTrainRows(trainRows);
        int rows = trainRows == 0 ? available : trainRows;
        if (batchSize > rows && !given("--batch-size")) {
            throw new InputException(task.name() + ": " + rows + " training rows, fewer than the default batch size "
                    + batchSize + "; pass --batch-size " + rows + " or less");
        }
        if (batchSize > rows) {
            throw new InputException("--batch-size " + batchSize + ": larger than the " + rows + " training rows");
        }
        stdout.printf(Locale.ROOT, "lab: %s, %d rows × %d features, %s; %d training rows, %d validation rows%s%n",
                task.name(), task.data().numExamples(), task.features(),
                task.classification() ? task.classes() + "-class classification" : "regression", rows,
                task.validationRows(), fashion ? " (the test images; training rows drawn per seed)" : "");
        stdout.printf(Locale.ROOT, "%s; %d seeds × %d epochs, batch %d, lr %s, %d threads%n",
                settings.sweep() ? "sweep: dropout 0.0..0.8" : "variants: " + String.join(", ",
                        chosen.stream().map(Variant::label).toList()), seeds, epochs, batchSize, lr, threads);

        long start = System.nanoTime();
        List<LabRunner.Run> runs = ui.around(stdout, () -> LabRunner.run(settings, task,
                new ProgressLine(stderr, start)));
        double trivial = 0;
        for (int seed = 1; seed <= seeds; seed++) {
            trivial += LabRunner.trivialLoss(task.split(seed, trainRows), task) / seeds;
        }
        stdout.println();
        LabReport.table(runs, task, trivial, stdout);

        // written together or not at all, so --out never mixes this run's results with another run's charts
        try (var outputs = OutputSet.begin(out, OUTPUTS)) {
            AtomicFiles.writeString(outputs.file("results.csv"), LabReport.csv(runs, task));
            LabReport.png(LabReport.curves(runs, task, trivial, "Loss curves on " + task.name() + ", mean of "
                    + seeds + " seeds"), outputs.file("curves.png"));
            if (settings.sweep()) {
                LabReport.png(LabReport.sweep(runs, task, "Dropout sweep on " + task.name() + ", " + epochs
                        + " epochs"), outputs.file("sweep.png"));
            }
            outputs.commit();
        }
        stdout.printf(Locale.ROOT, "%nwrote %s (results.csv, curves.png%s) in %.1f s%n", out,
                settings.sweep() ? ", sweep.png" : "", (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Progress with an estimate of the time left, at most every two seconds, on standard error. */
    private static final class ProgressLine implements LabRunner.Progress {
        private final PrintStream err;
        private final long start;
        private long lastPrint;

        ProgressLine(PrintStream err, long start) {
            this.err = err;
            this.start = start;
        }

        @Override
        public synchronized void finished(int done, int total, LabRunner.Run run) {
            long now = System.nanoTime();
            if (done < total && now - lastPrint < 2_000_000_000L) {
                return;
            }
            lastPrint = now;
            double elapsed = (now - start) / 1e9;
            double left = elapsed / done * (total - done);
            err.printf(Locale.ROOT, "lab: %d/%d runs done, %.0f s elapsed, about %.0f s left%n", done, total, elapsed,
                    left);
        }
    }
}
