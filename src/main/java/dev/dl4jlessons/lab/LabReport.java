package dev.dl4jlessons.lab;

import java.awt.Color;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.lab.LabRunner.EpochMetrics;
import dev.dl4jlessons.lab.LabRunner.Run;

/** The lab's outputs: the terminal table, results.csv and the PNG charts. */
public final class LabReport {
    /** Chart size in pixels. */
    public static final int WIDTH = Charts.WIDTH;
    /** Chart size in pixels. */
    public static final int HEIGHT = Charts.HEIGHT;

    private static final Color[] PALETTE = Charts.PALETTE;

    private LabReport() {
    }

    /** Runs grouped by variant label, in the order they were run. */
    static Map<String, List<Run>> byVariant(List<Run> runs) {
        Map<String, List<Run>> groups = new LinkedHashMap<>();
        for (Run r : runs) {
            groups.computeIfAbsent(r.variant(), k -> new ArrayList<>()).add(r);
        }
        return groups;
    }

    /** The aligned comparison table, one row per variant, plus the trivial predictor. */
    public static void table(List<Run> runs, Task task, double trivial, PrintStream out) {
        boolean acc = task.classification();
        String header = String.format(Locale.ROOT, "%-15s %-15s %-15s %-19s %-15s %s%s", "variant",
                "final train", "final val", "best val @ epoch", "gap (val-train)", acc ? "val accuracy    " : "",
                "ms/epoch");
        out.println(header);
        for (var e : byVariant(runs).entrySet()) {
            List<Run> rs = e.getValue();
            Stat train = Stat.of(rs.stream().map(r -> r.last().trainLoss()).toList());
            Stat val = Stat.of(rs.stream().map(r -> r.last().valLoss()).toList());
            Stat best = Stat.of(rs.stream().map(r -> r.best().valLoss()).toList());
            double bestEpoch = rs.stream().mapToInt(r -> r.best().epoch()).average().orElse(0);
            Stat gap = Stat.of(rs.stream().map(r -> r.last().valLoss() - r.last().trainLoss()).toList());
            String accuracy = acc ? String.format(Locale.ROOT, "%-16s ",
                    Stat.of(rs.stream().map(r -> r.last().valAccuracy()).toList())) : "";
            double ms = rs.stream().mapToDouble(Run::msPerEpoch).average().orElse(0);
            out.printf(Locale.ROOT, "%-15s %-15s %-15s %-19s %-15s %s%.1f%n", e.getKey(), train, val,
                    String.format(Locale.ROOT, "%.3f @ %.0f", best.mean(), bestEpoch), gap, accuracy, ms);
        }
        out.printf(Locale.ROOT, "%-15s %-15s %.3f%n", "trivial", "", trivial);
        out.println("Losses are " + (acc ? "cross-entropy" : "MSE on the standardized target (1.0 ≈ predicting the"
                + " mean)") + ", in inference mode, mean ± std over seeds; 'final' is the last epoch (early stopping:"
                + " the restored best model); 'trivial' predicts the training " + (acc ? "class frequencies." : "mean."));
    }

