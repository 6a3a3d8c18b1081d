package dev.dl4jlessons.lessons.fashion;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.Comparison;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.FullRun;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.SizeSweep;
import dev.dl4jlessons.lessons.fashion.FashionExperiments.VariantResult;
import dev.dl4jlessons.lessons.fashion.FashionLesson.Setup;

/** Lesson 10's tables, in fixed formats, from the experiments' records. */
public final class FashionReport {
    private FashionReport() {
    }

    /**
     * A published or measured test accuracy to hold the lesson's numbers against.
     *
     * @param accuracy test accuracy
     * @param what     the model, its training data and where the number comes from
     */
    public record Anchor(String accuracy, String what) {
    }

    /** The anchors, all trained on the 60,000 training images. */
    public static final List<Anchor> ANCHORS = List.of(
            new Anchor("0.883", "MLP 256-128-100, no preprocessing (Fashion-MNIST README, benchmark table)"),
            new Anchor("~0.87", "scikit-learn MLPClassifier (Fashion-MNIST README, benchmark table)"),
            new Anchor("0.84-0.87", "d2l's dropout chapter: 784-256-256-10, dropout 0.2/0.5, SGD lr 0.5, 10 epochs"));

    /** How many spreads a difference must exceed to be called a gain or a loss. */
    public static final double SPREADS = 2;

    /** "helps", "hurts" or "within the spread": {@code diff} against {@link #SPREADS} times {@code spread}. */
    public static String verdict(double diff, double spread) {
        if (spread == 0) {
            return "one seed, no spread to judge by";
        }
        if (diff > SPREADS * spread) {
            return "helps";
        }
        if (diff < -SPREADS * spread) {
            return "hurts";
        }
        return "within the spread";
    }

    /** The comparison's header, table, verdicts against plain, and the anchors. */
    public static void comparison(Comparison c, Setup s, FashionMnist data, PrintStream out) {
        out.printf(Locale.ROOT, "fashion: %d training images (class-balanced, drawn per seed) of %d, %d test images%n",
                c.trainRows(), data.trainRows(), c.testRows());
        out.printf(Locale.ROOT, "model %d→%s→%d ReLU, softmax; Adam lr %s, batch %d, %d epochs, seeds 1..%d%n",
                FashionMnist.PIXELS, FashionLesson.join(FashionLesson.HIDDEN), FashionMnist.CLASSES, s.lr(),
                s.batchSize(), c.epochs(), c.seeds());
        out.println();
        out.printf(Locale.ROOT, "%-16s %-15s %-15s %-17s %-15s %s%n", "variant", "train acc", "test acc",
                "gap train-test", "test loss", "best-epoch test acc");
        for (VariantResult v : c.variants()) {
            out.printf(Locale.ROOT, "%-16s %-15s %-15s %-17s %-15s %s%n", v.variant().label(), v.trainAccuracy(),
                    v.testAccuracy(), v.gap(), v.testLoss(), v.bestTestAccuracy());
        }
        out.printf(Locale.ROOT, "After the last epoch, in inference mode, on all %d test images; mean ± sample "
                + "standard deviation over %d seed%s. Best epoch: on the %d test images scored after every epoch.%n",
                c.testRows(), c.seeds(), c.seeds() == 1 ? "" : "s", c.epochTestRows());
        var plain = c.of(FashionVariant.PLAIN);
        if (plain.isPresent() && c.variants().size() > 1) {
            out.println();
            out.printf(Locale.ROOT, "Test accuracy against plain (%s when the difference is more than %.0f× the "
                    + "larger standard deviation):%n", "helps/hurts", SPREADS);
            for (VariantResult v : c.variants()) {
                if (v.variant() == FashionVariant.PLAIN) {
                    continue;
                }
                double diff = v.testAccuracy().mean() - plain.get().testAccuracy().mean();
                double spread = Math.max(v.testAccuracy().std(), plain.get().testAccuracy().std());
                out.printf(Locale.ROOT, "%-16s %+.3f (spread %.3f): %s%n", v.variant().label(), diff, spread,
                        verdict(diff, spread));
            }
        }
        out.println();
        out.printf(Locale.ROOT, "Best here: %s at %.3f test accuracy. Anchors, each trained on all 60,000 "
                + "training images:%n", c.best().variant().label(), c.best().testAccuracy().mean());
        for (Anchor a : ANCHORS) {
            out.printf(Locale.ROOT, "%-10s %s%n", a.accuracy(), a.what());
        }
    }

