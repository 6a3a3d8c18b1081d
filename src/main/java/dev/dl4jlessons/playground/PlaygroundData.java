package dev.dl4jlessons.playground;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.data.FashionMnist;
import dev.dl4jlessons.runtime.InputException;

/**
 * The playground's data: the 2-D problems of TensorFlow Playground (drawn here from our own description of them, in
 * inputs scaled to [-1, 1]), a tilted plane, a 1-D curve, and a class-balanced subset of Fashion-MNIST. Every set comes
 * from the settings' seed, so the same URL shows the same points (or images). Values are float, as DL4J trains them.
 *
 * @param features    one row per point: the inputs (784 pixels in [0, 1] for Fashion-MNIST)
 * @param targets     one row per point: 0/1 for the binary problems, the value for regressions, one-hot of 10 for
 *                    Fashion-MNIST
 * @param trainRows   the first {@code trainRows} rows are the training set, the rest the test set
 */
public record PlaygroundData(float[][] features, float[][] targets, int trainRows) {

    /** Points of the settings' problem, shuffled, split by {@code trainPercent}; not for Fashion-MNIST. */
    public static PlaygroundData of(PlaygroundSettings s) {
        if (s.problem() == Problem.FASHION) {
            throw new IllegalArgumentException("Fashion-MNIST comes from its files: use of(settings, fashion)");
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
        float[][] x = new float[n][inputs];
        float[][] y = new float[n][1];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < inputs; k++) {
                x[i][k] = (float) rows.get(i)[k];
            }
            y[i][0] = (float) rows.get(i)[inputs];
        }
        return new PlaygroundData(x, y, s.trainRows());
    }

    /**
     * The settings' data; Fashion-MNIST from {@code fashion}'s files: {@code trainRows()} training and
     * {@code testRows()} test images, each drawn class-balanced with the settings' seed
     * ({@link FashionMnist#trainSubsetIndices}), pixels in [0, 1], labels one-hot. The noise setting does not apply.
     *
     * @throws InputException when the files are absent or hold fewer images than asked for
     */
    public static PlaygroundData of(PlaygroundSettings s, PlaygroundFashion fashion) {
        if (s.problem() != Problem.FASHION) {
            return of(s);
        }
        fashion.require(s);
        FashionMnist images = fashion.data();
        int[] train = images.trainSubsetIndices(s.trainRows(), s.seed());
        int[] test = images.testSubsetIndices(s.testRows(), s.seed());
        float[][] x = new float[train.length + test.length][];
        float[][] y = new float[x.length][FashionMnist.CLASSES];
        for (int i = 0; i < x.length; i++) {
            boolean isTrain = i < train.length;
            int item = isTrain ? train[i] : test[i - train.length];
            byte[] pixels = isTrain ? images.trainImage(item) : images.testImage(item);
            x[i] = new float[FashionMnist.PIXELS];
            for (int p = 0; p < pixels.length; p++) {
                x[i][p] = (pixels[p] & 0xff) / 255f;
            }
            y[i][isTrain ? images.trainLabel(item) : images.testLabel(item)] = 1f;
        }
        return new PlaygroundData(x, y, train.length);
    }

    /** The class (0..9) of row {@code i} of a Fashion-MNIST set: the index of its one-hot label. */
    public int label(int i) {
        float[] t = targets[i];
        for (int c = 0; c < t.length; c++) {
            if (t[c] == 1f) {
                return c;
            }
        }
        return -1;
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
        return new DataSet(Nd4j.create(java.util.Arrays.copyOfRange(features, from, to)),
                Nd4j.create(java.util.Arrays.copyOfRange(targets, from, to)));
    }

    /** The rows with the given indices, for one minibatch. */
    public DataSet rows(List<Integer> indices) {
        float[][] x = new float[indices.size()][];
        float[][] y = new float[indices.size()][];
        for (int i = 0; i < x.length; i++) {
            x[i] = features[indices.get(i)];
            y[i] = targets[indices.get(i)];
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
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
