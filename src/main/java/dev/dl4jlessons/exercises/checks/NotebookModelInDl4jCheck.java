package dev.dl4jlessons.exercises.checks;

import java.util.ArrayList;
import java.util.List;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.dropout.Dropout;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.weights.WeightInitUniform;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;

import dev.dl4jlessons.exercises.CheckFailure;
import dev.dl4jlessons.exercises.Exercise;
import dev.dl4jlessons.exercises.Hint;
import dev.dl4jlessons.exercises.Student;
import dev.dl4jlessons.harness.History;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.PyTorchDefaults;
import dev.dl4jlessons.harness.Settings;

/**
 * Exercise 3: the notebook's {@code ModelWithBoth} as a DL4J configuration, checked by what the network is and by
 * training it beside a frozen copy of
 * the notebook's model ({@link ModelWithBoth}) with the same seeds; the seed argument must reach the configuration.
 */
public final class NotebookModelInDl4jCheck extends Exercise {
    /** Hint: the layer sequence is wrong. */
    public static final Hint LAYERS = Hint.of("the layers differ from ModelWithBoth's (their kinds, order or sizes)", "Dense(10→50), BatchNormalization, ActivationLayer(RELU), DropoutLayer, Dense(50→20), BatchNormalization, ActivationLayer(RELU), OutputLayer(20→1); batch norm goes between the dense layer and its ReLU");
    /** Hint: a layer left with DL4J's default sigmoid. */
    public static final Hint SIGMOID = Hint.of("a layer kept DL4J's default activation, SIGMOID", "set Activation.IDENTITY on each dense layer (batch norm and then an ActivationLayer(RELU) follow it) and on the output layer");
    /** Hint: the output layer left with its default activation. */
    public static final Hint OUTPUT_DEFAULT = Hint.of("the output layer kept its default activation (SOFTMAX for an OutputLayer), but the notebook's fc3 is linear", "set Activation.IDENTITY on the output layer");
    /** Hint: ReLU before batch norm. */
    public static final Hint RELU_BEFORE_BN = Hint.of("the dense layer that feeds batch norm applies ReLU itself, but ModelWithBoth normalizes before the ReLU", "make the dense layer IDENTITY; an ActivationLayer(RELU) comes after batch norm");
    /** Hint: PyTorch's drop probability passed as DL4J's retain probability. */
    public static final Hint DROP_AS_RETAIN = Hint.of("the dropout layer keeps 20% of the units: PyTorch's drop probability was passed as DL4J's retain probability", "PyTorch's Dropout(0.2) is new DropoutLayer(0.8)");
    /** Hint: PyTorch's momentum taken as DL4J's decay. */
    public static final Hint MOMENTUM_AS_DECAY = Hint.of("batch norm's decay is PyTorch's momentum", "DL4J's decay weighs the old running statistics, so momentum 0.1 is decay(0.9)");
    /** Hint: the seed argument ignored. */
    public static final Hint SEED_IGNORED = Hint.of("the configuration's seed is not the seed passed in: it is fixed "
            + "or left out", "NeuralNetConfiguration.Builder().seed(seed), with the method's argument");
    /** Hint: the retain probability differs from the notebook's. */
    public static final Hint RETAIN = Hint.of("the dropout layer's retain probability is not the notebook's",
            "PyTorch's Dropout(0.2) drops 20%: DL4J retain 0.8");
    /** Hint: wrong initialisation. */
    public static final Hint INIT = Hint.of("the weights are not drawn as PyTorch's nn.Linear draws them", "set weightInit(WeightInit.UNIFORM), U(±1/√fan_in), instead of DL4J's default XAVIER");

    /** Exercise 3. */
    public NotebookModelInDl4jCheck() {
        super(3, "NotebookModelInDl4j", "the notebook's ModelWithBoth as a MultiLayerConfiguration");
    }

    @Override
    public List<String> forbidden() {
        return List.of("dev/dl4jlessons/scratch/", "dev/dl4jlessons/lessons/", "dev/dl4jlessons/lab/",
                "dev/dl4jlessons/harness/Regularizers");
    }

