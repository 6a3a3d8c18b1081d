package dev.dl4jlessons.parity;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.deeplearning4j.nn.conf.layers.BaseOutputLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.LessonCatalog;
import dev.dl4jlessons.lessons.ModelLesson;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.scratch.Checks;
import dev.dl4jlessons.scratch.MaskDropout;

/**
 * Replays a PyTorch reference run through the lesson's own DL4J configuration: PyTorch's initial parameters, its
 * batch order and its dropout masks, then compares every step's loss, the final parameters and the eval-mode output.
 */
public final class Parity {
    /** Largest accepted relative difference of a step's loss. */
    public static final double TOLERANCE = 1e-4;

    private Parity() {
    }

    /**
     * The figures of one comparison.
     *
     * @param lossRelative        largest |DL4J − PyTorch| / |PyTorch| over the step losses
     * @param parameters          largest |difference| of the final parameters the loss depends on
     * @param unpinned            largest |difference| of the parameters the loss cannot pin down: the bias of a
     *                            linear layer that feeds batch normalization, and that layer's running mean
     * @param runningVar          largest |difference| of the final running variances as stored
     * @param runningVarCorrected the same after correcting DL4J's running-variance updates by n/(n−1)
     * @param evalAsTrained       largest |difference| of the eval-mode outputs of the two trained models
     * @param eval                the same with PyTorch's values for the unpinned parameters
     * @param evalCorrected       the same, and with the corrected running variances
     */
    public record Result(double lossRelative, double parameters, double unpinned, double runningVar,
            double runningVarCorrected, double evalAsTrained, double eval, double evalCorrected) {
        /** Whether the step losses agree within {@link #TOLERANCE}. */
        public boolean pass() {
            return lossRelative <= TOLERANCE;
        }

        /** The closing line. */
        public String summary() {
            return String.format(Locale.ROOT, "parity: %s loss_rel=%.1e params=%.1e eval=%.1e eval_corrected=%.1e",
                    pass() ? "PASS" : "FAIL", lossRelative, parameters, eval, evalCorrected);
        }
    }

    /** Where one PyTorch module's tensors go in the DL4J network. */
    private record Slot(int layer, String module, String kind, boolean feedsBatchNorm) {
    }

    /** Runs the comparison and prints it; the last line is {@link Result#summary()}. */
    public static Result run(Reference ref, PrintStream out) {
        var lesson = (ModelLesson) LessonCatalog.find(ref.model()).orElseThrow();
        var settings = new Settings(ref.seed(), ref.epochs(), ref.batchSize(), ref.lr(), null, null);
        Optimizer optimizer = Optimizer.of(ref.dir());
        MultiLayerNetwork net = new MultiLayerNetwork(optimizer.applyTo(lesson.model(settings)));
        net.init();
        List<Slot> slots = slots(net, ref);
        load(net, slots, ref);
        var bnLayers = slots.stream().filter(s -> s.kind().equals("bn")).toList();
        Map<Integer, INDArray> correctedVar = new HashMap<>();
        for (Slot s : bnLayers) {
            correctedVar.put(s.layer(), net.getLayer(s.layer()).getParam("var").dup());
        }

        int n = ref.rows();
        double[] dl4jLosses = new double[(int) ref.losses().length()];
        int step = 0;
        for (int epoch = 0; epoch < ref.epochs(); epoch++) {
            long[] order = ref.order().getRow(epoch).toLongVector();
            for (int start = 0; start < n; start += ref.batchSize()) {
                int end = Math.min(start + ref.batchSize(), n);
                int[] rows = new int[end - start];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = (int) order[start + i];
                }
                var batch = new DataSet(ref.x().getRows(rows), ref.y().getRows(rows));
                Map<Integer, INDArray> before = new HashMap<>();
                for (Slot s : bnLayers) {
                    before.put(s.layer(), net.getLayer(s.layer()).getParam("var").dup());
                }
                // DL4J's score adds the regularization penalty; PyTorch's loss.item() is the data loss alone
                double penalty = net.calcRegularizationScore(true);
                net.fit(batch);
                dl4jLosses[step++] = net.score() - penalty;
                double unbias = rows.length / (rows.length - 1.0);
                for (Slot s : bnLayers) {
                    double decay = ((BatchNormalization) net.getLayer(s.layer()).conf().getLayer()).getDecay();
                    INDArray update = net.getLayer(s.layer()).getParam("var").sub(before.get(s.layer()).mul(decay));
                    correctedVar.put(s.layer(), correctedVar.get(s.layer()).mul(decay).add(update.mul(unbias)));
                }
            }
        }

