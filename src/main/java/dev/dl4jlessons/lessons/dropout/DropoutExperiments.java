package dev.dl4jlessons.lessons.dropout;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.linalg.ops.transforms.Transforms;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;

/**
 * The experiments behind the dropout lesson's pictures, each a function of a seed that returns what it measured:
 * {@link #masks} (dropout-masks.png) and {@link #trainingMasks} (dropout.gif).
 */
public final class DropoutExperiments {
    /** Rows in the heatmap's batch: the notebook's batch size. */
    static final int MASK_ROWS = 10;

    private DropoutExperiments() {
    }

    /**
     * The dropout lesson's hidden activations for one batch (rows × units): in inference, and in three training-mode
     * passes through its {@code DropoutLayer}, each with its own mask.
     *
     * @param p             PyTorch drop probability
     * @param inference     ReLU outputs, dropout off ({@code output(x, false)})
     * @param training      the same activations after the dropout layer in training mode, one array per pass
     * @param dropFraction  per pass: the share of the units active in inference (non-zero) that the mask zeroed
     * @param zeroFraction  per pass: the share of all entries that are zero (ReLU zeros included)
     * @param tinyInput     a 2×8 array of ones times 1..8, the worked example
     * @param tinyP         the worked example's drop probabilities
     * @param tinyOutput    the worked example after dropout at each of {@code tinyP}, in training mode
     */
    public record Masks(double p, double[][] inference, List<double[][]> training, double[] dropFraction,
            double[] zeroFraction, double[][] tinyInput, double[] tinyP, List<double[][]> tinyOutput) {
    }

