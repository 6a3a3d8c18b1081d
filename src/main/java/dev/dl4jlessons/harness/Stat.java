package dev.dl4jlessons.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mean and sample standard deviation of a measurement over seeds, printed as {@code 0.123 ± 0.045}.
 *
 * @param mean the mean
 * @param std  the sample standard deviation (n − 1), 0 for one value
 */
public record Stat(double mean, double std) {
    /** The mean and sample standard deviation of {@code values}. */
    public static Stat of(List<Double> values) {
        double mean = values.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double ss = values.stream().mapToDouble(v -> (v - mean) * (v - mean)).sum();
        return new Stat(mean, values.size() > 1 ? Math.sqrt(ss / (values.size() - 1)) : 0);
    }

    /** The mean of equally long curves (one per seed), epoch by epoch. */
    public static List<Double> meanCurve(List<List<Double>> curves) {
        List<Double> mean = new ArrayList<>();
        for (int e = 0; e < curves.get(0).size(); e++) {
            int epoch = e;
            mean.add(curves.stream().mapToDouble(c -> c.get(epoch)).average().orElse(Double.NaN));
        }
        return List.copyOf(mean);
    }

    /** Mean of {@code v}. */
    public static double mean(double[] v) {
        return java.util.Arrays.stream(v).average().orElse(Double.NaN);
    }

    /** Standard deviation of {@code v}, dividing by n (a batch's own statistic, as batch norm computes it). */
    public static double populationStd(double[] v) {
        double m = mean(v);
        return Math.sqrt(java.util.Arrays.stream(v).map(x -> (x - m) * (x - m)).average().orElse(Double.NaN));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.3f ± %.3f", mean, std);
    }
}
