package dev.dl4jlessons.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

import dev.dl4jlessons.data.Datasets;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.data.Split;

/**
 * The payoff after a notebook model's run on noise: the same model trained on learnable data (diabetes, the same ten
 * features as the notebook's X), once as the lesson builds it and once with its regularizer layers taken out, over a
 * few seeds, with the training and the held-out validation loss of each. The notebook's data cannot show what a
 * regularizer is for; this can, and it also shows where it does not help.
 */
public final class Payoff {
    /** The learnable data: diabetes, whose ten standardized features have the notebook's shape. */
    public static final String DATA = "diabetes";
    /** Training rows, as in the lab and the capacity lesson: few enough that a 50-unit network can memorise them. */
    public static final int TRAIN_ROWS = 100;
    /** Epochs of each run: long enough for the unregularized model to overfit. */
    public static final int EPOCHS = 60;
    /**
     * Seeds of the split, the initial weights and the shuffling: 1 to {@code SEEDS}. Five, so that the verdict's
     * standard error rests on more than a couple of differences.
     */
    public static final int SEEDS = 5;
    /** The verdict's rule: a difference counts when its mean over the paired seeds is this many standard errors. */
    public static final double STANDARD_ERRORS = 2;

    private Payoff() {
    }

    /** Results already measured in this JVM, by model and run length: a guide check and a test share one run. */
    private static final java.util.Map<String, Result> MEASURED = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Whether a lesson's run is followed by the payoff: a run of the notebook's own length, batch size and learning
     * rate on the notebook's data (the seed and the drop probability may differ; the payoff uses the drop
     * probability). A run with other settings is an experiment of the reader's, and the payoff's fixed settings would
     * not answer it.
     */
    public static boolean follows(Settings settings) {
        return settings.data() == null && settings.epochs() == Settings.NOTEBOOK.epochs()
                && settings.batchSize() == Settings.NOTEBOOK.batchSize()
                && settings.learningRate() == Settings.NOTEBOOK.learningRate();
    }

    /**
     * One run's losses after every epoch, both in inference mode on all rows.
     *
     * @param train training loss per epoch (MSE on the standardized target)
     * @param val   validation loss per epoch, on rows the model never trained on
     */
    public record Curve(long seed, boolean regularized, List<Double> train, List<Double> val) {
    }

    /**
     * The payoff's measurements.
     *
     * @param with      runs of the lesson's model, one per seed
     * @param without   runs of the same model with its dropout and batch norm layers removed, same seeds
     * @param trivial   validation loss of predicting the training mean, averaged over the seeds' splits
     * @param trainRows rows each model trained on
     * @param valRows   held-out rows each model was measured on
     */
    public record Result(List<Curve> with, List<Curve> without, double trivial, int trainRows, int valRows) {
        /** Final training loss over seeds. */
        public Stat finalTrain(boolean regularized) {
            return Stat.of(runs(regularized).stream().map(c -> c.train().get(c.train().size() - 1)).toList());
        }

        /** Final validation loss over seeds. */
        public Stat finalVal(boolean regularized) {
            return Stat.of(runs(regularized).stream().map(c -> c.val().get(c.val().size() - 1)).toList());
        }

        /** The validation curve averaged over seeds, one value per epoch. */
        public List<Double> meanVal(boolean regularized) {
            return Stat.meanCurve(runs(regularized).stream().map(Curve::val).toList());
        }

        /** The 1-based epoch whose seed-averaged validation loss is lowest. */
        public int bestEpoch(boolean regularized) {
            List<Double> mean = meanVal(regularized);
            int best = 0;
            for (int e = 1; e < mean.size(); e++) {
                if (mean.get(e) < mean.get(best)) {
                    best = e;
                }
            }
            return best + 1;
        }

        /** Each seed's lowest validation loss over the epochs: what stopping at that run's best epoch keeps. */
        public List<Double> bestVals(boolean regularized) {
            return runs(regularized).stream().map(c -> c.val().stream().mapToDouble(Double::doubleValue).min()
                    .orElse(Double.NaN)).toList();
        }

        /** Each seed's validation loss after the last epoch. */
        public List<Double> finalVals(boolean regularized) {
            return runs(regularized).stream().map(c -> c.val().get(c.val().size() - 1)).toList();
        }

        /** How much lower the regularized model's final validation loss is, seed by seed. */
        public Difference atEnd() {
            return Difference.of(finalVals(false), finalVals(true));
        }

        /** How much lower the regularized model's best validation loss is, each run at its own best epoch. */
        public Difference atBest() {
            return Difference.of(bestVals(false), bestVals(true));
        }

        private List<Curve> runs(boolean regularized) {
            return regularized ? with : without;
        }
    }

    /**
     * A paired difference over seeds: each seed's loss without the regularizer minus its loss with it (the two runs of
     * a seed share the split and the initial weights), so a positive gain means the regularizer lowered the loss.
     *
     * @param gain          the mean of the per-seed differences
     * @param standardError their sample standard deviation over √seeds (0 for one seed)
     */
    public record Difference(double gain, double standardError) {
        static Difference of(List<Double> without, List<Double> with) {
            List<Double> d = new ArrayList<>();
            for (int i = 0; i < with.size(); i++) {
                d.add(without.get(i) - with.get(i));
            }
            Stat s = Stat.of(d);
            return new Difference(s.mean(), s.std() / Math.sqrt(d.size()));
        }

        /** Lower with the regularizer, by more than {@link #STANDARD_ERRORS} standard errors. */
        public boolean lower() {
            return gain > STANDARD_ERRORS * standardError;
        }

        /** Higher with the regularizer, by more than {@link #STANDARD_ERRORS} standard errors. */
        public boolean higher() {
            return -gain > STANDARD_ERRORS * standardError;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s %.3f (± %.3f)", gain >= 0 ? "lower by" : "higher by", Math.abs(gain),
                    standardError);
        }
    }

    /**
     * The configuration without its regularizers: every dropout layer and batch normalization layer removed, and any
     * dropout on a layer's input cleared. The notebook's models put batch norm between a dense layer with the
     * identity activation and a ReLU layer, so what is left is the same dense-ReLU network; the weights are drawn in
     * the same order from the same seed, so both networks start from the same weights.
     */
    public static MultiLayerConfiguration withoutRegularizers(MultiLayerConfiguration conf) {
        MultiLayerConfiguration copy = conf.clone();
        List<NeuralNetConfiguration> kept = new ArrayList<>();
        for (NeuralNetConfiguration c : copy.getConfs()) {
            Layer layer = c.getLayer();
            if (layer instanceof DropoutLayer || layer instanceof BatchNormalization) {
                continue;
            }
            layer.setIDropout(null);
            kept.add(c);
        }
        return new MultiLayerConfiguration.Builder().confs(kept).dataType(conf.getDataType()).build();
    }

    /** Whether a configuration has anything for {@link #withoutRegularizers} to remove. */
    public static boolean hasRegularizers(MultiLayerConfiguration conf) {
        return Networks.hasDropout(conf) || Networks.hasBatchNorm(conf);
    }

    /**
     * Trains {@code spec}'s model on the payoff's data with and without its regularizers, seeds 1 to {@link #SEEDS},
     * with the settings' learning rate, batch size and drop probability, on up to two threads.
     */
    public static Result measure(ModelSpec spec, Settings settings) {
        return measure(spec, settings, EPOCHS, SEEDS);
    }

    /** {@link #measure(ModelSpec, Settings)} with another number of epochs and seeds, for a quick check. */
    public static Result measure(ModelSpec spec, Settings settings, int epochs, int seeds) {
        // the runs depend only on the model (its configuration names every setting), the epochs and the seeds
        String key = spec.model(settings.withSeed(1)).toJson() + "|" + settings.batchSize() + "|" + epochs + "|"
                + seeds;
        return MEASURED.computeIfAbsent(key, k -> measureNow(spec, settings, epochs, seeds));
    }

    /** {@link #measure(ModelSpec, Settings, int, int)} without looking for an earlier result. */
    static Result measureNow(ModelSpec spec, Settings settings, int epochs, int seeds) {
        var task = Datasets.load(DATA);
        record Job(long seed, boolean regularized) {
        }
        List<Job> jobs = new ArrayList<>();
        for (boolean regularized : new boolean[] {true, false}) {
            for (long seed = 1; seed <= seeds; seed++) {
                jobs.add(new Job(seed, regularized));
            }
        }
        List<Curve> curves = Parallel.map(jobs, NotebookRun.defaultThreads(2), job -> {
            Split split = Split.of(task.data(), job.seed(), TRAIN_ROWS, true);
            MultiLayerConfiguration conf = spec.model(settings.withSeed(job.seed()));
            if (!job.regularized()) {
                conf = withoutRegularizers(conf);
            }
            String name = spec.name() + (job.regularized() ? "" : " without regularizers");
            return train(name, conf, split, settings, epochs);
        }, (done, total, result) -> { });
        List<Double> trivial = new ArrayList<>();
        for (long seed = 1; seed <= seeds; seed++) {
            trivial.add(Evaluation.trivialLoss(Split.of(task.data(), seed, TRAIN_ROWS, true), false));
        }
        Split first = Split.of(task.data(), 1, TRAIN_ROWS, true);
        return new Result(curves.subList(0, seeds), curves.subList(seeds, 2 * seeds), Stat.of(trivial).mean(),
                first.train().numExamples(), first.validation().numExamples());
    }

    private static Curve train(String name, MultiLayerConfiguration conf, Split split, Settings settings,
            int epochs) {
        long seed = conf.getConf(0).getSeed();
        boolean regularized = hasRegularizers(conf);
        Trainer.checkBatchNormBatches(name, Networks.hasBatchNorm(conf), split.train().numExamples(),
                settings.batchSize());
        MultiLayerNetwork net = Networks.create(conf);
        List<Double> train = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        Trainer.train(name, net, new ShuffledBatches(split.train(), settings.batchSize(), seed), epochs, epoch -> {
            train.add(Evaluation.loss(net, split.train(), false));
            val.add(Evaluation.loss(net, split.validation(), false));
        });
        return new Curve(seed, regularized, train, val);
    }

    /**
     * Measures and prints the payoff: a header, one row with and one without the regularizer, the trivial predictor,
     * the rule of the verdict, and the verdict: whether the regularizer helped, at the end and at the best epoch.
     */
    public static Result print(ModelSpec spec, String regularizer, Settings settings, PrintStream out) {
        Result r = measure(spec, settings);
        out.println();
        out.printf(Locale.ROOT, "Payoff: the same model on learnable data (%s, %d training rows, %d held-out validation "
                + "rows; %d seeds × %d epochs)%n", DATA, r.trainRows(), r.valRows(), r.with().size(),
                r.with().get(0).val().size());
        String with = "with " + regularizer;
        String without = "without";
        int width = Math.max(with.length(), 10) + 2;
        out.printf(Locale.ROOT, "%-" + width + "s%-16s%-16s%s%n", "", "final train", "final val", "best val @ epoch");
        for (boolean regularized : new boolean[] {true, false}) {
            int best = r.bestEpoch(regularized);
            out.printf(Locale.ROOT, "%-" + width + "s%-16s%-16s%.3f @ %d%n", regularized ? with : without,
                    r.finalTrain(regularized), r.finalVal(regularized), r.meanVal(regularized).get(best - 1), best);
        }
        out.printf(Locale.ROOT, "%-" + width + "s%-16s%.3f%n", "trivial", "", r.trivial());
        out.println(rule(r));
        out.println(verdict(r, regularizer));
        return r;
    }

    /** The rule the verdict applies, as the payoff prints it. */
    public static String rule(Result r) {
        return String.format(Locale.ROOT, "Rule: a difference counts when its mean over the %d paired seeds is more than "
                + "%.0f standard errors from 0, after the last epoch and at each run's best epoch.", r.with().size(),
                STANDARD_ERRORS);
    }

    /**
     * The verdict, by {@link #rule}: the regularizer helps when it lowers the validation loss both after the last
     * epoch and at each run's best epoch (so stopping the plain model early would not do as well); it hurts when it
     * raises both; when it lowers the final loss but the plain model stopped at its best epoch is as good or better,
     * the sentence says so; otherwise there is no clear difference.
     */
    public static String verdict(Result r, String regularizer) {
        Difference end = r.atEnd();
        Difference best = r.atBest();
        String measured = String.format(Locale.ROOT, "With %s the validation loss is %s after the last epoch and %s at "
                + "the best epoch", regularizer, end, best);
        if (end.lower() && best.lower()) {
            return measured + ": on this data the regularizer helps.";
        }
        if (end.higher() && best.higher()) {
            return measured + ": on this data the regularizer hurts.";
        }
        if (end.lower() && best.higher()) {
            return measured + ": it helps a model trained past its best epoch, but at the best epoch the plain model is "
                    + "better, so on this data stopping early beats the regularizer.";
        }
        if (end.lower()) {
            return measured + ": no clear difference at the best epoch, so on this data it helps only a model trained "
                    + "past its best epoch, as stopping early would.";
        }
        return measured + ": no clear difference on this data.";
    }
}
