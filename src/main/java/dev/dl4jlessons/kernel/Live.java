package dev.dl4jlessons.kernel;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.History;
import dev.dl4jlessons.harness.ModelSpec;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.EpochSink;
import dev.dl4jlessons.harness.Settings;

/**
 * Training in a notebook cell with live output: one line per model that updates in place (epoch of total, loss,
 * elapsed time) and one loss chart that redraws every few epochs, instead of a line per epoch. A cell of 200 epochs
 * ends with its models' final lines and one chart. Outside the course's kernel it trains as {@link NotebookRun#run}
 * does, printing every epoch.
 */
public final class Live {
    /** How many times the chart is redrawn during a run, at most (and once at the end). */
    static final int REDRAWS = 10;

    private Live() {
    }

    /** Trains the models as {@link NotebookRun#run} does, with live progress lines and a live loss chart. */
    public static List<History> train(List<? extends ModelSpec> models, Settings settings) {
        if (!Display.inKernel()) {
            return NotebookRun.run(models, settings, System.out);
        }
        var chart = new LossChart(settings.epochs());
        EpochSink.showWith((model, epochs) -> new ProgressLine(model, epochs, chart));
        try {
            return NotebookRun.run(models, settings, System.out);
        } finally {
            EpochSink.showWith(null);
            chart.draw();
        }
    }

    /** One model's line: shown at its start, replaced after each epoch. */
    static final class ProgressLine implements EpochSink.Line {
        private final String model;
        private final int epochs;
        private final LossChart chart;
        private final long started = System.nanoTime();
        private final String id;

        ProgressLine(String model, int epochs, LossChart chart) {
            this.model = model;
            this.epochs = epochs;
            this.chart = chart;
            this.id = Display.text(text(0, Double.NaN));
        }

        String text(int epoch, double loss) {
            return String.format(Locale.ROOT, "%s: epoch %d of %d, loss %s, %.1f s", model, epoch, epochs,
                    Double.isNaN(loss) ? "-" : String.format(Locale.ROOT, "%.4f", loss),
                    (System.nanoTime() - started) / 1e9);
        }

        @Override
        public void epoch(History.Epoch epoch) {
            Display.updateText(id, text(epoch.number(), epoch.meanLoss()));
            chart.add(model, epoch);
        }
    }

    /** The mean loss of every model by epoch, one chart redrawn in place. */
    static final class LossChart {
        private final int epochs;
        private final int every;
        private final Map<String, List<double[]>> series = new LinkedHashMap<>();
        private String id;

        LossChart(int epochs) {
            this.epochs = epochs;
            this.every = Math.max(1, epochs / REDRAWS);
        }

        synchronized void add(String model, History.Epoch epoch) {
            series.computeIfAbsent(model, m -> new ArrayList<>()).add(new double[] {epoch.number(), epoch.meanLoss()});
            if (epoch.number() % every == 0 && epoch.number() < epochs) {
                draw();
            }
        }

        synchronized void draw() {
            if (series.isEmpty()) {
                return;
            }
            XYChart chart = new XYChartBuilder().width(640).height(360).title("Training loss (mean per epoch)")
                    .xAxisTitle("epoch").yAxisTitle("loss").build();
            series.forEach((model, points) -> chart.addSeries(model,
                    points.stream().mapToDouble(p -> p[0]).toArray(), points.stream().mapToDouble(p -> p[1]).toArray()));
            Map<String, String> data = new LinkedHashMap<>();
            data.put("image/png", Base64.getEncoder().encodeToString(Charts.pngBytes(chart)));
            data.put("text/plain", CourseKernel.CHART_TEXT);
            if (id == null) {
                id = Display.show(data);
            } else {
                Display.update(id, data);
            }
        }
    }
}
