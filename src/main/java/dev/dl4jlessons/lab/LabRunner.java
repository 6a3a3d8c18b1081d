package dev.dl4jlessons.lab;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.deeplearning4j.earlystopping.EarlyStoppingConfiguration;
import org.deeplearning4j.earlystopping.EarlyStoppingResult;
import org.deeplearning4j.earlystopping.listener.EarlyStoppingListener;
import org.deeplearning4j.earlystopping.saver.InMemoryModelSaver;
import org.deeplearning4j.earlystopping.scorecalc.DataSetLossCalculator;
import org.deeplearning4j.earlystopping.termination.MaxEpochsTerminationCondition;
import org.deeplearning4j.earlystopping.termination.ScoreImprovementEpochTerminationCondition;
import org.deeplearning4j.earlystopping.trainer.EarlyStoppingTrainer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.harness.TrainingWatch;
import dev.dl4jlessons.harness.TrainingFailedException;

/**
 * Runs every (variant, seed) of a lab, in parallel on a fixed pool, each run with its own network, split and
 * iterator. A run depends only on its variant and seed, so the results are the same in any order and any number of
 * threads.
 */
public final class LabRunner {
    private LabRunner() {
    }

    /**
     * Metrics after one epoch, both losses computed in inference mode on all rows.
     *
     * @param valAccuracy NaN for regression
     */
    public record EpochMetrics(int epoch, double trainLoss, double valLoss, double valAccuracy) {
    }

    /**
     * One finished run.
     *
     * @param variant    the variant label (for a sweep, {@code dropout-0.3})
     * @param rate       the sweep's drop probability, or NaN
     * @param seed       seed of the split, the initialisation and the shuffling
     * @param epochs     per-epoch metrics
     * @param last       the final model's metrics (for early stopping: the restored best model's)
     * @param msPerEpoch training wall time per epoch
     */
    public record Run(String variant, double rate, long seed, List<EpochMetrics> epochs, EpochMetrics last,
            double msPerEpoch) {
        /** The epoch with the lowest validation loss. */
        public EpochMetrics best() {
            return epochs.stream().min(java.util.Comparator.comparingDouble(EpochMetrics::valLoss)).orElse(last);
        }
    }

    /** One unit of work. */
    record Job(String label, double rate, Variant variant, long seed, LabSettings settings) {
    }

    /** Called as runs finish, from the worker threads. */
    public interface Progress {
        /** Called once per finished run. */
        void finished(int done, int total, Run run);
    }

    /** The jobs of a lab: every variant × seed, or every sweep rate × seed. */
    static List<Job> jobs(LabSettings s) {
        List<Job> jobs = new ArrayList<>();
        if (s.sweep()) {
            for (int r = 0; r <= 8; r++) {
                double rate = r / 10.0;
                LabSettings at = new LabSettings(s.data(), List.of(Variant.DROPOUT), s.seeds(), s.epochs(),
                        s.trainRows(), s.batchSize(), s.lr(), List.of(rate), s.weightDecay(), s.patience(), true, s.threads(),
                        s.out());
                for (int seed = 1; seed <= s.seeds(); seed++) {
                    jobs.add(new Job(String.format(java.util.Locale.ROOT, "dropout-%.1f", rate), rate, Variant.DROPOUT,
                            seed, at));
                }
            }
        } else {
            for (Variant v : s.variants()) {
                for (int seed = 1; seed <= s.seeds(); seed++) {
                    jobs.add(new Job(v.label(), Double.NaN, v, seed, s));
                }
            }
        }
        return jobs;
    }

    /** Runs the lab; results come back in job order whatever the thread count. */
    public static List<Run> run(LabSettings s, Task task, Progress progress) {
        return Parallel.map(jobs(s), s.threads(), job -> runOne(job, task), progress::finished);
    }

