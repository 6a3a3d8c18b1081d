package dev.dl4jlessons.bench;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;

/**
 * Measurements of the lessons' own training step and of the whole notebook run, printed one line each in the
 * format {@code reference/pytorch/bench.py} prints too, so the two sides can be compared line by line.
 */
public final class Bench {
    private Bench() {
    }

    /** Median and 90th percentile of a sample, in microseconds. */
    public record StepTimes(double medianUs, double p90Us) {
        static StepTimes of(long[] nanos) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            return new StepTimes(sorted[sorted.length / 2] / 1e3, sorted[(int) (sorted.length * 0.9)] / 1e3);
        }
    }

    /**
     * Times {@code steps} training steps of a lesson's model after {@code warmup} untimed ones, on the notebook's
     * data in shuffled batches.
     */
    public static StepTimes step(String model, int batch, int warmup, int steps) {
        var lesson = (ModelLesson) LessonCatalog.find(model).orElseThrow();
        MultiLayerNetwork net = Networks.create(lesson.model(Settings.NOTEBOOK));
        DataSet data = RandomData.notebook(42);
        var batches = new ShuffledBatches(data, batch, 42);
        long[] times = new long[steps];
        for (int i = -warmup; i < steps; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            DataSet b = batches.next();
            long t0 = System.nanoTime();
            net.fit(b);
            long t1 = System.nanoTime();
            if (i >= 0) {
                times[i] = t1 - t0;
            }
        }
        return StepTimes.of(times);
    }

    /** Wall time of the notebook run (three lessons at the notebook's settings) in this process, in seconds. */
    public static double notebookWall() {
        long t0 = System.nanoTime();
        NotebookRun.run(LessonCatalog.notebook(), Settings.NOTEBOOK, new PrintStream(OutputStream.nullOutputStream()));
        return (System.nanoTime() - t0) / 1e9;
    }

    /** The line for one step measurement. */
    public static String stepLine(String model, int batch, StepTimes t) {
        return String.format(Locale.ROOT, "bench model=%s batch=%d step_us=%.1f p90_us=%.1f", model, batch,
                t.medianUs(), t.p90Us());
    }

    /** This process's resident set size in MB, from /proc (Linux), or -1 where unavailable. */
    public static double rssMb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /**
     * Trains the combined model for {@code steps} steps, printing the RSS every {@code every} steps; returns the RSS
     * samples in MB.
     */
    public static List<Double> soak(int steps, int every, PrintStream out) {
        var lesson = (ModelLesson) LessonCatalog.find("combined").orElseThrow();
        MultiLayerNetwork net = Networks.create(lesson.model(Settings.NOTEBOOK));
        var batches = new ShuffledBatches(RandomData.notebook(42), 10, 42);
        List<Double> samples = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 1; i <= steps; i++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            net.fit(batches.next());
            if (i % every == 0) {
                double rss = rssMb();
                samples.add(rss);
                out.printf(Locale.ROOT, "soak steps=%d rss_mb=%.0f elapsed_s=%.1f%n", i, rss,
                        (System.nanoTime() - t0) / 1e9);
            }
        }
        return samples;
    }
}
