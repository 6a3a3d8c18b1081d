package dev.dl4jlessons.lessons.dropoutinternals;

import java.io.PrintStream;
import java.util.Locale;

import org.deeplearning4j.nn.conf.dropout.IDropout;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.harness.NotebookRun;
import dev.dl4jlessons.harness.Regularizers;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.Lesson;
import dev.dl4jlessons.lessons.combined.CombinedLesson;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.scratch.Checks;
import dev.dl4jlessons.scratch.ScratchDropout;
import dev.dl4jlessons.runtime.Launcher;

/**
 * Lesson 5: dropout from scratch, checked against DL4J, and the behaviours that trip people up.
 *
 * <p>Guide: {@code lessons/05-dropout-under-the-hood.md}.
 */
public final class DropoutInternalsLesson implements Lesson {
    @Override
    public String name() {
        return "dropout-internals";
    }

    @Override
    public String title() {
        return "Dropout under the hood: from scratch, inverted vs original, training vs inference";
    }

    @Override
    public String guide() {
        return "05-dropout-under-the-hood.md";
    }

    @Override
    public int order() {
        return 50;
    }

    /** {@code --dropout} sets the drop probability of the checks and experiments here. */
    @Override
    public boolean readsDropout() {
        return true;
    }

    @Override
    public void run(Settings settings, PrintStream out) {
        expectedActivation(settings, out);
        againstDl4j(settings, out);
        trainingVersusInference(settings, out);
        retainVersusDrop(settings, out);
    }

    // lesson:expected-activation
    /** Both formulations keep the training-time mean equal to the inference-time mean. */
    static void expectedActivation(Settings settings, PrintStream out) {
        double drop = settings.dropOr(0.5);
        double retain = 1 - drop;
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(settings.seed());
        INDArray x = Nd4j.rand(rng, 2000, 50).castTo(DataType.FLOAT).addi(0.5); // 100,000 activations
        INDArray keep = ScratchDropout.keepPattern(x.shape(), retain, rng);
        INDArray mask = ScratchDropout.invertedMask(keep, retain);
        out.printf(Locale.ROOT, "1. Inverted vs original dropout (drop p = %.2f, retain %.2f), 100,000 activations%n",
                drop, retain);
        out.printf(java.util.Locale.ROOT, "%-10s %-15s %-15s %s%n", "form", "training mean", "inference mean", "scaling happens");
        out.printf(Locale.ROOT, "%-10s %-15.4f %-15.4f %s%n", "inverted",
                ScratchDropout.invertedForward(x, mask).meanNumber().doubleValue(),
                ScratchDropout.invertedInference(x).meanNumber().doubleValue(), "in training, × 1/retain");
        out.printf(Locale.ROOT, "%-10s %-15.4f %-15.4f %s%n", "original",
                ScratchDropout.originalForward(x, keep).meanNumber().doubleValue(),
                ScratchDropout.originalInference(x, retain).meanNumber().doubleValue(), "at inference, × retain");
        out.println();
    }
    // end:expected-activation

    static void againstDl4j(Settings settings, PrintStream out) {
        out.println("2. DL4J's DropoutLayer vs the from-scratch version, given the same mask (max |difference|)");
        out.printf(java.util.Locale.ROOT, "%-12s %-10s %-10s %-10s %s%n", "batch, drop", "forward", "backward", "inference", "network");
        for (int rows : new int[] {1, 10, 64}) {
            var d = Checks.dropout(
                    DropoutLesson.configuration(Settings.NOTEBOOK.withSeed(settings.seed() + rows)), rows,
                    settings.dropOr(0.5), settings.seed() + rows);
            out.printf(Locale.ROOT, "%-12s %-10.1e %-10.1e %-10.1e %.1e%n", rows + ", " + settings.dropOr(0.5),
                    d.get("forward"), d.get("backward"), d.get("inference"), d.get("network"));
        }
        out.println();
    }

    // lesson:train-vs-inference
    /** A trained dropout model: training mode draws a new mask every pass, inference mode never does. */
    static void trainingVersusInference(Settings settings, PrintStream out) {
        DataSet data = RandomData.linear(200, 10, 0.1, settings.seed());
        var trained = NotebookRun.trainQuietly("dropout", DropoutLesson.configuration(settings), data, settings);
        INDArray row = data.getFeatures().getRow(0, true);
        out.printf(java.util.Locale.ROOT, "3. One input through the trained dropout model (%d epochs on a learnable target), 5 passes%n",
                settings.epochs());
        out.printf(java.util.Locale.ROOT, "%-5s %-15s %s%n", "pass", "output(x, true)", "output(x, false)");
        for (int pass = 1; pass <= 5; pass++) {
            double training = trained.net().output(row, true).getDouble(0);
            double inference = trained.net().output(row, false).getDouble(0);
            out.printf(Locale.ROOT, "%-5d %-15.6f %.6f%n", pass, training, inference);
        }
        out.printf(Locale.ROOT, "target for this row: %.6f%n%n", data.getLabels().getDouble(0));
    }
    // end:train-vs-inference

    // lesson:retain-vs-drop
    /** Writing DL4J's retain probability where a drop probability was meant. */
    static void retainVersusDrop(Settings settings, PrintStream out) {
        out.println("4. The retain-vs-drop slip: the notebook's Dropout(0.2) written two ways");
        out.printf(java.util.Locale.ROOT, "%-33s %-13s %s%n", "written as", "DL4J retain", "measured drop fraction");
        report(out, "Regularizers.dropoutLayer(0.2)", Regularizers.dropoutLayer(0.2), settings.seed());
        report(out, "new DropoutLayer(0.2)", new DropoutLayer(0.2), settings.seed());

        DataSet train = RandomData.linear(200, 10, 0.1, settings.seed());
        DataSet test = RandomData.linear(200, 10, 0.1, settings.seed() + 1000);
        out.printf(java.util.Locale.ROOT, "Effect on the combined model (%d epochs, 200 learnable rows, 200 held-out rows):%n",
                settings.epochs());
        out.printf(java.util.Locale.ROOT, "%-32s %-25s %s%n", "dropout", "train loss (last epoch)", "held-out loss (inference)");
        for (double drop : new double[] {0.2, 0.8}) {
            Settings s = new Settings(settings.seed(), settings.epochs(), settings.batchSize(),
                    settings.learningRate(), drop, null);
            var trained = NotebookRun.trainQuietly("combined", CombinedLesson.configuration(s), train, s);
            double heldOut = trained.net().score(test, false);
            var epochs = trained.history().epochs();
            out.printf(Locale.ROOT, "%-32s %-25.4f %.4f%n", drop == 0.2 ? "drop 0.2 (intended, retain 0.8)"
                    : "drop 0.8 (the slip, retain 0.2)", epochs.get(epochs.size() - 1).meanLoss(), heldOut);
        }
        out.println();
    }
    // end:retain-vs-drop

    private static void report(PrintStream out, String label, DropoutLayer layer, long seed) {
        IDropout dropout = layer.getIDropout();
        Nd4j.getRandom().setSeed(seed);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 200, 50);
        INDArray result = dropout.applyDropout(ones, ones.dup(), 0, 0, LayerWorkspaceMgr.noWorkspaces());
        double dropped = result.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        double retain = ((org.deeplearning4j.nn.conf.dropout.Dropout) dropout).getP();
        out.printf(Locale.ROOT, "%-33s %-13.1f %.3f%n", label, retain, dropped);
    }

    /** Runs this lesson from an IDE or the command line; accepts the launcher's options. */
    public static void main(String[] args) {
        Launcher.lesson("dropout-internals", args);
    }
}