    /** results.csv: one row per (dataset, variant, seed, epoch). */
    public static String csv(List<Run> runs, Task task) {
        var sb = new StringBuilder("dataset,variant,seed,epoch,train_loss,val_loss");
        sb.append(task.classification() ? ",val_accuracy\n" : "\n");
        for (Run r : runs) {
            for (EpochMetrics m : r.epochs()) {
                sb.append(String.format(Locale.ROOT, "%s,%s,%d,%d,%.6f,%.6f", task.name().replace(',', '_'),
                        r.variant(), r.seed(), m.epoch(), m.trainLoss(), m.valLoss()));
                if (task.classification()) {
                    sb.append(String.format(Locale.ROOT, ",%.6f", m.valAccuracy()));
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /**
     * Loss curves, mean over seeds, as small multiples: one panel per variant, train solid, validation dashed, the
     * trivial predictor dotted, every panel on the same axes. The epoch axis is logarithmic, so the first epochs,
     * where the baseline's validation loss is lowest, are as wide as the last hundred. Early stopping's panel marks
     * each seed's restored model (its epoch and validation loss) with a diamond.
     */
    public static Charts.Figure curves(List<Run> runs, Task task, double trivial, String title) {
        List<Charts.Panel> panels = new ArrayList<>();
        for (var e : byVariant(runs).entrySet()) {
            List<Run> rs = e.getValue();
            // early stopping ends each seed at its own epoch: the mean at an epoch is over the seeds still training
            int epochs = rs.stream().mapToInt(r -> r.epochs().size()).max().orElse(0);
            if (epochs == 0) {
                continue;
            }
            double[] x = Charts.log2Epochs(epochs);
            double[] train = new double[epochs];
            double[] val = new double[epochs];
            for (int i = 0; i < epochs; i++) {
                final int k = i;
                var running = rs.stream().filter(r -> r.epochs().size() > k).toList();
                train[i] = running.stream().mapToDouble(r -> r.epochs().get(k).trainLoss()).average().orElse(0);
                val[i] = running.stream().mapToDouble(r -> r.epochs().get(k).valLoss()).average().orElse(0);
            }
            if (e.getKey().equals(Variant.EARLY_STOPPING.label())) {
                int[] restored = rs.stream().mapToInt(LabReport::restoredEpoch).toArray();
                int first = java.util.Arrays.stream(restored).min().orElse(0);
                int last = java.util.Arrays.stream(restored).max().orElse(0);
                panels.add(new Charts.Panel(String.format(Locale.ROOT, "%s, kept epoch %s", e.getKey(),
                        first == last ? String.valueOf(first) : first + "–" + last), x, train, val, null, null,
                        java.util.Arrays.stream(restored).mapToDouble(r -> Math.log(r) / Math.log(2)).toArray(),
                        rs.stream().mapToDouble(r -> r.last().valLoss()).toArray()));
            } else {
                panels.add(new Charts.Panel(e.getKey(), x, train, val));
            }
        }
        var layout = new Charts.Layout(title, "epoch (log scale)", lossName(task) + ", inference mode", trivial,
                "trivial predictor", Charts.LOG2_LABELS, "restored by early stopping (one per seed)", true);
        return Charts.smallMultiples(layout, panels);
    }

    /**
     * The epoch of the model early stopping restored: the epoch with the lowest validation loss, which is what DL4J's
     * {@code DataSetLossCalculator} scores and its {@code InMemoryModelSaver} keeps.
     */
    static int restoredEpoch(Run run) {
        return run.best().epoch();
    }

    private static String lossName(Task task) {
        return task.classification() ? "cross-entropy" : "MSE (standardized)";
    }

    /** Final validation loss against drop probability, mean ± std over seeds. */
    public static XYChart sweep(List<Run> runs, Task task, String title) {
        XYChart chart = Charts.lineChart(title, "drop probability (PyTorch p)", "loss after the last epoch ("
                + (task.classification() ? "cross-entropy" : "standardized MSE") + ", inference mode)");
        var groups = byVariant(runs);
        double[] x = new double[groups.size()];
        double[] y = new double[groups.size()];
        double[] err = new double[groups.size()];
        double[] train = new double[groups.size()];
        int i = 0;
        for (List<Run> rs : groups.values()) {
            x[i] = rs.get(0).rate();
            Stat s = Stat.of(rs.stream().map(r -> r.last().valLoss()).toList());
            y[i] = s.mean();
            err[i] = s.std();
            train[i] = rs.stream().mapToDouble(r -> r.last().trainLoss()).average().orElse(0);
            i++;
        }
        XYSeries v = chart.addSeries("validation (mean ± std)", x, y, err);
        v.setLineColor(PALETTE[1]);
        v.setMarkerColor(PALETTE[1]);
        XYSeries t = chart.addSeries("train (mean)", x, train);
        t.setLineColor(PALETTE[0]);
        t.setMarkerColor(PALETTE[0]);
        return chart;
    }

    /** Writes a chart as PNG, atomically. */
    public static void png(XYChart chart, Path file) {
        Charts.png(chart, file);
    }

    /** Writes a small-multiples figure as PNG, atomically. */
    public static void png(Charts.Figure figure, Path file) {
        Charts.png(figure, file);
    }
}
