package dev.dl4jlessons.harness;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.CsvData;
import dev.dl4jlessons.data.RandomData;
import dev.dl4jlessons.data.ShuffledBatches;

/**
 * Runs models the way the notebook does: the same data for every model, shuffled batches, one line per epoch, then
 * a comparison table when there is more than one model.
 */
public final class NotebookRun {
    private NotebookRun() {
    }

    /** The data a run uses: the CSV named in the settings, or the notebook's random data for the seed. */
    public static DataSet data(Settings settings) {
        if (settings.data() == null) {
            return RandomData.notebook(settings.seed());
        }
        return CsvData.load(settings.data(), new CsvData.Spec(RandomData.FEATURES, settings.targetColumn(), 0)).data();
    }

    /** One line saying what the data is. */
    public static String describeData(Settings settings, DataSet data) {
        if (settings.data() == null) {
            return String.format("Data: X %d×%d and y %d×1 drawn from N(0,1) with seed %d. The targets are noise, "
                    + "independent of X: there is nothing to learn, so a falling loss here is memorisation.",
                    data.numExamples(), data.getFeatures().columns(), data.numExamples(), settings.seed());
        }
        return String.format("Data: %s, %d rows × %d features.", settings.data(), data.numExamples(),
                data.getFeatures().columns());
    }

    /**
     * Checks the settings against the data, trains every model in turn and prints the report.
     *
     * @return one history per model, in order
     */
    public static List<History> run(List<? extends ModelSpec> models, Settings settings, PrintStream out) {
        DataSet data = data(settings);
        int rows = data.numExamples();
        if (settings.data() != null && rows < 2) {
            throw new dev.dl4jlessons.runtime.InputException(settings.data() + ": has " + rows + " data row; "
                    + "training needs at least 2");
        }
        if (settings.data() != null && settings.batchSize() > rows
                && settings.batchSize() == Settings.NOTEBOOK.batchSize()) {
            throw new dev.dl4jlessons.runtime.InputException(settings.data() + ": has " + rows + " data rows, fewer "
                    + "than the default batch size " + settings.batchSize() + "; pass --batch-size " + rows
                    + " or less");
        }
        if (settings.batchSize() > rows) {
            throw new dev.dl4jlessons.runtime.InputException("--batch-size " + settings.batchSize()
                    + ": must be in 1.." + rows + " (the data has " + rows + " rows)");
        }
        for (ModelSpec spec : models) {
            Trainer.checkBatchNormBatches(spec.name(), Networks.hasBatchNorm(spec.model(settings)), rows,
                    settings.batchSize());
        }
        out.println(describeData(settings, data));
        List<History> runs = new ArrayList<>();
        for (ModelSpec model : models) {
            out.println();
            runs.add(trainOne(model, settings, data, out));
        }
        if (runs.size() > 1) {
            out.println();
            Report.comparison(runs, out);
        }
        return runs;
    }

    /** A trained network and its history. */
    public record Trained(org.deeplearning4j.nn.multilayer.MultiLayerNetwork net, History history) {
    }

    /**
     * Trains {@code conf} on {@code data} with the settings' batch size, epochs and shuffling seed, printing
     * nothing: for lessons that train a model in order to look inside it.
     */
    public static Trained trainQuietly(String name, org.deeplearning4j.nn.conf.MultiLayerConfiguration conf,
            DataSet data, Settings settings) {
        Trainer.checkBatchNormBatches(name, Networks.hasBatchNorm(conf), data.numExamples(), settings.batchSize());
        var net = Networks.create(conf);
        var history = Trainer.train(name, net, new ShuffledBatches(data, settings.batchSize(), settings.seed()),
                settings.epochs(), Trainer.Listener.SILENT);
        return new Trained(net, history);
    }

    /** Trains one model on {@code data} with batches shuffled by the settings' seed, printing each epoch. */
    public static History trainOne(ModelSpec spec, Settings settings, DataSet data, PrintStream out) {
        var conf = spec.model(settings);
        out.println(spec.name() + ": " + Networks.describe(conf));
        var net = Networks.create(conf);
        var batches = new ShuffledBatches(data, settings.batchSize(), settings.seed());
        return Trainer.train(spec.name(), net, batches, settings.epochs(), new Trainer.Listener() {
            @Override
            public void onEpoch(History.Epoch epoch) {
                out.println(Report.epochLine(epoch));
            }

            @Override
            public void onWarning(String warning) {
                out.println(warning);
            }
        });
    }
}
