package dev.dl4jlessons.lessons.fashion;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.Progress;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.harness.TrainingWatch;
import dev.dl4jlessons.lessons.fashion.FashionLesson.Setup;

/**
 * Lesson 10's experiments: functions that train and return records of what they measured, which the tables, the
 * pictures, the guide and the tests all read. Every run builds its own network and batches, so results do not
 * depend on the number of threads.
 */
public final class FashionExperiments {
    private FashionExperiments() {
    }

    /** Accuracy and mean cross-entropy of one model on one set, in inference mode. */
    public record Score(double accuracy, double loss) {
    }

    /**
     * One run: the scores after every epoch.
     *
     * @param train     on the run's training images (inference mode: dropout off, batch norm on running statistics)
     * @param test      on the test images scored after every epoch ({@code --epoch-test-rows} of them, the same
     *                  for every run)
     * @param finalTest on all the test images, after the last epoch
     */
    public record Run(FashionVariant variant, long seed, int rows, List<Score> train, List<Score> test,
            Score finalTest) {
        /** Scores after the last epoch. */
        public Score lastTrain() {
            return train.get(train.size() - 1);
        }

        /** Test scores after the last epoch, on all the test images. */
        public Score lastTest() {
            return finalTest;
        }

        /** Train minus test accuracy after the last epoch. */
        public double gap() {
            return lastTrain().accuracy() - lastTest().accuracy();
        }

        /** The highest test accuracy of any epoch, on the test images scored every epoch. */
        public double bestTest() {
            return test.stream().mapToDouble(Score::accuracy).max().orElse(Double.NaN);
        }
    }

    /**
     * One variant over seeds.
     *
     * @param runs one per seed, seed order
     */
    public record VariantResult(FashionVariant variant, List<Run> runs) {
        /** Final training accuracy over seeds. */
        public Stat trainAccuracy() {
            return Stat.of(runs.stream().map(r -> r.lastTrain().accuracy()).toList());
        }

        /** Final test accuracy over seeds. */
        public Stat testAccuracy() {
            return Stat.of(runs.stream().map(r -> r.lastTest().accuracy()).toList());
        }

        /** Final generalization gap (train − test accuracy) over seeds. */
        public Stat gap() {
            return Stat.of(runs.stream().map(Run::gap).toList());
        }

        /** Final test loss over seeds. */
        public Stat testLoss() {
            return Stat.of(runs.stream().map(r -> r.lastTest().loss()).toList());
        }

        /** Best epoch's test accuracy over seeds. */
        public Stat bestTestAccuracy() {
            return Stat.of(runs.stream().map(Run::bestTest).toList());
        }

        /** Mean over seeds, epoch by epoch, of one score. */
        public List<Double> curve(boolean test, boolean accuracy) {
            return Stat.meanCurve(runs.stream().map(r -> (test ? r.test() : r.train()).stream()
                    .map(s -> accuracy ? s.accuracy() : s.loss()).toList()).toList());
        }
    }

    /**
     * The comparison: one result per variant, in the setup's order.
     *
     * @param epochTestRows test images scored after every epoch (all of them after the last)
     */
    public record Comparison(List<VariantResult> variants, int trainRows, int testRows, int epochTestRows, int epochs,
            int seeds) {
        /** The variant with the highest mean final test accuracy. */
        public VariantResult best() {
            return variants.stream().max(Comparator.comparingDouble(v -> v.testAccuracy().mean())).orElseThrow();
        }

        /** The result of {@code variant}, if it was compared. */
        public java.util.Optional<VariantResult> of(FashionVariant variant) {
            return variants.stream().filter(v -> v.variant() == variant).findFirst();
        }
    }

    /**
     * The closing run: one variant on every training image.
     *
     * @param slowFrom the first epoch at a tenth of the learning rate
     * @param test     on all the test images, after every epoch
     */
    public record FullRun(FashionVariant variant, int rows, int epochs, int slowFrom, Score train, List<Score> test) {
        /** Test scores after the last epoch. */
        public Score lastTest() {
            return test.get(test.size() - 1);
        }
    }

    /** The first epoch of a closing run of {@code epochs} at a tenth of the learning rate: its last third. */
    public static int slowFrom(int epochs) {
        return epochs - epochs / 3 + 1;
    }