    /** Trains one variant with one seed. */
    static Run runOne(Job job, Task task) {
        LabSettings s = job.settings();
        Split split = task.split(job.seed(), s.trainRows());
        MultiLayerConfiguration conf = LabModels.configuration(job.variant(), task, job.seed(), s);
        Trainer.checkBatchNormBatches(job.label(), Networks.hasBatchNorm(conf), split.train().numExamples(),
                s.batchSize());
        MultiLayerNetwork net = Networks.create(conf);
        TrainingWatch.network(job.label() + "-seed" + job.seed(), net,
                TrainingWatch.steps(s.epochs(), split.train().numExamples(), s.batchSize()));
        var batches = new ShuffledBatches(split.train(), s.batchSize(), job.seed());
        List<EpochMetrics> epochs = new ArrayList<>();
        long start = System.nanoTime();
        EpochMetrics last;
        if (job.variant() == Variant.EARLY_STOPPING) {
            MultiLayerNetwork best = earlyStopping(net, batches, split, task, s, epochs);
            // DL4J only logs a non-finite score (the course silences that log) and trains on; here it is a failure
            requireFinite(job, epochs);
            if (best == null) {
                throw new TrainingFailedException(job.label() + ": early stopping kept no model (lab run: "
                        + job.label() + ", seed " + job.seed() + ")", null);
            }
            last = metrics(epochs.size(), best, split, task);
        } else {
            try {
                Trainer.train(job.label(), net, batches, s.epochs(), epoch -> epochs.add(
                        metrics(epoch.number(), net, split, task)));
            } catch (TrainingFailedException e) {
                throw new TrainingFailedException(e.getMessage() + " (lab run: " + job.label() + ", seed "
                        + job.seed() + ")", e.history());
            }
            last = epochs.get(epochs.size() - 1);
        }
        // the training loss can stay finite while inference overflows; a NaN table is a failure, not a result
        requireFinite(job, epochs);
        requireFinite(job, List.of(last));
        double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, epochs.size());
        return new Run(job.label(), job.rate(), job.seed(), epochs, last, ms);
    }

    // lesson:early-stopping
    /** DL4J's own early stopping on validation loss; returns the best model, restored from memory. */
    static MultiLayerNetwork earlyStopping(MultiLayerNetwork net, ShuffledBatches batches, Split split, Task task,
            LabSettings s, List<EpochMetrics> epochs) {
        var validation = new ListDataSetIterator<>(split.validation().asList(), split.validation().numExamples());
        var config = new EarlyStoppingConfiguration.Builder<MultiLayerNetwork>()
                .epochTerminationConditions(new MaxEpochsTerminationCondition(s.epochs()),
                        new ScoreImprovementEpochTerminationCondition(s.patience()))
                .scoreCalculator(new DataSetLossCalculator(validation, true))
                .evaluateEveryNEpochs(1)
                .modelSaver(new InMemoryModelSaver<>())
                .build();
        var trainer = new EarlyStoppingTrainer(config, net, batches);
        trainer.setListener(new EarlyStoppingListener<MultiLayerNetwork>() {
            @Override
            public void onStart(EarlyStoppingConfiguration<MultiLayerNetwork> c, MultiLayerNetwork model) {
            }

            @Override
            public void onEpoch(int epoch, double score, EarlyStoppingConfiguration<MultiLayerNetwork> c,
                    MultiLayerNetwork model) {
                epochs.add(metrics(epoch + 1, model, split, task));
            }

            @Override
            public void onCompletion(EarlyStoppingResult<MultiLayerNetwork> result) {
            }
        });
        EarlyStoppingResult<MultiLayerNetwork> result = trainer.fit();
        return result.getBestModel();
    }
    // end:early-stopping

    /**
     * Fails the run at the first epoch whose inference-mode loss is NaN or infinite, as {@link Trainer} does for a
     * step's training loss: a results table of NaN is not a result.
     */
    static void requireFinite(Job job, List<EpochMetrics> epochs) {
        for (EpochMetrics m : epochs) {
            if (!Double.isFinite(m.trainLoss()) || !Double.isFinite(m.valLoss())) {
                boolean train = !Double.isFinite(m.trainLoss());
                throw new TrainingFailedException(String.format(java.util.Locale.ROOT, "%s: the %s loss became %s at "
                        + "epoch %d (lab run: %s, seed %d); training stopped. The learning rate is probably too large: "
                        + "try one 10 times smaller (--lr).", job.label(), train ? "training" : "validation",
                        train ? m.trainLoss() : m.valLoss(), m.epoch(), job.label(), job.seed()), null);
            }
        }
    }

    /** Losses of {@code net} in inference mode on the training and validation rows, and validation accuracy. */
    public static EpochMetrics metrics(int epoch, MultiLayerNetwork net, Split split, Task task) {
        return new EpochMetrics(epoch, loss(net, split.train(), task), loss(net, split.validation(), task),
                task.classification() ? accuracy(net, split.validation()) : Double.NaN);
    }

    static double loss(MultiLayerNetwork net, DataSet data, Task task) {
        return Evaluation.loss(net, data, task.classification());
    }

    static double accuracy(MultiLayerNetwork net, DataSet data) {
        return Evaluation.accuracy(net, data);
    }

    /** The loss of always predicting the training mean (regression) or the training class frequencies. */
    public static double trivialLoss(Split split, Task task) {
        return Evaluation.trivialLoss(split, task.classification());
    }
}