    private static final List<Class<? extends Layer>> TYPES = List.of(DenseLayer.class, BatchNormalization.class,
            ActivationLayer.class, DropoutLayer.class, DenseLayer.class, BatchNormalization.class,
            ActivationLayer.class, OutputLayer.class);

    @Override
    public void check(Student student) throws CheckFailure {
        String call = "configuration(seed 42)";
        MultiLayerConfiguration conf;
        try {
            conf = student.call("configuration", new Class<?>[] {long.class}, 42L);
        } catch (CheckFailure f) {
            if (f.hint().contains("Softmax") || f.hint().contains("SOFTMAX")) {
                throw new CheckFailure(call, "an OutputLayer with Activation.IDENTITY", "an OutputLayer with DL4J's "
                        + "default activation, SOFTMAX (the build refused it for nOut 1)", OUTPUT_DEFAULT);
            }
            throw f;
        }
        if (conf == null) {
            throw new CheckFailure(call, "a MultiLayerConfiguration", "null", "return the built configuration");
        }
        var layers = new ArrayList<Layer>();
        conf.getConfs().forEach(c -> layers.add(c.getLayer()));
        var types = layers.stream().map(l -> l.getClass().getSimpleName()).toList();
        var expectedTypes = TYPES.stream().map(Class::getSimpleName).toList();
        if (!types.equals(expectedTypes)) {
            throw new CheckFailure(call + ": layer types", expectedTypes.toString(), types.toString(), LAYERS);
        }
        int[][] sizes = {{0, 10, 50}, {4, 50, 20}, {7, 20, 1}};
        for (int[] s : sizes) {
            var f = (FeedForwardLayer) layers.get(s[0]);
            if (f.getNIn() != s[1] || f.getNOut() != s[2]) {
                throw new CheckFailure(call + ": layer " + s[0] + " sizes", s[1] + " → " + s[2],
                        f.getNIn() + " → " + f.getNOut(), LAYERS);
            }
        }
        for (int i : new int[] {0, 4, 7}) {
            IActivation a = ((BaseLayer) layers.get(i)).getActivationFn();
            if (!(a instanceof ActivationIdentity)) {
                throw new CheckFailure(call + ": activation of layer " + i + " (" + types.get(i) + ")", "IDENTITY",
                        String.valueOf(a), a instanceof ActivationSigmoid ? SIGMOID
                                : a instanceof ActivationReLU && i != 7 ? RELU_BEFORE_BN : SIGMOID);
            }
        }
        for (int i : new int[] {2, 6}) {
            IActivation a = ((ActivationLayer) layers.get(i)).getActivationFn();
            if (!(a instanceof ActivationReLU)) {
                throw new CheckFailure(call + ": activation of layer " + i + " (ActivationLayer)", "RELU",
                        String.valueOf(a), a instanceof ActivationSigmoid ? SIGMOID : LAYERS);
            }
        }
        var dropout = layers.get(3).getIDropout();
        double retain = dropout instanceof Dropout d ? d.getP() : Double.NaN;
        if (Math.abs(retain - 0.8) > 1e-9) {
            throw new CheckFailure(call + ": retain probability of the dropout layer", "0.8 (PyTorch's Dropout(0.2))",
                    dropout == null ? "no dropout" : String.valueOf(retain),
                    Math.abs(retain - 0.2) < 1e-9 ? DROP_AS_RETAIN : RETAIN);
        }
        for (int i : new int[] {1, 5}) {
            var bn = (BatchNormalization) layers.get(i);
            if (Math.abs(bn.getDecay() - 0.9) > 1e-9 || Math.abs(bn.getEps() - 1e-5) > 1e-12) {
                throw new CheckFailure(call + ": batch norm layer " + i, "decay 0.9, eps 1e-5",
                        Student.format("decay %s, eps %s", bn.getDecay(), bn.getEps()),
                        Math.abs(bn.getDecay() - 0.1) < 1e-9 ? MOMENTUM_AS_DECAY
                                : Hint.of("batch norm's decay or eps differs from PyTorch's BatchNorm1d defaults",
                                        "momentum 0.1 is DL4J decay 0.9; eps 1e-5"));
            }
        }
        for (int i : new int[] {0, 4, 7}) {
            var init = ((BaseLayer) layers.get(i)).getWeightInitFn();
            if (!(init instanceof WeightInitUniform)) {
                throw new CheckFailure(call + ": weight init of layer " + i, "UNIFORM (U(±1/√fan_in))",
                        String.valueOf(init), INIT);
            }
        }
        var output = (OutputLayer) layers.get(7);
        if (!(output.getLossFn() instanceof LossMSE)) {
            throw new CheckFailure(call + ": loss", "MSE", String.valueOf(output.getLossFn()),
                    Hint.of("the loss is not the notebook's nn.MSELoss()", "new OutputLayer.Builder(LossFunction.MSE)"));
        }
        var updater = ((BaseLayer) layers.get(0)).getIUpdater();
        if (!(updater instanceof Adam adam) || Math.abs(adam.getLearningRate() - 0.01) > 1e-12) {
            throw new CheckFailure(call + ": updater", "Adam, learning rate 0.01", String.valueOf(updater),
                    Hint.of("the updater is not the notebook's optim.Adam(lr=0.01)", "use PyTorchDefaults.adam(0.01)"));
        }
        if (Math.abs(adam.getEpsilon() - PyTorchDefaults.adam(0.01).getEpsilon()) > 1e-20) {
            throw new CheckFailure(call + ": Adam's epsilon", String.valueOf(PyTorchDefaults.adam(0.01).getEpsilon()),
                    String.valueOf(adam.getEpsilon()), Hint.of("Adam's epsilon is DL4J's default, and DL4J's Adam puts "
                    + "epsilon elsewhere in its formula than PyTorch", "PyTorchDefaults.adam(0.01) gives PyTorch's "
                    + "steps"));
        }
        for (long seed : SEEDS) {
            MultiLayerConfiguration other = seed == 42 ? conf : student.call("configuration",
                    new Class<?>[] {long.class}, seed);
            long got = other == null ? -1 : other.getConfs().get(0).getSeed();
            for (var c : other == null ? List.<org.deeplearning4j.nn.conf.NeuralNetConfiguration>of()
                    : other.getConfs()) {
                got = c.getSeed() != seed ? c.getSeed() : got;
            }
            if (got != seed) {
                throw new CheckFailure("configuration(seed " + seed + "): seed", String.valueOf(seed),
                        String.valueOf(got), SEED_IGNORED);
            }
            if (seed != SEEDS[SEEDS.length - 1]) {
                losses(student, other, seed);
            }
        }
    }

