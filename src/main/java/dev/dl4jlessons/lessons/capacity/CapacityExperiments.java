package dev.dl4jlessons.lessons.capacity;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Regularizers;

/**
 * The experiment behind the capacity lesson's first picture ({@code underfit-overfit.png}): four models of growing
 * size fitted to the same few noisy points of a 1-D function.
 */
public final class CapacityExperiments {
    /** Full-batch steps of the two small curve models (the memorising ones take three times as many). */
    public static final int CURVE_STEPS = 500;
    /** Training rows of the 1-D regression: few, so a large model can memorise them. */
    static final int CURVE_TRAIN_ROWS = 20;
    /** Standard deviation of the noise on every regression point. */
    static final double CURVE_NOISE = 0.3;

    private CapacityExperiments() {
    }

    /** One fitted model of the underfit/overfit picture: its curve on the grid and its two losses. */
    public record Fit(String name, String model, double[] curve, double trainMse, double validationMse) {
    }

    /**
     * A 1-D regression: noisy training points, held-out points from the same noisy function, the noise-free
     * function on a grid, and one {@link Fit} per model (too small, about right, memorising, memorising with
     * dropout).
     */
    public record UnderfitOverfit(double[] trainX, double[] trainY, double[] validationX, double[] validationY,
            double[] gridX, double[] truth, List<Fit> fits) {
    }

    /** The smooth function the regression points are drawn around. */
    static double truth(double x) {
        return Math.sin(2.5 * x) + 0.5 * x;
    }

    /**
     * The four fits of the underfit/overfit picture for {@code seed}: the seed draws the points, the initial weights
     * and the dropout masks. Every model trains full-batch with Adam for {@code steps} steps.
     */
    public static UnderfitOverfit underfitOverfit(long seed, int steps) {
        var rng = new Random(seed);
        double[] tx = new double[CURVE_TRAIN_ROWS];
        double[] ty = new double[CURVE_TRAIN_ROWS];
        for (int i = 0; i < tx.length; i++) {
            tx[i] = -1.5 + 3.0 * rng.nextDouble();
            ty[i] = truth(tx[i]) + CURVE_NOISE * rng.nextGaussian();
        }
        double[] vx = new double[200];
        double[] vy = new double[vx.length];
        for (int i = 0; i < vx.length; i++) {
            vx[i] = -1.5 + 3.0 * rng.nextDouble();
            vy[i] = truth(vx[i]) + CURVE_NOISE * rng.nextGaussian();
        }
        double[] gx = new double[121];
        double[] gy = new double[gx.length];
        for (int i = 0; i < gx.length; i++) {
            gx[i] = -1.5 + 3.0 * i / (gx.length - 1);
            gy[i] = truth(gx[i]);
        }
        DataSet train = column(tx, ty);
        DataSet validation = column(vx, vy);
        INDArray grid = Nd4j.create(gx, new long[] {gx.length, 1});
        List<Fit> fits = new ArrayList<>();
        fits.add(fit("underfit", "1 hidden unit", curveNet(1, 1, 0, seed), train, validation, grid,
                steps));
        fits.add(fit("about right", "16 hidden units", curveNet(16, 1, 0, seed), train, validation, grid,
                steps));
        fits.add(fit("overfit", "2 hidden layers of 128", curveNet(128, 2, 0, seed), train,
                validation, grid, 3 * steps));
        fits.add(fit("overfit + dropout", "2 × 128, dropout 0.5", curveNet(128, 2, 0.5, seed), train,
                validation, grid, 3 * steps));
        return new UnderfitOverfit(tx, ty, vx, vy, gx, gy, fits);
    }

    /** {@code depth} hidden tanh layers of {@code width} units, PyTorch dropout {@code drop} after each, one output. */
    static MultiLayerConfiguration curveNet(int width, int depth, double drop, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(PyTorchDefaults.adam(0.01))
                .weightInit(WeightInit.UNIFORM)
                .list();
        int in = 1;
        for (int i = 0; i < depth; i++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(width).activation(Activation.TANH).build());
            if (drop > 0) {
                list.layer(Regularizers.dropoutLayer(drop));
            }
            in = width;
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MSE).nIn(in).nOut(1)
                .activation(Activation.IDENTITY).build()).build();
    }

    private static Fit fit(String name, String model, MultiLayerConfiguration conf, DataSet train,
            DataSet validation, INDArray grid, int steps) {
        MultiLayerNetwork net = Networks.create(conf);
        for (int s = 0; s < steps; s++) {
            net.fit(train);
        }
        double[] curve = net.output(grid, false).toDoubleVector();
        return new Fit(name, model, curve, Evaluation.loss(net, train, false), Evaluation.loss(net, validation,
                false));
    }

    private static DataSet column(double[] x, double[] y) {
        return new DataSet(Nd4j.create(x, new long[] {x.length, 1}).castTo(DataType.FLOAT),
                Nd4j.create(y, new long[] {y.length, 1}).castTo(DataType.FLOAT));
    }
}
