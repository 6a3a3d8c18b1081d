package dev.dl4jlessons.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.AlphaDropout;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.dropout.GaussianDropout;
import org.deeplearning4j.nn.conf.dropout.GaussianNoise;
import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.weightnoise.DropConnect;
import org.deeplearning4j.nn.conf.weightnoise.IWeightNoise;
import org.deeplearning4j.nn.conf.weightnoise.WeightNoise;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.L1Regularization;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

/** Builds networks from lesson configurations and describes them in one line. */
public final class Networks {
    private Networks() {
    }

    /**
     * Creates and initialises a network, then draws every dense bias from U(-1/√fanIn, 1/√fanIn).
     *
     * <p>With {@code WeightInit.UNIFORM} in the configuration, DL4J already draws weights from U(±1/√fanIn), which is
     * what PyTorch's {@code nn.Linear} does. DL4J can only set biases to a constant, so the bias draw that PyTorch
     * also makes happens here, seeded from the configuration's seed so the same seed gives the same network.
     */
    public static MultiLayerNetwork create(MultiLayerConfiguration conf) {
        dev.dl4jlessons.runtime.NativeSettings.tuneThreads();
        var net = new MultiLayerNetwork(conf);
        net.init();
        var rng = new SplittableRandom(conf.getConf(0).getSeed() ^ 0x5DEECE66DL);
        for (Layer layer : net.getLayers()) {
            var params = layer.paramTable();
            INDArray w = params.get(DefaultParamInitializer.WEIGHT_KEY);
            INDArray b = params.get(DefaultParamInitializer.BIAS_KEY);
            boolean dense = layer.conf().getLayer() instanceof DenseLayer
                    || layer.conf().getLayer() instanceof BaseOutputLayer;
            if (dense && w != null && b != null) {
                double bound = 1.0 / Math.sqrt(w.rows());
                for (long i = 0; i < b.length(); i++) {
                    b.putScalar(i, rng.nextDouble(-bound, bound));
                }
            }
        }
        return net;
    }

    /**
     * Runs layer {@code index} alone on a copy of {@code input}, in training or inference mode, and returns a copy
     * of its output.
     *
     * <p>Use this rather than {@code feedForward} to look at one layer: in DL4J M2.1, {@code feedForward} returns
     * arrays that later layers overwrite in place (a dropout or activation layer rewrites its input's array), so the
     * list shows a layer's output after the next layer has changed it.
     */
    public static INDArray activateLayer(MultiLayerNetwork net, int index, INDArray input, boolean training) {
        var workspaces = org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces();
        Layer layer = net.getLayer(index);
        layer.setInput(input.dup(), workspaces);
        return layer.activate(training, workspaces).dup();
    }

    /**
     * The input of every layer, computed one layer at a time (see {@link #activateLayer}); element i is what layer
     * i receives, and the last element is the network's output.
     */
    public static List<INDArray> layerInputs(MultiLayerNetwork net, INDArray x, boolean training) {
        List<INDArray> inputs = new ArrayList<>();
        INDArray current = x;
        for (int i = 0; i < net.getnLayers(); i++) {
            inputs.add(current);
            current = activateLayer(net, i, current, training);
        }
        inputs.add(current);
        return inputs;
    }

    /** True when the configuration holds a batch normalization layer. */
    public static boolean hasBatchNorm(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().anyMatch(c -> c.getLayer() instanceof BatchNormalization);
    }

    /** Whether any layer is a dropout layer or applies dropout to its input. */
    public static boolean hasDropout(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().anyMatch(c -> c.getLayer().getIDropout() != null);
    }

    /**
     * Whether any layer perturbs its weights in training ({@link IWeightNoise}: DL4J's {@code DropConnect} and
     * {@code WeightNoise}, or a course's own), the weight-side relative of dropout that {@code --dropout} can set too.
     */
    public static boolean hasWeightNoise(MultiLayerConfiguration conf) {
        return conf.getConfs().stream().anyMatch(c -> c.getLayer() instanceof BaseLayer b && b.getWeightNoise() != null);
    }

