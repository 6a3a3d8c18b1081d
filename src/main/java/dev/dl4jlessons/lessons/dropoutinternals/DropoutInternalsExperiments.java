package dev.dl4jlessons.lessons.dropoutinternals;

import java.util.Arrays;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;
import dev.dl4jlessons.data.Split;
import dev.dl4jlessons.harness.Evaluation;
import dev.dl4jlessons.harness.Networks;
import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;

/** The experiment behind lesson 5's picture {@code dropout-passes.png}: dropout as an ensemble of thinned networks. */
public final class DropoutInternalsExperiments {
    /** Epochs the dropout model trains before its passes are drawn. */
    public static final int PASSES_EPOCHS = 30;
    /** Training-mode passes in the dropout-passes histogram. */
    public static final int PASSES = 1000;

    private DropoutInternalsExperiments() {
    }

    /**
     * One validation row's prediction over many training-mode passes of the trained dropout model, and its
     * inference-mode prediction.
     *
     * @param passes     {@code output(x, true)}, once per pass
     * @param inference  {@code output(x, false)}
     * @param target     the row's target
     * @param trainMse   the trained model's training MSE (inference mode)
     */
    public record Passes(double[] passes, double inference, double target, double trainMse) {
        /** Mean of the passes. */
        public double mean() {
            return Arrays.stream(passes).average().orElse(Double.NaN);
        }

        /** Standard deviation of the passes. */
        public double std() {
            double m = mean();
            return Math.sqrt(Arrays.stream(passes).map(v -> (v - m) * (v - m)).average().orElse(0));
        }
    }

    /**
     * The dropout lesson's model trained for {@code epochs} on the lab's learnable {@code synthetic} data (200 rows),
     * then {@code count} training-mode passes over one held-out row.
     */
    public static Passes passes(long seed, int epochs, int count) {
        DataSet all = RandomData.synthetic(300, seed);
        DataSet train = Split.rows(all, 0, 200);
        DataSet validation = Split.rows(all, 200, 300);
        Settings settings = Settings.NOTEBOOK;
        MultiLayerNetwork net = Networks.create(DropoutLesson.configuration(settings));
        var batches = new ShuffledBatches(train, settings.batchSize(), seed);
        for (int e = 0; e < epochs; e++) {
            batches.reset();
            while (batches.hasNext()) {
                net.fit(batches.next());
            }
        }
        INDArray x = validation.getFeatures().getRow(0, true);
        Nd4j.getRandom().setSeed(seed);
        double[] passes = new double[count];
        for (int i = 0; i < count; i++) {
            passes[i] = net.output(x, true).getDouble(0);
        }
        return new Passes(passes, net.output(x, false).getDouble(0), validation.getLabels().getDouble(0),
                Evaluation.loss(net, train, false));
    }
}
