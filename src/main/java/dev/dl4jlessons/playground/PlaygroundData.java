package dev.dl4jlessons.playground;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.InputException;

/**
 * The playground's data: the 2-D problems of TensorFlow Playground (drawn here from our own description of them, in
 * inputs scaled to [-1, 1]), a tilted plane, a 1-D curve, and the Fashion-MNIST hook. Every set comes from the
 * settings' seed, so the same URL shows the same points.
 *
 * @param features    one row per point: the inputs
 * @param targets     one row per point: 0/1 for the binary problems, the value for regressions
 * @param trainRows   the first {@code trainRows} rows are the training set, the rest the test set
 */
public record PlaygroundData(double[][] features, double[][] targets, int trainRows) {

    /** Points of the settings' problem, shuffled, split by {@code trainPercent}. */
    public static PlaygroundData of(PlaygroundSettings s) {
        if (s.problem() == Problem.FASHION) {
            return fashion(s);
        }
        var random = new Random(s.seed());
        double noise = s.noise() / 100.0;
        var rows = new ArrayList<double[]>(s.points());
        int n = s.points();
        int half = (n + 1) / 2;
        for (int i = 0; i < n; i++) {
            rows.add(switch (s.problem()) {
                case CIRCLE -> circle(random, i < n / 2, noise);
                case XOR -> xor(random, noise);
                case GAUSSIAN -> gaussian(random, i < n / 2, noise);
                case SPIRAL -> i < half ? spiral(random, i, half, true, noise)
                        : spiral(random, i - half, n - half, false, noise);
                case PLANE -> plane(random, noise);
                case CURVE -> curve(random, noise);
                case FASHION -> throw new IllegalStateException();
            });
        }
        Collections.shuffle(rows, random);
        int inputs = s.problem().inputs();
        double[][] x = new double[n][inputs];
        double[][] y = new double[n][1];
        for (int i = 0; i < n; i++) {
            System.arraycopy(rows.get(i), 0, x[i], 0, inputs);
            y[i][0] = rows.get(i)[inputs];
        }
        return new PlaygroundData(x, y, s.trainRows());
    }

    /**
     * The hook for Fashion-MNIST: a subset of {@code points} images when the loader and its files are present. The
     * course's loader ({@code dev.dl4jlessons.data.FashionMnist}) is written on another branch; until it is merged,
     * this says so in one line.
     */
    static PlaygroundData fashion(PlaygroundSettings s) {
        requireAvailable(Problem.FASHION);
        throw new IllegalStateException("unreachable");
    }

    /**
     * Refuses a problem whose data is not in this build or on this machine: Fashion-MNIST, until its loader is merged.
     *
     * @throws InputException naming the problem and what to choose instead
     */
    public static void requireAvailable(Problem problem) {
        if (problem != Problem.FASHION) {
            return;
        }
        throw new InputException("problem fashion: the Fashion-MNIST loader is not part of this build yet; "
                + "choose circle, xor, gaussian, spiral, plane or curve");
    }

    /** The training set as one DataSet. */
    public DataSet train() {
        return dataSet(0, trainRows);
    }

    /** The test set as one DataSet. */
    public DataSet test() {
        return dataSet(trainRows, features.length);
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a DataSet in float. */
    public DataSet dataSet(int from, int to) {
        return new DataSet(Nd4j.create(java.util.Arrays.copyOfRange(features, from, to)).castTo(
                org.nd4j.linalg.api.buffer.DataType.FLOAT),
                Nd4j.create(java.util.Arrays.copyOfRange(targets, from, to)).castTo(
                        org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    /** The rows with the given indices, for one minibatch. */
    public DataSet rows(List<Integer> indices) {
        double[][] x = new double[indices.size()][];
        double[][] y = new double[indices.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features[indices.get(i)];
            y[i] = targets[indices.get(i)];
        }
        return new DataSet(Nd4j.create(x).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                Nd4j.create(y).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
    }

    private static double uniform(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }

    /** Inside a disc of radius 0.5 (class 1) or in the ring 0.7..1 (class 0), jittered by the noise. */
    private static double[] circle(Random r, boolean inside, double noise) {
        double radius = inside ? uniform(r, 0, 0.5) : uniform(r, 0.7, 1.0);
        double angle = uniform(r, 0, 2 * Math.PI);
        double x = radius * Math.sin(angle) + uniform(r, -1, 1) * noise;
        double y = radius * Math.cos(angle) + uniform(r, -1, 1) * noise;
        return new double[] {x, y, inside ? 1 : 0};
    }

    /** Uniform in the square, kept off the axes; class 1 where x·y > 0 before the noise moves the point. */
    private static double[] xor(Random r, double noise) {
        double x = uniform(r, -1, 1);
        double y = uniform(r, -1, 1);
        x += x > 0 ? 0.06 : -0.06;
        y += y > 0 ? 0.06 : -0.06;
        double label = x * y > 0 ? 1 : 0;
        return new double[] {clip(x + uniform(r, -1, 1) * noise), clip(y + uniform(r, -1, 1) * noise), label};
    }

    /** Two clouds centred at ±(0.4, 0.4) whose spread grows with the noise. */
    private static double[] gaussian(Random r, boolean positive, double noise) {
        double spread = 0.1 + noise * 0.8;
        double c = positive ? 0.4 : -0.4;
        return new double[] {c + r.nextGaussian() * spread, c + r.nextGaussian() * spread, positive ? 1 : 0};
    }

    /** Point {@code i} of {@code n} along one of two spiral arms, half a turn apart. */
    private static double[] spiral(Random r, int i, int n, boolean first, double noise) {
        double radius = (double) i / n;
        double angle = 1.75 * radius * 2 * Math.PI + (first ? 0 : Math.PI);
        double x = radius * Math.sin(angle) + uniform(r, -1, 1) * noise;
        double y = radius * Math.cos(angle) + uniform(r, -1, 1) * noise;
        return new double[] {x, y, first ? 1 : 0};
    }

    private static double[] plane(Random r, double noise) {
        double x = uniform(r, -1, 1);
        double y = uniform(r, -1, 1);
        return new double[] {x, y, (x + y) / 2 + uniform(r, -1, 1) * noise};
    }

    private static double[] curve(Random r, double noise) {
        double x = uniform(r, -1, 1);
        return new double[] {x, Math.sin(3 * x) + r.nextGaussian() * noise * 2};
    }

    private static double clip(double v) {
        return Math.max(-1.2, Math.min(1.2, v));
    }
}
