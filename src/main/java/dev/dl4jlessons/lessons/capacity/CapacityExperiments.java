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

import dev.dl4jlessons.data.Datasets.Task;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Parallel;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Stat;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.harness.TrainingWatch;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Row;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep;
import dev.dl4jlessons.lessons.capacity.CapacityLesson.Architecture;

/**
 * The capacity lesson's experiments: its sweep of widths ({@link #sweep}, the tables and charts of its run) and the
 * four fits of its first picture ({@link #underfitOverfit}, {@code underfit-overfit.png}).
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
    public record CurveFit(String name, String model, double[] curve, double trainMse, double validationMse) {
    }

    /**
     * A 1-D regression: noisy training points, held-out points from the same noisy function, the noise-free
     * function on a grid, and one {@link CurveFit} per model (too small, about right, memorising, memorising with
     * dropout).
     */
    public record UnderfitOverfit(double[] trainX, double[] trainY, double[] validationX, double[] validationY,
            double[] gridX, double[] truth, List<CurveFit> fits) {
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
        List<CurveFit> fits = new ArrayList<>();
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

    private static CurveFit fit(String name, String model, MultiLayerConfiguration conf, DataSet train,
            DataSet validation, INDArray grid, int steps) {
        MultiLayerNetwork net = Networks.create(conf);
        for (int s = 0; s < steps; s++) {
            net.fit(train);
        }
        double[] curve = net.output(grid, false).toDoubleVector();
        return new CurveFit(name, model, curve, Evaluation.loss(net, train, false), Evaluation.loss(net, validation,
                false));
    }

    private static DataSet column(double[] x, double[] y) {
        return new DataSet(Nd4j.create(x, new long[] {x.length, 1}).castTo(DataType.FLOAT),
                Nd4j.create(y, new long[] {y.length, 1}).castTo(DataType.FLOAT));
    }

    private record Job(int width, double drop, long seed) {
    }

    private record Outcome(Job job, List<Double> trainCurve, List<Double> valCurve) {
        double train() {
            return trainCurve.get(trainCurve.size() - 1);
        }

        double val() {
            return valCurve.get(valCurve.size() - 1);
        }

        double bestEpochVal() {
            return valCurve.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        }
    }

    /**
     * The capacity sweep: {@code architecture} at every width of {@code s}, without and with dropout, over seeds 1 to
     * {@code s.seeds()}, each run on its own split of {@code task}; the rows with their verdicts and the trivial
     * predictor's validation loss.
     */
    public static CapacityLesson.Result sweep(CapacityLesson.Sweep s, Task task, CapacityLesson.Architecture
            architecture) {
        List<Job> jobs = new ArrayList<>();
        for (double drop : s.dropout() > 0 ? new double[] {0, s.dropout()} : new double[] {0}) {
            for (int width : s.widths()) {
                for (long seed = 1; seed <= s.seeds(); seed++) {
                    jobs.add(new Job(width, drop, seed));
                }
            }
        }
        List<Outcome> outcomes = Parallel.map(jobs, s.threads(), job -> train(job, task, s, architecture),
                (d, t, o) -> { });
        double trivial = 0;
        for (long seed = 1; seed <= s.seeds(); seed++) {
            trivial += Evaluation.trivialLoss(Split.of(task.data(), seed, s.trainRows(), !task.classification()),
                    task.classification()) / s.seeds();
        }
        var rows = new ArrayList<Row>();
        for (double drop : s.dropout() > 0 ? new double[] {0, s.dropout()} : new double[] {0}) {
            rows.addAll(rows(outcomes, drop, s));
        }
        return new CapacityLesson.Result(List.copyOf(rows), trivial);
    }

    private static Outcome train(Job job, Task task, Sweep s, Architecture architecture) {
        boolean cls = task.classification();
        Split split = Split.of(task.data(), job.seed(), s.trainRows(), !cls);
        var net = Networks.create(architecture.configuration(job.width(), s.depth(), job.drop(), task, job.seed(),
                s.lr()));
        TrainingWatch.network("width" + job.width() + (job.drop() > 0 ? "-dropout" : "") + "-seed" + job.seed(), net,
                TrainingWatch.steps(s.epochs(), split.train().numExamples(), s.batchSize()));
        var batches = new ShuffledBatches(split.train(), s.batchSize(), job.seed());
        List<Double> train = new ArrayList<>();
        List<Double> val = new ArrayList<>();
        Trainer.train("capacity width " + job.width(), net, batches, s.epochs(), epoch -> {
            train.add(Evaluation.loss(net, split.train(), cls));
            val.add(Evaluation.loss(net, split.validation(), cls));
        });
        return new Outcome(job, List.copyOf(train), List.copyOf(val));
    }

    private static List<Row> rows(List<Outcome> outcomes, double drop, Sweep s) {
        List<Row> rows = new ArrayList<>();
        for (int width : s.widths()) {
            var mine = outcomes.stream().filter(o -> o.job().width() == width && o.job().drop() == drop).toList();
            rows.add(new Row(width, drop, Stat.of(mine.stream().map(Outcome::train).toList()),
                    Stat.of(mine.stream().map(Outcome::val).toList()),
                    Stat.of(mine.stream().map(Outcome::bestEpochVal).toList()), CapacityLesson.Fit.GOOD,
                    Stat.meanCurve(mine.stream().map(Outcome::trainCurve).toList()),
                    Stat.meanCurve(mine.stream().map(Outcome::valCurve).toList())));
        }
        double bestVal = rows.stream().mapToDouble(r -> r.val().mean()).min().orElse(Double.NaN);
        return rows.stream().map(r -> new Row(r.width(), r.dropout(), r.train(), r.val(), r.bestEpochVal(),
                CapacityLesson.classify(r.train().mean(), r.val().mean(), r.bestEpochVal().mean(), bestVal), r.trainCurve(),
                r.valCurve())).toList();
    }
}