    /** The size sweep: final test accuracy of every variant at every training-set size, over seeds. */
    public record SizeSweep(List<Integer> sizes, List<FashionVariant> variants, List<Run> runs, int minSteps,
            int batchSize) {
        /** Final test accuracy of {@code variant} at {@code rows} images, over seeds. */
        public Stat testAccuracy(FashionVariant variant, int rows) {
            return Stat.of(runs.stream().filter(r -> r.variant() == variant && r.rows() == rows)
                    .map(r -> r.lastTest().accuracy()).toList());
        }

        /** Epochs a run at {@code rows} images trains: {@link #epochsAt}. */
        public int epochs(int rows, int epochs) {
            return epochsAt(rows, epochs, minSteps, batchSize);
        }
    }

    /** Fewest training steps of a size-sweep run, so that the smallest sets are trained as long as the largest. */
    public static final int MIN_STEPS = 600;

    /** Epochs at {@code rows} images: {@code epochs}, or more when that would be fewer than {@code minSteps}. */
    public static int epochsAt(int rows, int epochs, int minSteps, int batchSize) {
        int stepsPerEpoch = (rows + batchSize - 1) / batchSize;
        return Math.max(epochs, (minSteps + stepsPerEpoch - 1) / stepsPerEpoch);
    }

    /**
     * One network to train.
     *
     * @param trainEveryEpoch score the training images after every epoch (else after the last only)
     * @param testEveryEpoch  score {@code epochTest} after every epoch (else after the last only)
     * @param epochTest       the test images scored after each epoch (after the last, all of them too)
     * @param slowFrom        first epoch at a tenth of the learning rate, 0 for never
     */
    private record Job(FashionVariant variant, long seed, int rows, int epochs, boolean trainEveryEpoch,
            boolean testEveryEpoch, DataSet epochTest, int slowFrom) {
        String name() {
            return String.format(Locale.ROOT, "%s seed %d, %d images", variant.label(), seed, rows);
        }
    }

    /** Every variant × seed on {@code trainRows} images, scored after every epoch. */
    public static Comparison compare(Setup setup, FashionMnist data, java.io.PrintStream out) {
        return compare(setup, data, out, FashionLesson::configuration);
    }

    /** {@link #compare(Setup, FashionMnist, java.io.PrintStream)} of the network {@code architecture} builds. */
    public static Comparison compare(Setup setup, FashionMnist data, java.io.PrintStream out,
            FashionLesson.Architecture architecture) {
        int epochTestRows = Math.min(setup.epochTestRows(), data.testRows());
        DataSet epochTest = data.testSubset(epochTestRows, 1);
        List<Job> jobs = new ArrayList<>();
        for (FashionVariant v : setup.variants()) {
            for (long seed = 1; seed <= setup.seeds(); seed++) {
                jobs.add(new Job(v, seed, setup.trainRows(), setup.epochs(), true, true, epochTest, 0));
            }
        }
        List<Run> runs = runAll(jobs, setup, data, "fashion", out, architecture);
        List<VariantResult> results = new ArrayList<>();
        for (FashionVariant v : setup.variants()) {
            results.add(new VariantResult(v, runs.stream().filter(r -> r.variant() == v).toList()));
        }
        return new Comparison(List.copyOf(results), setup.trainRows(), data.testRows(), epochTestRows, setup.epochs(),
                setup.seeds());
    }

    /**
     * {@code variant} trained once (seed 1) on every training image for {@code fullEpochs}, the last third at a
     * tenth of the learning rate ({@link #slowFrom}); scored on all the test images after every epoch and on the
     * training images at the end.
     */
    public static FullRun full(VariantResult best, Setup setup, FashionMnist data, java.io.PrintStream out) {
        int slow = slowFrom(setup.fullEpochs());
        var job = new Job(best.variant(), 1, data.trainRows(), setup.fullEpochs(), false, true, data.test(),
                slow);
        Run run = runAll(List.of(job), setup, data, "fashion, all images", out, FashionLesson::configuration).get(0);
        return new FullRun(best.variant(), data.trainRows(), setup.fullEpochs(), slow, run.lastTrain(), run.test());
    }

