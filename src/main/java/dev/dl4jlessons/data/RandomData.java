package dev.dl4jlessons.data;

import java.util.Random;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The notebook's data, {@code X = torch.randn(100, 10)} and {@code y = torch.randn(100, 1)}, drawn reproducibly.
 *
 * <p>Values come from {@link Random#nextGaussian()} with a fixed seed, so the same seed gives the same numbers on
 * every JVM and platform, and are rounded to float32, the precision the models train in. X is drawn first, row by
 * row, then y, as in the notebook. The targets are independent of the features: <b>there is nothing to learn</b>.
 * This is the data for testing the machinery, not for judging a model.
 */
public final class RandomData {
    /** Rows in the notebook's data. */
    public static final int ROWS = 100;
    /** Features in the notebook's data. */
    public static final int FEATURES = 10;

    private RandomData() {
    }

    /** The notebook's 100×10 inputs and 100×1 targets for {@code seed}. */
    public static DataSet notebook(long seed) {
        return normal(ROWS, FEATURES, seed);
    }

    /** Standard-normal features [rows, features] and an independent standard-normal target [rows, 1]. */
    public static DataSet normal(int rows, int features, long seed) {
        var rng = new Random(seed);
        float[][] x = new float[rows][features];
        float[][] y = new float[rows][1];
        for (float[] row : x) {
            for (int j = 0; j < features; j++) {
                row[j] = (float) rng.nextGaussian();
            }
        }
        for (float[] row : y) {
            row[0] = (float) rng.nextGaussian();
        }
        return new DataSet(Nd4j.create(x), Nd4j.create(y));
    }

    /**
     * The lab's {@code synthetic} dataset: a learnable regression with noise and few rows, where a flexible model can
     * overfit. Ten standard-normal features, of which only the first three matter:
     * {@code y = sin(2·x1) + 0.5·x2² − x3 + 0.8·x1·x3 + 0.5·ε}, ε standard normal. The nonlinear terms make the
     * hidden layers useful; the seven irrelevant features and the noise give a 50-unit network room to memorise.
     */
    public static DataSet synthetic(int rows, long seed) {
        DataSet data = normal(rows, FEATURES, seed);
        float[][] y = new float[rows][1];
        for (int i = 0; i < rows; i++) {
            double x1 = data.getFeatures().getDouble(i, 0);
            double x2 = data.getFeatures().getDouble(i, 1);
            double x3 = data.getFeatures().getDouble(i, 2);
            double noise = data.getLabels().getDouble(i, 0);
            y[i][0] = (float) (Math.sin(2 * x1) + 0.5 * x2 * x2 - x3 + 0.8 * x1 * x3 + 0.5 * noise);
        }
        return new DataSet(data.getFeatures(), Nd4j.create(y));
    }

    /**
     * A learnable target: standard-normal features and {@code y = x · w + noise·ε}, with fixed weights w evenly
     * spaced in [-1, 1] and ε standard normal. Used where a lesson must show a model learning something.
     */
    public static DataSet linear(int rows, int features, double noise, long seed) {
        DataSet data = normal(rows, features, seed);
        float[][] y = new float[rows][1];
        for (int i = 0; i < rows; i++) {
            double sum = 0;
            for (int j = 0; j < features; j++) {
                double w = features == 1 ? 1 : -1 + 2.0 * j / (features - 1);
                sum += w * data.getFeatures().getDouble(i, j);
            }
            y[i][0] = (float) (sum + noise * data.getLabels().getDouble(i, 0));
        }
        return new DataSet(data.getFeatures(), Nd4j.create(y));
    }
}