        double lossRel = 0;
        for (int i = 0; i < dl4jLosses.length; i++) {
            double r = ref.losses().getDouble(i);
            lossRel = Math.max(lossRel, Math.abs(dl4jLosses[i] - r) / Math.max(Math.abs(r), 1e-12));
        }
        double params = 0;
        double unpinned = 0;
        double runningVar = 0;
        double runningVarCorrected = 0;
        for (Slot s : slots) {
            var layer = net.getLayer(s.layer());
            switch (s.kind()) {
                case "fc" -> {
                    params = Math.max(params, Checks.maxDiff(ref.last().get(s.module() + ".weight").transpose(),
                            layer.getParam("W")));
                    double bias = Checks.maxDiff(ref.last().get(s.module() + ".bias"), layer.getParam("b"));
                    if (s.feedsBatchNorm()) {
                        unpinned = Math.max(unpinned, bias);
                    } else {
                        params = Math.max(params, bias);
                    }
                }
                case "bn" -> {
                    params = Math.max(params, Checks.maxDiff(ref.last().get(s.module() + ".weight"),
                            layer.getParam("gamma")));
                    params = Math.max(params, Checks.maxDiff(ref.last().get(s.module() + ".bias"),
                            layer.getParam("beta")));
                    unpinned = Math.max(unpinned, Checks.maxDiff(ref.last().get(s.module() + ".running_mean"),
                            layer.getParam("mean")));
                    INDArray ptVar = ref.last().get(s.module() + ".running_var");
                    runningVar = Math.max(runningVar, Checks.maxDiff(ptVar, layer.getParam("var")));
                    runningVarCorrected = Math.max(runningVarCorrected,
                            Checks.maxDiff(ptVar, correctedVar.get(s.layer())));
                }
                default -> {
                }
            }
        }
        double evalAsTrained = Checks.maxDiff(ref.eval(), net.output(ref.x(), false));
        // Take PyTorch's values for what the loss can't pin down, so that only the variance question remains.
        for (Slot s : slots) {
            var layer = net.getLayer(s.layer());
            if (s.feedsBatchNorm()) {
                layer.setParam("b", ref.last().get(s.module() + ".bias").reshape(layer.getParam("b").shape()).dup());
            } else if (s.kind().equals("bn")) {
                layer.setParam("mean", ref.last().get(s.module() + ".running_mean")
                        .reshape(layer.getParam("mean").shape()).dup());
            }
        }
        double eval = Checks.maxDiff(ref.eval(), net.output(ref.x(), false));
        for (Slot s : bnLayers) {
            net.getLayer(s.layer()).setParam("var", correctedVar.get(s.layer()).reshape(
                    net.getLayer(s.layer()).getParam("var").shape()));
        }
        double evalCorrected = Checks.maxDiff(ref.eval(), net.output(ref.x(), false));
        var result = new Result(lossRel, params, unpinned, runningVar, runningVarCorrected, evalAsTrained, eval,
                evalCorrected);
        print(ref, optimizer, dl4jLosses, result, !bnLayers.isEmpty(), out);
        return result;
    }

    private static void print(Reference ref, Optimizer optimizer, double[] dl4j, Result r, boolean batchNorm,
            PrintStream out) {
        out.printf(Locale.ROOT, "reference %s: model %s, %d rows, batch %d, %d epochs, lr %s, %d steps%n", ref.dir(),
                ref.model(), ref.rows(), ref.batchSize(), ref.epochs(), ref.lr(), dl4j.length);
        if (!optimizer.equals(Optimizer.ADAM)) {
            out.println("optimizer: " + optimizer);
        }
        out.printf(java.util.Locale.ROOT, "%-6s %-14s %-14s %s%n", "step", "PyTorch loss", "DL4J loss", "relative diff");
        for (int i = 0; i < dl4j.length; i++) {
            if (i < 5 || i == dl4j.length - 1) {
                double p = ref.losses().getDouble(i);
                out.printf(Locale.ROOT, "%-6d %-14.8f %-14.8f %.1e%n", i + 1, p, dl4j[i],
                        Math.abs(dl4j[i] - p) / Math.max(Math.abs(p), 1e-12));
            } else if (i == 5) {
                out.println("...");
            }
        }
        out.printf(Locale.ROOT, "step losses:       max relative difference %.1e (tolerance %.0e)%n", r.lossRelative(),
                TOLERANCE);
        out.printf(Locale.ROOT, "final parameters:  max |difference| %.1e (weights, %s)%n", r.parameters(),
                batchNorm ? "output bias, gamma, beta" : "biases");
        if (!batchNorm) {
            out.printf(Locale.ROOT, "eval output:       max |difference| %.1e%n", r.eval());
        } else {
            out.printf(Locale.ROOT, "unpinned state:    max |difference| %.1e (bias of a linear layer feeding batch "
                    + "norm, and that norm's running mean)%n", r.unpinned());
            out.println("  Batch norm subtracts the batch mean, so that bias cancels: its gradient is rounding noise"
                    + " (~1e-9), which Adam scales up to steps of about lr, differently in each library.");
            out.printf(Locale.ROOT, "running variance:  max |difference| %.1e as stored; %.1e after correcting "
                    + "DL4J's updates by n/(n-1)%n", r.runningVar(), r.runningVarCorrected());
            out.println("  DL4J updates the running variance with the biased batch variance (divided by n), PyTorch"
                    + " with the unbiased one (divided by n-1).");
            out.printf(Locale.ROOT, "eval output:       max |difference| %.1e as trained; %.1e with PyTorch's unpinned "
                    + "state; %.1e with the corrected running variance too%n", r.evalAsTrained(), r.eval(),
                    r.evalCorrected());
        }
        out.println(r.summary());
    }

    /** Maps the DL4J layers, in order, to the notebook's module names: fc1, fc2, ..., bn1, ..., dropout. */
    private static List<Slot> slots(MultiLayerNetwork net, Reference ref) {
        List<Slot> slots = new ArrayList<>();
        List<String> dropoutModules = new ArrayList<>(ref.masks().keySet());
        int fc = 0;
        int bn = 0;
        int dropout = 0;
        for (int i = 0; i < net.getnLayers(); i++) {
            var layer = net.getLayer(i).conf().getLayer();
            if (layer instanceof DenseLayer || layer instanceof BaseOutputLayer) {
                boolean feedsBatchNorm = i + 1 < net.getnLayers()
                        && net.getLayer(i + 1).conf().getLayer() instanceof BatchNormalization;
                slots.add(new Slot(i, "fc" + ++fc, "fc", feedsBatchNorm));
            } else if (layer instanceof BatchNormalization) {
                slots.add(new Slot(i, "bn" + ++bn, "bn", false));
            } else if (layer instanceof DropoutLayer) {
                if (dropout >= dropoutModules.size()) {
                    throw new InputException(ref.dir().resolve("masks") + ": the " + ref.model()
                            + " model has a dropout layer but no mask file for it (expected masks/dropout.npy)");
                }
                slots.add(new Slot(i, dropoutModules.get(dropout++), "dropout", false));
            }
        }
        if (dropout < dropoutModules.size()) {
            // A mask the replay would never apply: PASS would then vouch for masks that were not compared.
            String unused = dropoutModules.get(dropout);
            throw new InputException(Messages.path(ref.dir().resolve("masks").resolve(unused + ".npy")) + ": the "
                    + ref.model() + " model has " + (dropout == 0 ? "no dropout layer" : dropout + " dropout layer"
                    + (dropout == 1 ? "" : "s")) + ", so this mask would never be used; remove it (a file left from "
                    + "another run?)");
        }
        return slots;
    }

    private static void load(MultiLayerNetwork net, List<Slot> slots, Reference ref) {
        Set<String> used = new HashSet<>();
        for (Slot s : slots) {
            var layer = net.getLayer(s.layer());
            switch (s.kind()) {
                case "fc" -> {
                    set(layer, "W", ref, s.module() + ".weight", true, used);
                    set(layer, "b", ref, s.module() + ".bias", false, used);
                }
                case "bn" -> {
                    set(layer, "gamma", ref, s.module() + ".weight", false, used);
                    set(layer, "beta", ref, s.module() + ".bias", false, used);
                    set(layer, "mean", ref, s.module() + ".running_mean", false, used);
                    set(layer, "var", ref, s.module() + ".running_var", false, used);
                }
                default -> {
                    INDArray masks = ref.masks().get(s.module());
                    int[] cursor = {0};
                    layer.conf().getLayer().setIDropout(new MaskDropout(shape -> {
                        int rows = (int) shape[0];
                        if (shape[1] != masks.columns()) {
                            throw new InputException(ref.dir().resolve("masks").resolve(s.module() + ".npy")
                                    + ": width " + masks.columns() + ", but the layer has " + shape[1] + " units");
                        }
                        INDArray m = masks.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(cursor[0],
                                cursor[0] + rows), org.nd4j.linalg.indexing.NDArrayIndex.all());
                        cursor[0] += rows;
                        return m;
                    }));
                }
            }
        }
        for (String name : ref.initial().keySet()) {
            if (!used.contains(name)) {
                throw new InputException(ref.dir().resolve("init").resolve(name + ".npy") + ": the " + ref.model()
                        + " model has no parameter of that name");
            }
        }
    }

    private static void set(org.deeplearning4j.nn.api.Layer layer, String key, Reference ref, String name,
            boolean transpose, Set<String> used) {
        INDArray value = ref.initial().get(name);
        var file = ref.dir().resolve("init").resolve(name + ".npy");
        if (value == null) {
            throw new InputException(Messages.path(file) + ": missing");
        }
        INDArray target = layer.getParam(key);
        INDArray v = transpose ? value.transpose() : value;
        if (v.length() != target.length() || (transpose && (v.rows() != target.rows()))) {
            throw new InputException(Messages.path(file) + ": shape " + java.util.Arrays.toString(value.shape())
                    + " does not fit the DL4J parameter " + key + " " + java.util.Arrays.toString(target.shape())
                    + (transpose ? " (transposed)" : ""));
        }
        layer.setParam(key, v.reshape(target.shape()).castTo(target.dataType()).dup());
        used.add(name);
    }
}
