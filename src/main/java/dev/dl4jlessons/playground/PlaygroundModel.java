package dev.dl4jlessons.playground;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

import dev.dl4jlessons.playground.PlaygroundSettings.Act;
import dev.dl4jlessons.playground.PlaygroundSettings.Placement;

/**
 * The one model of the playground: {@link #configuration} turns every setting of a page into a
 * {@link MultiLayerConfiguration}, and {@link #javaCode} prints the same configuration as Java a lesson can paste
 * ({@code PlaygroundModelTest} compiles that code and compares its configuration with this one's).
 *
 * <p>Each hidden layer is a block of DL4J layers; {@link #blocks} says which DL4J layers belong to which hidden layer,
 * so the page can show a hidden unit's output and its dropout mask.
 */
public final class PlaygroundModel {
    private PlaygroundModel() {
    }

    /**
     * The network for {@code s}. Per hidden layer, by its settings:
     * <ul>
     * <li>no batch norm: {@code Dense(activation)}, then {@code Dropout} if p &gt; 0;</li>
     * <li>batch norm, dropout after it: {@code Dense(identity) → BatchNorm → Activation → Dropout};</li>
     * <li>batch norm, dropout before it: {@code Dense(activation) → Dropout → BatchNorm}, the order whose variance
     * shift Li et al. (2019) describe.</li>
     * </ul>
     * DL4J's dropout takes the <em>retain</em> probability, so a drop probability p becomes {@code 1 - p}.
     */
    // lesson:configuration
    public static MultiLayerConfiguration configuration(PlaygroundSettings s) {
        var layers = new NeuralNetConfiguration.Builder()
                .seed(s.seed())
                .updater(updater(s))
                .l2(s.l2())
                .weightInit(WeightInit.XAVIER)
                .list();
        Activation activation = activation(s.activation());
        for (int i = 0; i < s.layers(); i++) {
            int units = s.units().get(i);
            double drop = s.dropout().get(i);
            boolean batchNorm = s.batchNorm().get(i);
            if (batchNorm && s.placement() == Placement.AFTER) {
                layers.layer(new DenseLayer.Builder().nOut(units).activation(Activation.IDENTITY).build());
                layers.layer(new BatchNormalization.Builder().build());
                layers.layer(new ActivationLayer(activation));
            } else {
                layers.layer(new DenseLayer.Builder().nOut(units).activation(activation).build());
            }
            if (drop > 0) {
                layers.layer(new DropoutLayer(1 - drop));
            }
            if (batchNorm && s.placement() == Placement.BEFORE) {
                layers.layer(new BatchNormalization.Builder().build());
            }
        }
        layers.layer(output(s.problem()));
        return layers.setInputType(InputType.feedForward(s.problem().inputs())).build();
    }
    // end:configuration

    private static IUpdater updater(PlaygroundSettings s) {
        return switch (s.optimizer()) {
            case SGD -> new Sgd(s.learningRate());
            case ADAM -> new Adam(s.learningRate());
        };
    }

