package dev.dl4jlessons.harness;

import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

import dev.dl4jlessons.runtime.AtomicFiles;

/** PNG charts of training histories, drawn with XChart. */
public final class Charts {
    /** Default chart width in pixels. */
    public static final int WIDTH = 960;
    /** Default chart height in pixels. */
    public static final int HEIGHT = 600;
    /** One colour per series, in order. */
    public static final Color[] PALETTE = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
        new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf),
        new Color(0x7f7f7f)};

    private Charts() {
    }

    /** An empty line chart with the course's style. */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        return chart;
    }

    /** Epoch mean loss of each run (solid) and the last batch's loss that the notebook prints (dotted). */
    public static XYChart epochLosses(List<History> runs) {
        XYChart chart = lineChart("Training loss per epoch (solid: epoch mean; dotted: last batch, as printed)",
                "epoch", "MSE");
        int colour = 0;
        for (History h : runs) {
            double[] x = h.epochs().stream().mapToDouble(History.Epoch::number).toArray();
            Color c = PALETTE[colour++ % PALETTE.length];
            XYSeries mean = chart.addSeries(h.model() + " mean", x,
                    h.epochs().stream().mapToDouble(History.Epoch::meanLoss).toArray());
            mean.setLineColor(c);
            mean.setMarkerColor(c);
            XYSeries last = chart.addSeries(h.model() + " last batch", x,
                    h.epochs().stream().mapToDouble(History.Epoch::lastLoss).toArray());
            last.setLineColor(c);
            last.setMarker(SeriesMarkers.NONE);
            last.setLineStyle(new java.awt.BasicStroke(1.5f, java.awt.BasicStroke.CAP_BUTT,
                    java.awt.BasicStroke.JOIN_MITER, 10f, new float[] {2f, 4f}, 0f));
        }
        return chart;
    }

    /** The chart as PNG bytes. */
    public static byte[] pngBytes(XYChart chart) {
        try {
            var buffer = new ByteArrayOutputStream();
            BitmapEncoder.saveBitmap(chart, buffer, BitmapEncoder.BitmapFormat.PNG);
            return buffer.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a chart as PNG, atomically. */
    public static void png(XYChart chart, Path file) {
        byte[] bytes = pngBytes(chart);
        AtomicFiles.write(file, out -> out.write(bytes));
    }
}