    /** The dropout lesson's model, freshly initialised with {@code seed}, on the notebook data's first batch. */
    public static Masks masks(long seed) {
        double p = DropoutLesson.DROP_PROBABILITY;
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration());
        INDArray x = RandomData.notebook(seed).getFeatures().get(NDArrayIndex.interval(0, MASK_ROWS),
                NDArrayIndex.all());
        INDArray hidden = Networks.activateLayer(net, 0, x, false);
        Nd4j.getRandom().setSeed(seed);
        List<double[][]> passes = new ArrayList<>();
        double[] drop = new double[3];
        double[] zero = new double[3];
        double[][] inference = hidden.toDoubleMatrix();
        for (int k = 0; k < 3; k++) {
            double[][] t = Networks.activateLayer(net, 1, hidden, true).toDoubleMatrix();
            passes.add(t);
            int active = 0;
            int dropped = 0;
            int zeros = 0;
            for (int i = 0; i < t.length; i++) {
                for (int j = 0; j < t[i].length; j++) {
                    if (inference[i][j] != 0) {
                        active++;
                        dropped += t[i][j] == 0 ? 1 : 0;
                    }
                    zeros += t[i][j] == 0 ? 1 : 0;
                }
            }
            drop[k] = (double) dropped / active;
            zero[k] = (double) zeros / (t.length * t[0].length);
        }
        double[][] tiny = new double[2][8];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 8; j++) {
                tiny[i][j] = j + 1;
            }
        }
        double[] tinyP = {0, 0.5, 1};
        List<double[][]> tinyOut = new ArrayList<>();
        for (double tp : tinyP) {
            tinyOut.add(tinyDropout(Nd4j.create(tiny).castTo(DataType.FLOAT), tp, seed));
        }
        return new Masks(p, inference, passes, drop, zero, tiny, tinyP, tinyOut);
    }

    /**
     * DL4J's dropout in training mode on {@code x} at drop probability {@code p}. At p = 1 DL4J has no layer (its
     * retain probability would be 0, and the 1/(1−p) scale infinite), so the result is what PyTorch returns: zeros.
     */
    private static double[][] tinyDropout(INDArray x, double p, long seed) {
        if (p >= 1) {
            return new double[(int) x.rows()][(int) x.columns()];
        }
        var conf = new NeuralNetConfiguration.Builder().seed(seed).list()
                .layer(Regularizers.dropoutLayer(p))
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(8).nOut(1).activation(Activation.IDENTITY)
                        .build())
                .setInputType(InputType.feedForward(8)).build();
        MultiLayerNetwork net = Networks.create(conf);
        return Networks.activateLayer(net, 0, x, true).toDoubleMatrix();
    }

    /** What one unit of the hidden layer did for one row in one training step. */
    public enum Unit {
        /** Its ReLU input was negative: it outputs 0 whatever the mask says. */
        RELU_ZERO,
        /** The mask dropped it: 0 although its ReLU output was positive. */
        DROPPED,
        /** It passed its ReLU output on, scaled by 1/(1−p). */
        KEPT
    }

    /**
     * The masks of the dropout lesson's first training steps, read from the training itself.
     *
     * @param p          PyTorch drop probability
     * @param units      per step: what each hidden unit did for the batch's first row
     * @param hidden     per step: the first row's ReLU outputs before dropout, under that step's weights
     * @param afterDrop  per step: the same row as the dropout layer passed it on in that training step
     * @param losses     per step: the loss DL4J reports after the step ({@code net.score()})
     */
    public record TrainingMasks(double p, List<Unit[]> units, List<double[]> hidden, List<double[]> afterDrop,
            double[] losses) {
        /** Per step: the share of the row's active (non-zero ReLU) units that the mask dropped. */
        public double droppedShare(int step) {
            int active = 0;
            int dropped = 0;
            for (Unit u : units.get(step)) {
                active += u == Unit.RELU_ZERO ? 0 : 1;
                dropped += u == Unit.DROPPED ? 1 : 0;
            }
            return active == 0 ? 0 : (double) dropped / active;
        }
    }

    /**
     * Trains the dropout lesson's model with the notebook's settings and {@code seed} (its data, batches and
     * shuffling) for {@code steps} steps, and records, at each step, the mask its dropout layer drew for the batch's
     * first row. A listener reads the activations of the training forward pass itself, so these are the masks the
     * gradient step used; the ReLU outputs before dropout are computed from the same step's weights.
     */
    public static TrainingMasks trainingMasks(long seed, int steps) {
        Settings settings = Settings.NOTEBOOK.withSeed(seed);
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration(settings));
        var batches = new ShuffledBatches(RandomData.notebook(seed), settings.batchSize(), seed);
        List<Unit[]> units = new ArrayList<>();
        List<double[]> hidden = new ArrayList<>();
        List<double[]> after = new ArrayList<>();
        net.setListeners(new BaseTrainingListener() {
            @Override
            public void onForwardPass(Model model, List<INDArray> activations) {
                // activations: [input, dense+ReLU output, dropout output]; DL4J applies dropout in place, so the
                // ReLU output is computed again from the input and this step's weights
                INDArray x = activations.get(0).getRow(0, true).dup();
                INDArray w = net.getLayer(0).getParam("W");
                INDArray b = net.getLayer(0).getParam("b");
                double[] h = Transforms.relu(x.castTo(w.dataType()).mmul(w).addRowVector(b), false)
                        .toDoubleVector();
                double[] d = activations.get(2).getRow(0, true).dup().toDoubleVector();
                Unit[] u = new Unit[h.length];
                for (int j = 0; j < h.length; j++) {
                    u[j] = h[j] == 0 ? Unit.RELU_ZERO : d[j] == 0 ? Unit.DROPPED : Unit.KEPT;
                }
                units.add(u);
                hidden.add(h);
                after.add(d);
            }
        });
        double[] losses = new double[steps];
        for (int s = 0; s < steps; s++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            net.fit(batches.next());
            losses[s] = net.score();
        }
        return new TrainingMasks(settings.dropOr(DropoutLesson.DROP_PROBABILITY), units, hidden, after, losses);
    }
}