    /**
     * One line such as {@code Dense(10→50, relu) → Dropout(drop 0.5) → Output(50→1, identity, MSE)}, with dropout
     * shown as the PyTorch drop probability.
     */
    public static String describe(MultiLayerConfiguration conf) {
        List<String> parts = new ArrayList<>();
        for (var c : conf.getConfs()) {
            var layer = c.getLayer();
            String part;
            if (layer instanceof BaseOutputLayer out) {
                part = String.format(Locale.ROOT, "Output(%d→%d, %s, %s)", out.getNIn(), out.getNOut(),
                        out.getActivationFn(), out.getLossFn().getClass().getSimpleName().replaceFirst("^Loss", ""));
            } else if (layer instanceof BatchNormalization bn) {
                part = "BatchNorm(" + bn.getNOut() + ")";
            } else if (layer instanceof DropoutLayer d) {
                part = "Dropout(" + dropText(d.getIDropout()) + ")";
            } else if (layer instanceof ActivationLayer a) {
                part = a.getActivationFn().toString().toUpperCase(Locale.ROOT).equals("RELU") ? "ReLU"
                        : a.getActivationFn().toString();
            } else if (layer instanceof FeedForwardLayer ff) {
                part = String.format(Locale.ROOT, "%s(%d→%d, %s)", layer.getClass().getSimpleName().replace("Layer", ""),
                        ff.getNIn(), ff.getNOut(), ff.getActivationFn());
            } else {
                part = layer.getClass().getSimpleName();
            }
            if (layer.getIDropout() != null && !(layer instanceof DropoutLayer)) {
                part += "[input " + dropText(layer.getIDropout()) + "]";
            }
            if (layer instanceof BaseLayer base && base.getWeightNoise() != null) {
                part += "[" + weightNoiseText(base.getWeightNoise()) + "]";
            }
            if (layer instanceof BaseLayer base) {
                part += regularizationText(base);
            }
            parts.add(part);
        }
        return String.join(" → ", parts);
    }

    private static String dropText(IDropout dropout) {
        if (dropout instanceof Dropout d) {
            return String.format(Locale.ROOT, "drop %s = DL4J retain %s", trim(1 - d.getP()), trim(d.getP()));
        }
        if (dropout instanceof GaussianDropout g) {
            return "GaussianDropout rate " + trim(g.getRate());
        }
        if (dropout instanceof GaussianNoise g) {
            return "GaussianNoise stddev " + trim(g.getStddev());
        }
        if (dropout instanceof AlphaDropout a) {
            return "AlphaDropout retain " + trim(a.getP());
        }
        return dropout.getClass().getSimpleName();
    }

    /**
     * Weight noise as the model line shows it, e.g. {@code DropConnect retain 0.8 (drop 0.2) on weights and biases}:
     * the retain probability in DL4J's terms with the drop probability beside it, and what it reaches.
     */
    private static String weightNoiseText(IWeightNoise noise) {
        if (noise instanceof DropConnect d) {
            String retain = d.getWeightRetainProbSchedule() != null ? "scheduled"
                    : trim(d.getWeightRetainProb()) + " (drop " + trim(1 - d.getWeightRetainProb()) + ")";
            return "DropConnect retain " + retain + " on weights" + (d.isApplyToBiases() ? " and biases" : "");
        }
        if (noise instanceof WeightNoise w) {
            return "WeightNoise " + (w.isAdditive() ? "additive " : "multiplicative ") + w.getDistribution()
                    + " on weights" + (w.isApplyToBias() ? " and biases" : "");
        }
        return "weight noise " + noise.getClass().getSimpleName();
    }

    /**
     * The weight penalties a layer carries, such as {@code [l2 1.0E-4]} or {@code [weightDecay 0.01]}: a builder-level
     * {@code .l2(...)} or {@code .weightDecay(...)} reaches every layer, and changes training as much as dropout does,
     * so the one-line summary must show it.
     */
    private static String regularizationText(BaseLayer layer) {
        List<String> parts = new ArrayList<>();
        for (Regularization r : layer.getRegularization()) {
            if (r instanceof L2Regularization l2) {
                parts.add("l2 " + l2.getL2().valueAt(0, 0));
            } else if (r instanceof L1Regularization l1) {
                parts.add("l1 " + l1.getL1().valueAt(0, 0));
            } else if (r instanceof WeightDecay wd) {
                parts.add("weightDecay " + wd.getCoeff().valueAt(0, 0) + (wd.isApplyLR() ? "" : " (no lr)"));
            } else {
                parts.add(r.getClass().getSimpleName());
            }
        }
        return parts.isEmpty() ? "" : "[" + String.join(", ", parts) + "]";
    }

    private static String trim(double v) {
        return String.format(Locale.ROOT, "%.4f", v).replaceAll("0+$", "").replaceAll("\\.$", ".0");
    }
}
