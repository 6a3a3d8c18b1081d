package dev.dl4jlessons.lessons.papers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.function.ToDoubleFunction;

import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lessons.papers.PaperModels.Order;

/**
 * What each reproduction measured, as records the tables, the pictures and the tests all read, and each figure's
 * {@link Verdict}: the paper's claim, its number, ours with its spread over seeds, and whether the claim held.
 */
public final class Results {
    private Results() {
    }

    /**
     * One claim of a paper checked against our run.
     *
     * @param claim what the paper says, in our words
     * @param paper the paper's number or reading
     * @param ours  our number, mean ± sample standard deviation over seeds
     * @param rule  how "held" is decided
     * @param held  whether it held in our run
     */
    public record Verdict(String claim, String paper, String ours, String rule, boolean held) {
    }

    /** What every reproduction's record gives: the paper's claims against ours. */
    public interface Measured {
        /** The claims, each with the paper's number, ours and whether it held. */
        List<Verdict> verdicts();
    }

    /** Mean ± std over the runs that match. */
    static <R> Stat stat(List<R> runs, Predicate<R> which, ToDoubleFunction<R> value) {
        return Stat.of(runs.stream().filter(which).map(r -> value.applyAsDouble(r)).toList());
    }

    static String pct(Stat s) {
        return String.format(Locale.ROOT, "%.1f%% ± %.1f", 100 * s.mean(), 100 * s.std());
    }

    // ---------------------------------------------------------------------------------------------- Figure 1

    /**
     * One network of Figure 1.
     *
     * @param batchNorm   with batch norm on every hidden layer
     * @param steps       the training step of each measurement, 0 first
     * @param accuracy    test accuracy at each measurement
     * @param percentiles per measurement, per unit of the last hidden layer: the 15th, 50th and 85th percentiles of
     *                    its sigmoid's input over the probe images
     */
    public record BnRun(boolean batchNorm, long seed, int[] steps, double[] accuracy, double[][][] percentiles) {
        /** Measurements before this index are "the first steps", left out of the drift. */
        public int settled() {
            return Math.max(1, steps.length / 10);
        }

        /** Per unit: the largest minus the smallest median of its input over training, after the first steps. */
        public double[] unitDrifts() {
            int units = percentiles[0].length;
            double[] drift = new double[units];
            for (int u = 0; u < units; u++) {
                double lo = Double.POSITIVE_INFINITY;
                double hi = Double.NEGATIVE_INFINITY;
                for (int c = settled(); c < steps.length; c++) {
                    lo = Math.min(lo, percentiles[c][u][1]);
                    hi = Math.max(hi, percentiles[c][u][1]);
                }
                drift[u] = hi - lo;
            }
            return drift;
        }

        /** The median over units of {@link #unitDrifts()}: how far a typical unit's median wanders. */
        public double medianDrift() {
            double[] d = unitDrifts().clone();
            Arrays.sort(d);
            return Experiments.quantile(d, 0.5);
        }

        /** The unit whose drift is the median one: the "typical" sigmoid input the picture follows. */
        public int typicalUnit() {
            double[] d = unitDrifts();
            double median = medianDrift();
            int best = 0;
            for (int u = 1; u < d.length; u++) {
                if (Math.abs(d[u] - median) < Math.abs(d[best] - median)) {
                    best = u;
                }
            }
            return best;
        }

        /** Test accuracy at the last step. */
        public double finalAccuracy() {
            return accuracy[accuracy.length - 1];
        }

        /** Test accuracy at the first measurement after step 0: how fast it starts. */
        public double earlyAccuracy() {
            return accuracy[1];
        }
    }

    /** Figure 1 over the seeds. */
    public record BnFigure1(List<BnRun> runs) implements Measured {
        /** Immutable copy. */
        public BnFigure1 {
            runs = List.copyOf(runs);
        }

        /** Median drift over seeds, with or without batch norm. */
        public Stat drift(boolean bn) {
            return stat(runs, r -> r.batchNorm() == bn, BnRun::medianDrift);
        }

        /** Final test accuracy over seeds. */
        public Stat finalAccuracy(boolean bn) {
            return stat(runs, r -> r.batchNorm() == bn, BnRun::finalAccuracy);
        }

        /** Early test accuracy over seeds. */
        public Stat earlyAccuracy(boolean bn) {
            return stat(runs, r -> r.batchNorm() == bn, BnRun::earlyAccuracy);
        }

