package dev.dl4jlessons.harness;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The notebook's per-epoch lines and the comparison table, in one fixed format. */
public final class Report {
    private Report() {
    }

    /**
     * The notebook's line, {@code Epoch N, Loss: x} with the last batch's loss printed as Python prints a float,
     * followed by the epoch's mean loss.
     */
    public static String epochLine(History.Epoch e) {
        return String.format(Locale.ROOT, "Epoch %d, Loss: %s   (epoch mean %s)", e.number(),
                pythonFloat(e.lastLoss()), fixed(e.meanLoss()));
    }

    /** Four decimals, or four significant digits in exponent form for a loss that has exploded. */
    public static String fixed(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 1e4 ? "%.4f" : "%.4e", value);
    }

    /** A float32 loss printed the way Python prints {@code loss.item()}: the shortest repr of the double. */
    static String pythonFloat(double value) {
        return Double.toString(value).replace("E", "e");
    }

    /** Epochs as rows, models as columns: mean loss, with the last batch's loss in brackets. */
    public static void comparison(List<History> runs, PrintStream out) {
        if (runs.isEmpty()) {
            return;
        }
        int width = Math.max(19, runs.stream().mapToInt(h -> h.model().length()).max().orElse(0) + 2);
        out.println("Training loss per epoch: epoch mean (last batch, as the notebook prints)");
        var header = new StringBuilder(String.format(Locale.ROOT, "%-6s", "Epoch"));
        for (History h : runs) {
            header.append(String.format(Locale.ROOT, "%-" + width + "s", h.model()));
        }
        out.println(header.toString().stripTrailing());
        int epochs = runs.stream().mapToInt(h -> h.epochs().size()).max().orElse(0);
        for (int i = 0; i < epochs; i++) {
            var row = new StringBuilder(String.format(Locale.ROOT, "%-6d", i + 1));
            for (History h : runs) {
                String cell = i < h.epochs().size()
                        ? fixed(h.epochs().get(i).meanLoss()) + " (" + fixed(h.epochs().get(i).lastLoss()) + ")"
                        : "-";
                row.append(String.format(Locale.ROOT, "%-" + width + "s", cell));
            }
            out.println(row.toString().stripTrailing());
        }
    }
}