    /** Seeds the configuration is asked for; the losses are compared for all but the last. */
    static final long[] SEEDS = {42, 7, 123};

    @Override
    public long timeLimitSeconds() {
        return 120;
    }

    /** Trains the student's model and the frozen ModelWithBoth with the same seed and data; the losses must agree. */
    private static void losses(Student student, MultiLayerConfiguration conf, long seed) throws CheckFailure {
        Settings settings = Settings.NOTEBOOK.withSeed(seed);
        var data = NotebookRun.data(settings);
        History expected = NotebookRun.trainQuietly("ModelWithBoth", ModelWithBoth.configuration(seed), data,
                settings).history();
        History got = NotebookRun.trainQuietly("exercise", conf, data, settings).history();
        var e = expected.epochs().stream().map(x -> x.lastLoss()).toList();
        var g = got.epochs().stream().map(x -> x.lastLoss()).toList();
        for (int i = 0; i < e.size(); i++) {
            if (Math.abs(e.get(i) - g.get(i)) > 1e-6 * Math.max(1, Math.abs(e.get(i)))) {
                throw new CheckFailure("5 epochs on the notebook's data, seed " + seed + ": epoch losses",
                        losses(e), losses(g), Hint.of("the structure matches but training differs from "
                        + "ModelWithBoth's", "compare your builder with ModelWithBoth line by line "
                        + "(useLogStd(false), biases, input type)"));
            }
        }
    }

    private static String losses(List<Double> values) {
        return String.join(", ", values.stream().map(v -> Student.format("%.6f", v)).toList());
    }
}
