package dev.dl4jlessons.lessons.papers;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The networks of the papers, at the sizes this lesson trains. Every figure has its own {@code configuration}
 * method, so the guide can show each model beside the paper's. Dropout rates here are DL4J's <em>retain</em>
 * probabilities, the papers' p (Srivastava et al. also write p for the probability of keeping a unit).
 */
public final class PaperModels {
    /** Pixels in, classes out. */
    static final int IN = 784;
    static final int CLASSES = 10;

    private PaperModels() {
    }

    // lesson:bn-figure1
    /**
     * Ioffe and Szegedy's Figure 1 network: three hidden layers of 100 sigmoid units, small Gaussian weights,
     * softmax and cross-entropy, plain SGD. With {@code batchNorm}, every hidden layer normalizes its sigmoid's
     * input; without, the same layers feed the sigmoid directly, so both networks have the same layer indices.
     */
    public static MultiLayerConfiguration bnFigure1(boolean batchNorm, long seed, double lr) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Sgd(lr))
                .weightInit(new NormalDistribution(0, 0.1))   // "small random Gaussian values"
                .list();
        int in = IN;
        for (int layer = 0; layer < 3; layer++) {
            list.layer(new DenseLayer.Builder().nIn(in).nOut(100).activation(Activation.IDENTITY).build());
            if (batchNorm) {
                list.layer(new BatchNormalization.Builder().nOut(100).build());
            }
            list.layer(new ActivationLayer(Activation.SIGMOID));   // its input is what the percentiles follow
            in = 100;
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(100).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
    }
    // end:bn-figure1

    // lesson:autoencoder
    /**
     * Srivastava et al.'s Figure 7 and 8 network: an autoencoder with one hidden layer of {@code hidden} ReLU units
     * and no input dropout; {@code retain} below 1 drops hidden units on their way to the reconstruction.
     */
    public static MultiLayerConfiguration autoencoder(int hidden, double retain, long seed) {
        var output = new OutputLayer.Builder(LossFunction.XENT)          // pixels in [0, 1]: Bernoulli cross-entropy
                .nIn(hidden).nOut(IN).activation(Activation.SIGMOID);
        if (retain < 1) {
            output.dropOut(retain);                                       // keeps each hidden unit with probability p
        }
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(hidden).activation(Activation.RELU).build())
                .layer(output.build())
                .build();
    }
    // end:autoencoder

    // lesson:classifier
    /**
     * The classifier of Figures 9 and 10: {@code layers} hidden ReLU layers of {@code hidden} units; each hidden
     * layer's output is kept with probability {@code retain}, each pixel with {@code retainInput} (1 for none).
     */
    public static MultiLayerConfiguration classifier(int hidden, int layers, double retain, double retainInput,
            long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .list();
        int in = IN;
        for (int layer = 0; layer < layers; layer++) {
            var dense = new DenseLayer.Builder().nIn(in).nOut(hidden).activation(Activation.RELU);
            double keep = layer == 0 ? retainInput : retain;
            if (keep < 1) {
                dense.dropOut(keep);                      // DL4J drops a layer's input: the previous layer's units
            }
            list.layer(dense.build());
            in = hidden;
        }
        var output = new OutputLayer.Builder(LossFunction.MCXENT).nIn(in).nOut(CLASSES).activation(Activation.SOFTMAX);
        if (retain < 1) {
            output.dropOut(retain);
        }
        return list.layer(output.build()).build();
    }
    // end:classifier

    /** Where the variance-shift network puts its dropout. */
    public enum Order {
        /** Dropout, then a dense layer and batch norm: Li et al.'s problem case. */
        DROPOUT_BEFORE_BN("dropout before BN"),
        /** Both batch-norm layers first, dropout only after the last one: Li et al.'s first remedy. */
        DROPOUT_AFTER_BN("dropout after the last BN");

        private final String label;

        Order(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    // lesson:variance-shift
    /**
     * Li et al.'s setting in small: 784→256 ReLU and 256→256 → batch norm → ReLU → softmax, with dropout (keep
     * probability {@code retain}) either between the two dense layers, so batch norm sees dropped inputs in
     * training and full ones at test time, or after the batch-norm block. Batch norm keeps the variance itself (not
     * its log), so the experiment can read and recompute it.
     */
    public static MultiLayerConfiguration varianceShift(Order order, double retain, long seed) {
        var list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(1e-3))
                .weightInit(WeightInit.RELU)
                .list()
                .layer(new DenseLayer.Builder().nIn(IN).nOut(256).activation(Activation.RELU).build());
        if (order == Order.DROPOUT_BEFORE_BN) {
            list.layer(new DropoutLayer(retain));
        }
        list.layer(new DenseLayer.Builder().nIn(256).nOut(256).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().nOut(256).useLogStd(false).build())
                .layer(new ActivationLayer(Activation.RELU));
        if (order == Order.DROPOUT_AFTER_BN) {
            list.layer(new DropoutLayer(retain));
        }
        return list.layer(new OutputLayer.Builder(LossFunction.MCXENT)
                        .nIn(256).nOut(CLASSES).activation(Activation.SOFTMAX).build())
                .build();
    }
    // end:variance-shift
}