        /** Seeds in which the network with batch norm drifted less than the one without. */
        public int seedsWithLessDrift() {
            int k = 0;
            for (BnRun with : runs) {
                if (with.batchNorm()) {
                    BnRun without = runs.stream().filter(r -> !r.batchNorm() && r.seed() == with.seed()).findFirst()
                            .orElseThrow();
                    k += with.medianDrift() < without.medianDrift() ? 1 : 0;
                }
            }
            return k;
        }

        @Override
        public List<Verdict> verdicts() {
            int seeds = (int) runs.stream().filter(BnRun::batchNorm).count();
            return List.of(
                    new Verdict("with BN the sigmoid input's median stays steady; without, it drifts",
                            "steady vs drifting (read off the plot)",
                            String.format(Locale.ROOT, "drift %.3f ± %.3f with BN vs %.3f ± %.3f without",
                                    drift(true).mean(), drift(true).std(), drift(false).mean(), drift(false).std()),
                            "smaller with BN in every seed (" + seedsWithLessDrift() + "/" + seeds + ")",
                            seedsWithLessDrift() == seeds),
                    new Verdict("with BN the network trains faster and ends more accurate",
                            "BN above the baseline throughout (read off the plot)",
                            String.format(Locale.ROOT, "early %s vs %s, final %s vs %s", pct(earlyAccuracy(true)),
                                    pct(earlyAccuracy(false)), pct(finalAccuracy(true)), pct(finalAccuracy(false))),
                            "mean accuracy higher with BN, early and at the end",
                            earlyAccuracy(true).mean() > earlyAccuracy(false).mean()
                                    && finalAccuracy(true).mean() > finalAccuracy(false).mean()));
        }
    }

    // ---------------------------------------------------------------------------------------------- Figures 7, 8

    /**
     * One autoencoder of Figures 7 and 8.
     *
     * @param retain         p, 1 for no dropout
     * @param meanActivation the mean hidden activation over test images and units, in inference
     * @param zeroFraction   share of hidden activations that are exactly 0 (ReLU off)
     * @param unitMeans      each hidden unit's mean activation over the test images
     * @param sample         the activations of the first 100 test images, for the histogram
     * @param features       the first-layer weights of the first units, 784 each
     * @param testLoss       reconstruction cross-entropy on the test images
     */
    public record AutoencoderRun(double retain, long seed, double meanActivation, double zeroFraction,
            double[] unitMeans, float[] sample, double[][] features, double testLoss) {
        /** Whether this run used dropout. */
        public boolean dropout() {
            return retain < 1;
        }
    }

    /** Figures 7 and 8 over the seeds. */
    public record Autoencoder(int hidden, List<AutoencoderRun> runs) implements Measured {
        /** Immutable copy. */
        public Autoencoder {
            runs = List.copyOf(runs);
        }

        /** Mean activation over seeds. */
        public Stat meanActivation(boolean dropout) {
            return stat(runs, r -> r.dropout() == dropout, AutoencoderRun::meanActivation);
        }

        /** Share of zero activations over seeds. */
        public Stat zeroFraction(boolean dropout) {
            return stat(runs, r -> r.dropout() == dropout, AutoencoderRun::zeroFraction);
        }

        /** Seeds whose dropout autoencoder has the lower mean activation. */
        public int seedsLower() {
            int k = 0;
            for (AutoencoderRun with : runs) {
                if (with.dropout()) {
                    AutoencoderRun without = runs.stream().filter(r -> !r.dropout() && r.seed() == with.seed())
                            .findFirst().orElseThrow();
                    k += with.meanActivation() < without.meanActivation() ? 1 : 0;
                }
            }
            return k;
        }

        @Override
        public List<Verdict> verdicts() {
            int seeds = (int) runs.stream().filter(AutoencoderRun::dropout).count();
            return List.of(
                    new Verdict("dropout makes the hidden activations sparser: a lower mean activation",
                            "about 2.0 without dropout, 0.7 with",
                            String.format(Locale.ROOT, "%.3f ± %.3f without, %.3f ± %.3f with",
                                    meanActivation(false).mean(), meanActivation(false).std(),
                                    meanActivation(true).mean(), meanActivation(true).std()),
                            "lower with dropout in every seed (" + seedsLower() + "/" + seeds + ")",
                            seedsLower() == seeds),
                    new Verdict("more of the hidden units are off (exactly 0) with dropout",
                            "a histogram peaked at 0 (read off the plot)",
                            String.format(Locale.ROOT, "%s of activations are 0 without, %s with",
                                    pct(zeroFraction(false)), pct(zeroFraction(true))),
                            "a larger share of zeros with dropout", zeroFraction(true).mean()
                                    > zeroFraction(false).mean()));
        }
    }

