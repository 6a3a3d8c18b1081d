package dev.dl4jlessons.lessons.capacity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Result;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Row;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep;

/** What the capacity lesson prints and draws from a sweep's {@link Result}: its two tables and its two charts. */
public final class CapacityReport {
    private CapacityReport() {
    }

    /** The table: one block per dropout setting, one line per width, with the verdict. */
    static void table(Result result, Sweep s, PrintStream out) {
        for (double drop : s.dropout() > 0 ? new double[] {0, s.dropout()} : new double[] {0}) {
            out.println();
            out.println(drop == 0 ? "Without dropout:" : String.format(Locale.ROOT, "With dropout %.1f after each "
                    + "hidden layer:", drop));
            out.printf(java.util.Locale.ROOT, "%-7s %-15s %-15s %-17s %s%n", "width", "final train", "final val", "best-epoch val",
                    "verdict");
            for (Row r : result.at(drop)) {
                out.printf(Locale.ROOT, "%-7d %-15s %-15s %-17s %s%n", r.width(), r.train(), r.val(),
                        r.bestEpochVal(), r.fit());
            }
        }
        out.printf(Locale.ROOT, "%ntrivial predictor (training mean) on validation: %.3f%n", result.trivial());
        out.println((s.data().equals("digits") ? "Cross-entropy over the 10 classes" : "MSE on the standardized target")
                + ", in inference mode, mean ± std over seeds. underfit: final train"
                + " above the best final val; overfit: final val more than " + CapacityLesson.MARGIN + " above both the best final"
                + " val and its own best epoch.");
    }

    /** Training and validation loss against width, one panel per dropout setting, on a log2 width axis. */
    public static Charts.Figure chart(Result result, Sweep s) {
        List<Charts.Panel> panels = new ArrayList<>();
        for (double drop : s.dropout() > 0 ? new double[] {0, s.dropout()} : new double[] {0}) {
            var rows = result.at(drop);
            panels.add(new Charts.Panel(drop == 0 ? "no dropout" : String.format(Locale.ROOT, "dropout %.1f", drop),
                    rows.stream().mapToDouble(r -> Math.log(r.width()) / Math.log(2)).toArray(),
                    rows.stream().mapToDouble(r -> r.train().mean()).toArray(),
                    rows.stream().mapToDouble(r -> r.val().mean()).toArray(),
                    rows.stream().mapToDouble(r -> r.train().std()).toArray(),
                    rows.stream().mapToDouble(r -> r.val().std()).toArray()));
        }
        var layout = new Charts.Layout(String.format(Locale.ROOT, "Final loss against hidden width on %s (%d "
                + "training rows, %d epochs, mean ± std of %d seeds)", s.data(), s.trainRows(), s.epochs(), s.seeds()),
                "hidden units per layer", lossName(s), result.trivial(), "trivial predictor",
                x -> String.valueOf(Math.round(Math.pow(2, x))));
        return Charts.smallMultiples(layout, panels);
    }

    private static String lossName(Sweep s) {
        return s.data().equals("digits") ? "cross-entropy" : "MSE (standardized)";
    }

    /**
     * The widths whose learning curves are drawn: the smallest, the middle and the largest of the sweep (1, 16 and
     * 256 by default), without dropout.
     */
    public static List<Row> curveRows(Result result) {
        List<Row> rows = result.at(0);
        if (rows.size() <= 3) {
            return rows;
        }
        return List.of(rows.get(0), rows.get(rows.size() / 2), rows.get(rows.size() - 1));
    }

    /** The epochs the learning-curve table prints: 1, 3, 10, 30, 100, 300, ... up to the last. */
    static List<Integer> tableEpochs(int epochs) {
        List<Integer> marks = new ArrayList<>();
        for (int e = 1; e < epochs; e *= 10) {
            marks.add(e);
            if (3 * e < epochs) {
                marks.add(3 * e);
            }
        }
        marks.add(epochs);
        return marks;
    }

    /** The learning curves as numbers: training and validation loss of the curve widths at a few epochs. */
    static void curvesTable(Result result, Sweep s, PrintStream out) {
        List<Integer> marks = tableEpochs(s.epochs());
        out.println();
        out.println("Learning curves without dropout (mean over seeds; train / val after the epoch):");
        var header = new StringBuilder(String.format(Locale.ROOT, "%-7s", "width"));
        for (int e : marks) {
            header.append(String.format(Locale.ROOT, " %-13s", "epoch " + e));
        }
        out.println(header.toString().stripTrailing());
        for (Row r : curveRows(result)) {
            var line = new StringBuilder(String.format(Locale.ROOT, "%-7d", r.width()));
            for (int e : marks) {
                line.append(String.format(Locale.ROOT, " %-13s", String.format(Locale.ROOT, "%.3f/%.3f",
                        r.trainCurve().get(e - 1), r.valCurve().get(e - 1))));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    /**
     * Training and validation loss after every epoch for a small, a middle and a large width, one panel each, on a
     * log2 epoch axis so the first epochs, where the large network's validation loss is lowest, get room.
     */
    public static Charts.Figure curvesChart(Result result, Sweep s) {
        List<Charts.Panel> panels = new ArrayList<>();
        for (Row r : curveRows(result)) {
            panels.add(new Charts.Panel(String.format(Locale.ROOT, "width %d (%s)", r.width(), r.fit()),
                    Charts.log2Epochs(r.valCurve().size()),
                    r.trainCurve().stream().mapToDouble(Double::doubleValue).toArray(),
                    r.valCurve().stream().mapToDouble(Double::doubleValue).toArray()));
        }
        var layout = new Charts.Layout(String.format(Locale.ROOT, "Learning curves on %s by width, no dropout (%d "
                + "training rows, mean of %d seeds)", s.data(), s.trainRows(), s.seeds()), "epoch (log scale)",
                lossName(s), result.trivial(), "trivial predictor", Charts.LOG2_LABELS);
        return Charts.smallMultiples(layout, panels);
    }
}
