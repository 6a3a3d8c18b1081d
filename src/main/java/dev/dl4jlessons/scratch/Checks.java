package dev.dl4jlessons.scratch;

import java.util.LinkedHashMap;
import java.util.Map;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;

/**
 * Side-by-side runs of the from-scratch layers and DL4J's, reporting the largest difference of each quantity. The
 * under-the-hood lessons print these; the tests hold them under 1e-5.
 */
public final class Checks {
    private Checks() {
    }

    /** Largest absolute difference between two arrays of the same number of elements. */
    public static double maxDiff(INDArray a, INDArray b) {
        return a.reshape(a.length()).castTo(DataType.DOUBLE)
                .sub(b.reshape(b.length()).castTo(DataType.DOUBLE)).amaxNumber().doubleValue();
    }

    /**
     * DL4J's {@code DropoutLayer} (layer 1 of {@code model}, given a {@link MaskDropout}) against
     * {@link ScratchDropout} with the same mask.
     *
     * @param model the dropout lesson's model: dense 10→50 ReLU, dropout, output 50→1 (passed in so that this
     *              package does not depend on the lessons that use it)
     * @return largest differences of the forward pass, backward pass, inference pass, and the whole network's
     *         training-mode output against a hand-written forward pass
     */
    public static Map<String, Double> dropout(MultiLayerConfiguration model, int rows, double drop, long seed) {
        double retain = 1 - drop;
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        var net = Networks.create(model);
        INDArray mask = ScratchDropout.invertedMask(ScratchDropout.keepPattern(new long[] {rows, 50}, retain, rng),
                retain);
        net.getLayer(1).conf().getLayer().setIDropout(new MaskDropout(shape -> mask));
        var ws = LayerWorkspaceMgr.noWorkspaces();
        INDArray h = Nd4j.rand(rng, rows, 50).castTo(DataType.FLOAT);
        var layer = net.getLayer(1);
        var diffs = new LinkedHashMap<String, Double>();
        layer.setInput(h.dup(), ws);
        diffs.put("forward", maxDiff(ScratchDropout.invertedForward(h, mask), layer.activate(true, ws)));
        INDArray dy = Nd4j.rand(rng, rows, 50).castTo(DataType.FLOAT);
        diffs.put("backward", maxDiff(ScratchDropout.invertedBackward(dy, mask),
                layer.backpropGradient(dy.dup(), ws).getSecond()));
        layer.setInput(h.dup(), ws);
        diffs.put("inference", maxDiff(ScratchDropout.invertedInference(h), layer.activate(false, ws)));
        INDArray x = Nd4j.rand(rng, rows, 10).castTo(DataType.FLOAT);
        var p = net.paramTable();
        INDArray hidden = org.nd4j.linalg.ops.transforms.Transforms.relu(x.mmul(p.get("0_W")).addRowVector(p.get("0_b")));
        INDArray expected = ScratchDropout.invertedForward(hidden, mask).mmul(p.get("2_W")).addRowVector(p.get("2_b"));
        diffs.put("network", maxDiff(expected, net.output(x, true)));
        return diffs;
    }

    /** A network holding one DL4J batch normalization layer, with PyTorch's defaults in DL4J terms. */
    public static MultiLayerNetwork batchNormNetwork(int features) {
        var conf = new NeuralNetConfiguration.Builder().seed(1).updater(new Sgd(0.1)).dataType(DataType.FLOAT).list()
                .layer(new BatchNormalization.Builder().nIn(features).nOut(features).decay(0.9).eps(1e-5)
                        .useLogStd(false).build())
                .layer(new LossLayer.Builder(LossFunction.MSE).activation(Activation.IDENTITY).build())
                .build();
        var net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // backpropGradient on a lone layer needs the gradient views
        return net;
    }

    /**
     * DL4J's {@code BatchNormalization} against {@link ScratchBatchNorm} on random input, gamma and beta.
     *
     * @return largest differences of the training output, dL/dx, dL/dgamma, dL/dbeta, the running mean and
     *         variance after one {@code fit}, and the inference output with those running statistics
     */
    public static Map<String, Double> batchNorm(int rows, int features, long seed) {
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        INDArray x = Nd4j.rand(rng, rows, features).castTo(DataType.FLOAT).muli(3).subi(1);
        INDArray gamma = Nd4j.rand(rng, 1, features).castTo(DataType.FLOAT).addi(0.5);
        INDArray beta = Nd4j.rand(rng, 1, features).castTo(DataType.FLOAT).subi(0.5);
        INDArray dy = Nd4j.rand(rng, rows, features).castTo(DataType.FLOAT).subi(0.5);
        INDArray probe = Nd4j.rand(rng, 5, features).castTo(DataType.FLOAT);
        var ws = LayerWorkspaceMgr.noWorkspaces();
        var diffs = new LinkedHashMap<String, Double>();

        var net = batchNormNetwork(features);
        var layer = net.getLayer(0);
        layer.setParam("gamma", gamma.dup());
        layer.setParam("beta", beta.dup());
        var scratch = new ScratchBatchNorm(features, 0.9, 1e-5).withScaleShift(gamma, beta);
        layer.setInput(x.dup(), ws);
        diffs.put("forward (training)", maxDiff(scratch.forwardTrain(x), layer.activate(true, ws)));
        var dl4j = layer.backpropGradient(dy.dup(), ws);
        var mine = scratch.backward(dy);
        diffs.put("dL/dx", maxDiff(mine.input(), dl4j.getSecond()));
        diffs.put("dL/dgamma", maxDiff(mine.gamma(), dl4j.getFirst().getGradientFor("gamma")));
        diffs.put("dL/dbeta", maxDiff(mine.beta(), dl4j.getFirst().getGradientFor("beta")));

        // the running statistics move when the network fits; compare one fit with the scratch update
        var fitted = batchNormNetwork(features);
        fitted.getLayer(0).setParam("gamma", gamma.dup());
        fitted.getLayer(0).setParam("beta", beta.dup());
        fitted.fit(x.dup(), Nd4j.zeros(DataType.FLOAT, rows, features));
        diffs.put("running mean", maxDiff(scratch.runningMean(), fitted.getLayer(0).getParam("mean")));
        diffs.put("running variance", maxDiff(scratch.runningVar(), fitted.getLayer(0).getParam("var")));
        var inference = new ScratchBatchNorm(features, 0.9, 1e-5).withScaleShift(
                fitted.getLayer(0).getParam("gamma"), fitted.getLayer(0).getParam("beta"));
        inference.forwardTrain(x);
        diffs.put("forward (inference)", maxDiff(inference.forwardInference(probe), fitted.output(probe, false)));
        return diffs;
    }
}