    // ---------------------------------------------------------------------------------------------- Figure 9

    /** What Figure 9 holds fixed as p changes. */
    public enum Hold {
        /** (a) the hidden units n. */
        N("n fixed"),
        /** (b) p·n, the units kept on average. */
        PN("p·n fixed");

        private final String label;

        Hold(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    /** One network of Figure 9: its retain probability, width, and errors on its training rows and the test rows. */
    public record RetainRun(Hold hold, double retain, int hidden, long seed, double trainError, double testError) {
    }

    /** Figure 9 over the seeds. */
    public record Retain(int n, int pn, List<RetainRun> runs) implements Measured {
        /** Immutable copy. */
        public Retain {
            runs = List.copyOf(runs);
        }

        /** The retain probabilities measured, ascending. */
        public List<Double> retains() {
            return runs.stream().map(RetainRun::retain).distinct().sorted().toList();
        }

        /** Test (or training) error at {@code p} over seeds. */
        public Stat error(Hold hold, double p, boolean test) {
            return stat(runs, r -> r.hold() == hold && r.retain() == p,
                    r -> test ? r.testError() : r.trainError());
        }

        /** The p with the lowest mean test error. */
        public double best(Hold hold) {
            return retains().stream().min(java.util.Comparator.comparingDouble(p -> error(hold, p, true).mean()))
                    .orElseThrow();
        }

        /** Largest minus smallest mean test error over the p in [0.4, 0.8]. */
        public double middleRange(Hold hold) {
            var middle = retains().stream().filter(p -> p >= 0.4 - 1e-9 && p <= 0.8 + 1e-9)
                    .map(p -> error(hold, p, true).mean()).toList();
            return middle.isEmpty() ? Double.NaN
                    : middle.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                            - middle.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        }

        @Override
        public List<Verdict> verdicts() {
            double range = middleRange(Hold.N);
            return List.of(
                    new Verdict("with n fixed, the test error is flat for p from about 0.4 to 0.8",
                            "flat for 0.4 ≤ p ≤ 0.8",
                            Double.isNaN(range) ? "no p in [0.4, 0.8] measured"
                                    : String.format(Locale.ROOT, "mean test errors for p in [0.4, 0.8] span %.1f "
                                            + "points", 100 * range),
                            "they span at most 1.5 points", range <= 0.015),
                    new Verdict("with p·n fixed, the test error is lowest near p = 0.6",
                            "best near p = 0.6",
                            String.format(Locale.ROOT, "lowest at p = %.1f (%s)", best(Hold.PN),
                                    pct(error(Hold.PN, best(Hold.PN), true))),
                            "lowest at a p in [0.4, 0.8]", best(Hold.PN) >= 0.4 - 1e-9 && best(Hold.PN) <= 0.8 + 1e-9));
        }
    }

    // ---------------------------------------------------------------------------------------------- Figure 10

    /** One network of Figure 10. */
    public record DataSizeRun(int rows, boolean dropout, long seed, double trainError, double testError) {
    }

    /** Figure 10 over the seeds. */
    public record DataSize(int hidden, List<DataSizeRun> runs) implements Measured {
        /** Immutable copy. */
        public DataSize {
            runs = List.copyOf(runs);
        }

        /** The training-set sizes, ascending. */
        public List<Integer> sizes() {
            return runs.stream().map(DataSizeRun::rows).distinct().sorted().toList();
        }

        /** Test error over seeds. */
        public Stat error(int rows, boolean dropout) {
            return stat(runs, r -> r.rows() == rows && r.dropout() == dropout, DataSizeRun::testError);
        }

        /** Test error without dropout minus with, per seed, over seeds: dropout's gain in error points. */
        public Stat gain(int rows) {
            List<Double> gains = new ArrayList<>();
            for (DataSizeRun with : runs) {
                if (with.dropout() && with.rows() == rows) {
                    runs.stream().filter(r -> !r.dropout() && r.rows() == rows && r.seed() == with.seed())
                            .findFirst().ifPresent(without -> gains.add(without.testError() - with.testError()));
                }
            }
            return Stat.of(gains);
        }

        /** The size with the largest mean gain. */
        public int bestSize() {
            return sizes().stream().max(java.util.Comparator.comparingDouble(s -> gain(s).mean())).orElseThrow();
        }

        @Override
        public List<Verdict> verdicts() {
            List<Integer> sizes = sizes();
            int small = sizes.stream().filter(s -> s <= 500).mapToInt(Integer::intValue).max().orElse(sizes.get(0));
            double smallGain = sizes.stream().filter(s -> s <= small).mapToDouble(s -> gain(s).mean()).max()
                    .orElseThrow();
            int best = bestSize();
            var gains = new StringBuilder();
            for (int s : sizes) {
                gains.append(gains.length() == 0 ? "" : ", ").append(s).append(": ")
                        .append(String.format(Locale.ROOT, "%+.1f", 100 * gain(s).mean()));
            }
            return List.of(
                    new Verdict("with 500 examples or fewer, dropout gives no improvement",
                            "no gain at 100 and 500",
                            String.format(Locale.ROOT, "largest gain at ≤ %d rows: %+.1f points", small,
                                    100 * smallGain),
                            "at most +1 point", smallGain <= 0.01),
                    new Verdict("the gain peaks at a middle size and shrinks as the data grows",
                            "peak in the middle (about 5K of 50K)",
                            "gain in points by size: " + gains + "; largest at " + best,
                            "largest between the smallest and the largest size",
                            best != sizes.get(0) && best != sizes.get(sizes.size() - 1)));
        }
    }

    // ---------------------------------------------------------------------------------------------- Li et al.

    /**
     * One network of the variance-shift experiment.
     *
     * @param runningVar batch norm's running variance per unit, learned in training
     * @param actualVar  the variance per unit of batch norm's input at inference, over the test images
     * @param accuracy   test accuracy as trained
     * @param recomputed test accuracy after recomputing the statistics with dropout off
     */
    public record ShiftRun(Order order, long seed, double[] runningVar, double[] actualVar, double accuracy,
            double recomputed) {
        /** Per unit: actual / running variance. */
        public double[] ratios() {
            double[] r = new double[actualVar.length];
            for (int i = 0; i < r.length; i++) {
                r[i] = actualVar[i] / runningVar[i];
            }
            return r;
        }

        /** The median ratio over units. */
        public double medianRatio() {
            double[] r = ratios();
            Arrays.sort(r);
            return Experiments.quantile(r, 0.5);
        }
    }

    /** The variance shift over the seeds. */
    public record VarianceShift(double retain, List<ShiftRun> runs) implements Measured {
        /** Immutable copy. */
        public VarianceShift {
            runs = List.copyOf(runs);
        }

        /** Median ratio over seeds. */
        public Stat ratio(Order order) {
            return stat(runs, r -> r.order() == order, ShiftRun::medianRatio);
        }

        /** Accuracy over seeds, as trained or recomputed. */
        public Stat accuracy(Order order, boolean recomputed) {
            return stat(runs, r -> r.order() == order, r -> recomputed ? r.recomputed() : r.accuracy());
        }

        @Override
        public List<Verdict> verdicts() {
            Stat before = ratio(Order.DROPOUT_BEFORE_BN);
            Stat after = ratio(Order.DROPOUT_AFTER_BN);
            Stat asTrained = accuracy(Order.DROPOUT_BEFORE_BN, false);
            Stat fixed = accuracy(Order.DROPOUT_BEFORE_BN, true);
            Stat moved = accuracy(Order.DROPOUT_AFTER_BN, false);
            return List.of(
                    new Verdict("dropout before BN: test variance / running variance is about p",
                            String.format(Locale.ROOT, "p = %.1f in the simple case", retain),
                            String.format(Locale.ROOT, "%.3f ± %.3f (dropout after BN: %.3f ± %.3f)", before.mean(),
                                    before.std(), after.mean(), after.std()),
                            "within 0.15 of p", Math.abs(before.mean() - retain) <= 0.15),
                    new Verdict("recomputing BN's statistics with dropout off recovers accuracy",
                            "an improvement (Hendrycks and Gimpel)",
                            String.format(Locale.ROOT, "%s as trained, %s recomputed", pct(asTrained), pct(fixed)),
                            "mean accuracy higher after recomputing", fixed.mean() > asTrained.mean()),
                    new Verdict("dropout only after the last BN avoids the shift",
                            "ratio about 1, no accuracy lost",
                            String.format(Locale.ROOT, "ratio %.3f, accuracy %s", after.mean(), pct(moved)),
                            "ratio within 0.1 of 1 and accuracy at least the as-trained one",
                            Math.abs(after.mean() - 1) <= 0.1 && moved.mean() >= asTrained.mean()));
        }
    }
}