    private static OutputLayer output(Problem problem) {
        return switch (problem.kind()) {
            case BINARY -> new OutputLayer.Builder(LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build();
            case REGRESSION -> new OutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)
                    .build();
            case CLASSES -> new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)
                    .build();
        };
    }

    static Activation activation(Act act) {
        return switch (act) {
            case RELU -> Activation.RELU;
            case TANH -> Activation.TANH;
            case SIGMOID -> Activation.SIGMOID;
            case LINEAR -> Activation.IDENTITY;
        };
    }

    /**
     * Where hidden layer {@code i}'s parts sit among the network's layers.
     *
     * @param output    index of the DL4J layer whose output is the hidden layer's output (what the next layer reads)
     * @param dropout   index of its {@code DropoutLayer}, or -1
     * @param batchNorm index of its {@code BatchNormalization}, or -1
     */
    public record Block(int output, int dropout, int batchNorm) {
    }

    /** The blocks of {@link #configuration}'s hidden layers, in order, by the same rules. */
    public static List<Block> blocks(PlaygroundSettings s) {
        var blocks = new ArrayList<Block>();
        int next = 0;
        for (int i = 0; i < s.layers(); i++) {
            boolean drop = s.dropout().get(i) > 0;
            boolean batchNorm = s.batchNorm().get(i);
            int dropout = -1;
            int bn = -1;
            if (batchNorm && s.placement() == Placement.AFTER) {
                bn = next + 1;
                next += 3;
            } else {
                next += 1;
            }
            if (drop) {
                dropout = next++;
            }
            if (batchNorm && s.placement() == Placement.BEFORE) {
                bn = next++;
            }
            blocks.add(new Block(next - 1, dropout, bn));
        }
        return blocks;
    }

    /** {@link #configuration} for {@code s} as Java source: a statement that assigns {@code conf}. */
    public static String javaCode(PlaygroundSettings s) {
        var j = new StringBuilder();
        j.append("MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()\n");
        j.append("        .seed(").append(s.seed()).append(")\n");
        j.append("        .updater(new ").append(s.optimizer() == PlaygroundSettings.Optimizer.SGD ? "Sgd" : "Adam")
                .append('(').append(literal(s.learningRate())).append("))\n");
        j.append("        .l2(").append(literal(s.l2())).append(")\n");
        j.append("        .weightInit(WeightInit.XAVIER)\n");
        j.append("        .list()\n");
        String activation = "Activation." + activation(s.activation()).name();
        for (int i = 0; i < s.layers(); i++) {
            int units = s.units().get(i);
            double drop = s.dropout().get(i);
            boolean batchNorm = s.batchNorm().get(i);
            j.append("        // hidden layer ").append(i + 1).append('\n');
            if (batchNorm && s.placement() == Placement.AFTER) {
                j.append(dense(units, "Activation.IDENTITY"));
                j.append("        .layer(new BatchNormalization.Builder().build())\n");
                j.append("        .layer(new ActivationLayer(").append(activation).append("))\n");
            } else {
                j.append(dense(units, activation));
            }
            if (drop > 0) {
                j.append("        .layer(new DropoutLayer(").append(literal(1 - drop)).append("))  // drop p = ")
                        .append(literal(drop)).append(": DL4J takes the retain probability\n");
            }
            if (batchNorm && s.placement() == Placement.BEFORE) {
                j.append("        .layer(new BatchNormalization.Builder().build())  // after dropout: the variance "
                        + "shift\n");
            }
        }
        j.append("        .layer(").append(switch (s.problem().kind()) {
            case BINARY -> "new OutputLayer.Builder(LossFunction.XENT).nOut(1).activation(Activation.SIGMOID).build()";
            case REGRESSION -> "new OutputLayer.Builder(LossFunction.MSE).nOut(1).activation(Activation.IDENTITY)"
                    + ".build()";
            case CLASSES -> "new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX)"
                    + ".build()";
        }).append(")\n");
        j.append("        .setInputType(InputType.feedForward(").append(s.problem().inputs()).append("))\n");
        j.append("        .build();\n");
        return j.toString();
    }

    /** The imports {@link #javaCode} needs, one per line. */
    public static String javaImports() {
        return String.join("\n", List.of(
                "import org.deeplearning4j.nn.conf.MultiLayerConfiguration;",
                "import org.deeplearning4j.nn.conf.NeuralNetConfiguration;",
                "import org.deeplearning4j.nn.conf.inputs.InputType;",
                "import org.deeplearning4j.nn.conf.layers.*;",
                "import org.deeplearning4j.nn.weights.WeightInit;",
                "import org.nd4j.linalg.activations.Activation;",
                "import org.nd4j.linalg.learning.config.*;",
                "import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;")) + "\n";
    }

    private static String dense(int units, String activation) {
        return "        .layer(new DenseLayer.Builder().nOut(" + units + ").activation(" + activation + ").build())\n";
    }

    /** A double as Java source that reads back as the same double, in any locale. */
    static String literal(double x) {
        return String.format(Locale.ROOT, "%s", x);
    }
}
