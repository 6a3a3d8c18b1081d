package dev.dl4jlessons.parity;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.nd4j.shade.jackson.databind.JsonNode;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;

/**
 * The optimizer of a reference run, from {@code meta.json}'s {@code "optimizer"} and {@code "weight_decay"}, and the
 * DL4J regularization that reproduces it. References written before these fields existed are plain Adam.
 *
 * <ul>
 * <li>PyTorch {@code Adam(weight_decay=λ)} adds λ·w to the gradient before Adam's moments: DL4J's L2,
 * {@code .l2(λ)}.</li>
 * <li>PyTorch {@code AdamW(weight_decay=λ)} shrinks w by lr·λ·w beside Adam's step: DL4J's
 * {@code WeightDecay(λ, applyLR = true)} once per layer, which multiplies by the learning rate exactly as AdamW does.
 * It is set here on each layer: DL4J M2.1's builder-level {@code .weightDecay(λ)} puts it in every layer's list twice,
 * which is AdamW(2λ).</li>
 * </ul>
 * PyTorch decays every parameter it is given, biases included, so both go on the biases too
 * ({@code .l2Bias}, {@code .weightDecayBias}).
 *
 * @param name        {@code adam} or {@code adamw}
 * @param weightDecay the optimizer's {@code weight_decay}
 */
public record Optimizer(String name, double weightDecay) {
    /** Plain Adam, as the notebook trains. */
    public static final Optimizer ADAM = new Optimizer("adam", 0);

    /** Validates the fields. */
    public Optimizer {
        if (!List.of("adam", "adamw").contains(name)) {
            throw new InputException("optimizer '" + name + "': expected adam or adamw");
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new InputException("weight_decay " + weightDecay + ": must be 0 or more");
        }
    }

    /**
     * The optimizer recorded in {@code dir/meta.json}; Adam without decay when the fields are absent. A field that is
     * present must have its type: {@code "optimizer"} a string, {@code "weight_decay"} a number.
     */
    public static Optimizer of(Path dir) {
        Path file = dir.resolve("meta.json");
        JsonNode meta = Reference.readMeta(file);
        // present means typed: a null, a boolean or a string where a number belongs is refused, never read as 0 or 1
        String name = meta.has("optimizer") ? Reference.text(meta, file, "optimizer").toLowerCase(Locale.ROOT)
                : "adam";
        double decay = meta.has("weight_decay") ? Reference.number(meta, file, "weight_decay") : 0;
        try {
            return new Optimizer(name, decay);
        } catch (InputException e) {
            throw new InputException(Messages.path(file) + ": " + e.getMessage());
        }
    }

    /** The DL4J regularization equivalent to this optimizer's weight decay; empty for none. */
    public List<Regularization> regularization() {
        if (weightDecay == 0) {
            return List.of();
        }
        return List.of(name.equals("adamw") ? new WeightDecay(weightDecay, true) : new L2Regularization(weightDecay));
    }

    /** Puts the regularization on every trainable layer's weights and biases of {@code conf}, in place. */
    public MultiLayerConfiguration applyTo(MultiLayerConfiguration conf) {
        for (var layer : conf.getConfs()) {
            if (layer.getLayer() instanceof BaseLayer base) {
                base.setRegularization(new java.util.ArrayList<>(regularization()));
                base.setRegularizationBias(new java.util.ArrayList<>(regularization()));
            }
        }
        return conf;
    }

    /** How the run was described: {@code Adam}, {@code Adam(weight_decay=0.1)}, {@code AdamW(weight_decay=0.1)}. */
    @Override
    public String toString() {
        String torch = name.equals("adamw") ? "AdamW" : "Adam";
        return weightDecay == 0 && name.equals("adam") ? torch
                : String.format(Locale.ROOT, "%s(weight_decay=%s) = DL4J %s(%s)", torch, weightDecay,
                        name.equals("adamw") ? ".weightDecay" : ".l2", weightDecay);
    }
}
