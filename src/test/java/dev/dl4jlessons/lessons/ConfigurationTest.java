package dev.dl4jlessons.lessons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.batchnorm.BatchNormLesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.lessons.gaussiandropout.GaussianDropoutLesson;

/** Each lesson's configuration is the notebook's model, with PyTorch's meaning carried over. */
class ConfigurationTest {

    private static List<Layer> layers(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().map(c -> c.getLayer()).toList();
    }

    private static void dense(Layer layer, long nIn, long nOut, Class<?> activation) {
        var ff = assertInstanceOf(FeedForwardLayer.class, layer);
        assertEquals(nIn, ff.getNIn());
        assertEquals(nOut, ff.getNOut());
        assertInstanceOf(activation, ((BaseLayer) layer).getActivationFn());
        var adam = assertInstanceOf(Adam.class, ((BaseLayer) layer).getIUpdater());
        assertEquals(0.01, adam.getLearningRate(), 1e-12);
        assertEquals(1e-8 * Math.sqrt(1 - 0.999), adam.getEpsilon(), 1e-20, "PyTorch's epsilon, placed as DL4J places it");
    }

    private static void output(Layer layer, long nIn) {
        var out = assertInstanceOf(OutputLayer.class, layer);
        dense(out, nIn, 1, ActivationIdentity.class);
        assertInstanceOf(LossMSE.class, out.getLossFn());
    }

    private static double retain(Layer layer) {
        var d = assertInstanceOf(DropoutLayer.class, layer);
        return assertInstanceOf(Dropout.class, d.getIDropout()).getP();
    }

    private static void batchNorm(Layer layer, long n) {
        var bn = assertInstanceOf(BatchNormalization.class, layer);
        assertEquals(n, bn.getNOut());
        assertEquals(0.9, bn.getDecay(), 1e-12, "decay 0.9 is PyTorch's momentum 0.1");
        assertEquals(1e-5, bn.getEps(), 1e-12);
    }

    private static void relu(Layer layer) {
        assertInstanceOf(ActivationReLU.class, assertInstanceOf(ActivationLayer.class, layer).getActivationFn());
    }

    @Test
    void dropoutModelIsLinearReluDropoutLinear() {
        var l = layers(DropoutLesson.configuration());
        assertEquals(3, l.size());
        dense(assertInstanceOf(DenseLayer.class, l.get(0)), 10, 50, ActivationReLU.class);
        assertEquals(0.5, retain(l.get(1)), 1e-12, "PyTorch Dropout(0.5) retains half");
        output(l.get(2), 50);
    }

    @Test
    void batchNormModelNormalizesBeforeRelu() {
        var l = layers(BatchNormLesson.configuration());
        assertEquals(4, l.size());
        dense(assertInstanceOf(DenseLayer.class, l.get(0)), 10, 50, ActivationIdentity.class);
        batchNorm(l.get(1), 50);
        relu(l.get(2));
        output(l.get(3), 50);
    }

    @Test
    void combinedModelConvertsDropPointTwoToRetainPointEight() {
        var l = layers(CombinedLesson.configuration());
        assertEquals(8, l.size());
        dense(l.get(0), 10, 50, ActivationIdentity.class);
        batchNorm(l.get(1), 50);
        relu(l.get(2));
        assertEquals(0.8, retain(l.get(3)), 1e-12, "PyTorch Dropout(0.2) is DL4J retain 0.8");
        dense(l.get(4), 50, 20, ActivationIdentity.class);
        batchNorm(l.get(5), 20);
        relu(l.get(6));
        output(l.get(7), 20);
    }

    @Test
    void settingsOverrideDropoutAndLearningRate() {
        var settings = new Settings(7, 5, 10, 0.003, 0.3, null);
        var l = layers(CombinedLesson.configuration(settings));
        assertEquals(0.7, retain(l.get(3)), 1e-12);
        assertEquals(0.003, ((Adam) ((BaseLayer) l.get(0)).getIUpdater()).getLearningRate(), 1e-12);
        assertEquals(7, CombinedLesson.configuration(settings).getConf(0).getSeed());
    }