    /** Test accuracies per line of the closing run's curve. */
    static final int PER_LINE = 10;

    /** The closing run: its setting, its test accuracy after every epoch, and its final scores. */
    public static void full(FullRun f, Setup s, PrintStream out) {
        out.println();
        out.printf(Locale.ROOT, "All %d training images, %s, seed 1, %d epoch%s, Adam lr %s%s:%n", f.rows(),
                f.variant().label(), f.epochs(), f.epochs() == 1 ? "" : "s", s.lr(), f.slowFrom() <= f.epochs()
                        ? String.format(Locale.ROOT, " (%s from epoch %d)", java.math.BigDecimal.valueOf(s.lr())
                        .movePointLeft(1).stripTrailingZeros().toPlainString(), f.slowFrom()) : "");
        for (int i = 0; i < f.test().size(); i += PER_LINE) {
            var line = new StringBuilder(String.format(Locale.ROOT, "test accuracy after epochs %d-%d:", i + 1,
                    Math.min(f.test().size(), i + PER_LINE)));
            for (int j = i; j < Math.min(f.test().size(), i + PER_LINE); j++) {
                line.append(String.format(Locale.ROOT, " %.3f", f.test().get(j).accuracy()));
            }
            out.println(line);
        }
        out.printf(Locale.ROOT, "after the last epoch: train accuracy %.3f, test accuracy %.3f, test loss %.3f%n",
                f.train().accuracy(), f.lastTest().accuracy(), f.lastTest().loss());
    }

    /** The size sweep's table: test accuracy per size and variant, and each variant's difference from the first. */
    public static void sizes(SizeSweep sweep, Setup s, PrintStream out) {
        int seeds = s.seeds();
        out.printf(Locale.ROOT, "fashion --sizes: test accuracy by training-set size; Adam lr %s, batch %d, %d "
                + "epochs or at least %d steps, seeds 1..%d%n", s.lr(), s.batchSize(), s.epochs(), sweep.minSteps(),
                seeds);
        out.println();
        var header = new StringBuilder(String.format(Locale.ROOT, "%-8s %-7s", "images", "epochs"));
        for (FashionVariant v : sweep.variants()) {
            header.append(String.format(Locale.ROOT, " %-16s", v.label()));
        }
        if (sweep.variants().size() > 1) {
            header.append(" difference (verdict)");
        }
        out.println(header.toString().stripTrailing());
        FashionVariant first = sweep.variants().get(0);
        for (int rows : sweep.sizes()) {
            var line = new StringBuilder(String.format(Locale.ROOT, "%-8d %-7d", rows, sweep.epochs(rows,
                    s.epochs())));
            for (FashionVariant v : sweep.variants()) {
                line.append(String.format(Locale.ROOT, " %-16s", sweep.testAccuracy(v, rows)));
            }
            if (sweep.variants().size() > 1) {
                var last = sweep.variants().get(sweep.variants().size() - 1);
                double diff = sweep.testAccuracy(last, rows).mean() - sweep.testAccuracy(first, rows).mean();
                double spread = Math.max(sweep.testAccuracy(last, rows).std(), sweep.testAccuracy(first, rows).std());
                line.append(String.format(Locale.ROOT, " %+.3f (%s)", diff, verdict(diff, spread)));
            }
            out.println(line.toString().stripTrailing());
        }
        out.printf(Locale.ROOT, "Final test accuracy on %s test images, mean ± sample standard deviation over %d "
                + "seed%s%s.%n", "the", seeds, seeds == 1 ? "" : "s", sweep.variants().size() > 1
                ? "; difference: " + sweep.variants().get(sweep.variants().size() - 1).label() + " minus "
                        + first.label() : "");
    }
}