    /**
     * Every variant × size × seed, each trained {@link #epochsAt} epochs (at least {@link #MIN_STEPS} steps) and
     * scored at the end.
     */
    public static SizeSweep sizes(Setup setup, FashionMnist data, java.io.PrintStream out) {
        List<Job> jobs = new ArrayList<>();
        for (int rows : setup.sizes()) {
            for (FashionVariant v : setup.variants()) {
                for (long seed = 1; seed <= setup.seeds(); seed++) {
                    jobs.add(new Job(v, seed, rows, epochsAt(rows, setup.epochs(), MIN_STEPS, setup.batchSize()),
                            false, false, data.test(), 0));
                }
            }
        }
        return new SizeSweep(setup.sizes(), setup.variants(), runAll(jobs, setup, data, "fashion sizes", out,
                FashionLesson::configuration), MIN_STEPS, setup.batchSize());
    }

    private static List<Run> runAll(List<Job> jobs, Setup setup, FashionMnist data, String task,
            java.io.PrintStream out, FashionLesson.Architecture architecture) {
        long epochs = jobs.stream().mapToLong(Job::epochs).sum();
        try (var progress = Progress.start(task, epochs, out)) {
            return Parallel.map(jobs, Math.min(setup.threads(), jobs.size()), job -> train(job, setup, data,
                    progress, architecture), (done, total, run) -> { });
        }
    }

    /**
     * Trains one job; the harness owns the loop, this records the scores after each epoch it is asked for: the
     * training images and the job's per-epoch test images, and all the test images after the last epoch.
     */
    private static Run train(Job job, Setup setup, FashionMnist data, Progress progress,
            FashionLesson.Architecture architecture) {
        DataSet train = data.trainSubset(job.rows(), job.seed());
        int stepsPerEpoch = (job.rows() + setup.batchSize() - 1) / setup.batchSize();
        int slowStep = job.slowFrom() == 0 ? 0 : (job.slowFrom() - 1) * stepsPerEpoch;
        var net = Networks.create(architecture.configuration(job.variant(), job.seed(), setup.lr(), slowStep));
        TrainingWatch.network(job.variant().label() + "-seed" + job.seed(), net,
                TrainingWatch.steps(job.epochs(), job.rows(), setup.batchSize()));
        List<Score> trainScores = new ArrayList<>();
        List<Score> testScores = new ArrayList<>();
        Score[] finalTest = new Score[1];
        Trainer.train(job.name(), net, FashionMnist.batches(train, setup.batchSize(), job.seed()), job.epochs(),
                epoch -> {
                    boolean last = epoch.number() == job.epochs();
                    if (job.trainEveryEpoch() || last) {
                        trainScores.add(score(net, train));
                    }
                    if (job.testEveryEpoch() || last) {
                        testScores.add(score(net, job.epochTest()));
                    }
                    if (last) {
                        finalTest[0] = job.epochTest() == data.test() ? testScores.get(testScores.size() - 1)
                                : score(net, data.test());
                    }
                    progress.step(String.format(Locale.ROOT, "%s, epoch %d/%d", job.name(), epoch.number(),
                            job.epochs()));
                });
        return new Run(job.variant(), job.seed(), job.rows(), List.copyOf(trainScores), List.copyOf(testScores),
                finalTest[0]);
    }

    /** Rows scored per forward pass, so that scoring 60,000 images never holds all their activations at once. */
    static final int SCORE_BATCH = 5000;

    /** Accuracy and mean cross-entropy of {@code net} on {@code data}, in inference mode, from one forward pass. */
    public static Score score(MultiLayerNetwork net, DataSet data) {
        long rows = data.numExamples();
        double correct = 0;
        double loss = 0;
        for (long start = 0; start < rows; start += SCORE_BATCH) {
            long end = Math.min(rows, start + SCORE_BATCH);
            var idx = org.nd4j.linalg.indexing.NDArrayIndex.interval(start, end);
            INDArray x = data.getFeatures().get(idx, org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray y = data.getLabels().get(idx, org.nd4j.linalg.indexing.NDArrayIndex.all());
            INDArray p = net.output(x, false);
            correct += p.argMax(1).eq(y.argMax(1)).castTo(DataType.DOUBLE).sumNumber().doubleValue();
            loss -= Transforms.log(p.add(1e-12), false).mul(y).sumNumber().doubleValue();
        }
        return new Score(correct / rows, loss / rows);
    }
}