    @Test
    void theOneLineSummaryShowsBuilderLevelPenaltiesAndGaussianDropoutsRate() {
        var l2 = new NeuralNetConfiguration.Builder().l2(1e-4).list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY).build()).build();
        assertEquals("Dense(3→2, sigmoid)[l2 1.0E-4] → Output(2→1, identity, MSE)[l2 1.0E-4]", Networks.describe(l2));
        var decay = new NeuralNetConfiguration.Builder().weightDecay(0.01).list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY).build()).build();
        // DL4J M2.1 puts a builder-level weightDecay into the layer's list twice, and both entries apply: one SGD
        // step at lr 0.1 with weightDecay(0.5) and no loss gradient takes w from 1 to 0.9, not 0.95. The summary
        // shows what the configuration really holds.
        assertEquals("Output(2→1, identity, MSE)[weightDecay 0.01, weightDecay 0.01]", Networks.describe(decay));
        assertEquals("Dense(10→50, relu) → Output(50→1, identity, MSE)[input GaussianDropout rate 0.5]",
                Networks.describe(GaussianDropoutLesson.configuration()));
        assertEquals("Dense(10→50, relu) → Dropout(drop 0.5 = DL4J retain 0.5) → Output(50→1, identity, MSE)",
                Networks.describe(DropoutLesson.configuration()), "no penalty, nothing added");
    }

    @Test
    void theOneLineSummaryShowsWeightNoiseAndAWeightNoiseLessonReadsDropout() {
        var dropConnect = new NeuralNetConfiguration.Builder().list()
                .layer(new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.RELU)
                        .weightNoise(new org.deeplearning4j.nn.conf.weightnoise.DropConnect(0.8)).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY)
                        .weightNoise(new org.deeplearning4j.nn.conf.weightnoise.DropConnect(0.75, true)).build())
                .build();
        assertEquals("Dense(3→2, relu)[DropConnect retain 0.8 (drop 0.2) on weights] → Output(2→1, identity, MSE)"
                + "[DropConnect retain 0.75 (drop 0.25) on weights and biases]", Networks.describe(dropConnect));
        var additive = new NeuralNetConfiguration.Builder().list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY)
                        .weightNoise(new org.deeplearning4j.nn.conf.weightnoise.WeightNoise(
                                new org.deeplearning4j.nn.conf.distribution.NormalDistribution(0, 0.1), true, true))
                        .build())
                .build();
        assertEquals("Output(2→1, identity, MSE)[WeightNoise additive NormalDistribution(mean=0.0, std=0.1) on "
                + "weights and biases]", Networks.describe(additive));

        // a lesson whose only regularizer is weight noise reads --dropout, as dropOr(...) in its model promises
        var weightNoiseLesson = new ModelLesson("drop-connect-probe", "probe", 990, false) {
            @Override
            public MultiLayerConfiguration model(Settings settings) {
                return new NeuralNetConfiguration.Builder().list()
                        .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(2).nOut(1).activation(Activation.IDENTITY)
                                .weightNoise(new org.deeplearning4j.nn.conf.weightnoise.DropConnect(
                                        1 - settings.dropOr(0.5))).build())
                        .build();
            }
        };
        assertEquals(true, weightNoiseLesson.readsDropout());
        assertEquals(false, Networks.hasDropout(weightNoiseLesson.model(Settings.NOTEBOOK)), "no IDropout anywhere");
        assertEquals(false, new BatchNormLesson().readsDropout());
    }

    @Test
    void builderLevelWeightDecayIsAppliedTwiceInDl4jM21() {
        var conf = new NeuralNetConfiguration.Builder().updater(new org.nd4j.linalg.learning.config.Sgd(0.1))
                .weightDecay(0.5).list()
                .layer(new OutputLayer.Builder(LossFunction.MSE).nIn(1).nOut(1).activation(Activation.IDENTITY).build())
                .build();
        var net = new org.deeplearning4j.nn.multilayer.MultiLayerNetwork(conf);
        net.init();
        net.setParam("0_W", org.nd4j.linalg.factory.Nd4j.ones(1, 1));
        net.setParam("0_b", org.nd4j.linalg.factory.Nd4j.zeros(1, 1));
        var zero = org.nd4j.linalg.factory.Nd4j.zeros(1, 1);
        net.fit(zero, zero);                                     // x = y = 0: the loss has no gradient
        assertEquals(1 - 2 * 0.1 * 0.5, net.getParam("0_W").getDouble(0), 1e-6, "w·(1 − 2·lr·λ), not w·(1 − lr·λ)");
    }
}
