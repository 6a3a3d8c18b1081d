package dev.dl4jlessons.harness;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

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
            return String.format(java.util.Locale.ROOT, "Data: X %d×%d and y %d×1 drawn from N(0,1) with seed %d. The targets are noise, "
                    + "independent of X: there is nothing to learn, so a falling loss here is memorisation.",
                    data.numExamples(), data.getFeatures().columns(), data.numExamples(), settings.seed());
        }
        return String.format(java.util.Locale.ROOT, "Data: %s, %d rows × %d features.", settings.data(), data.numExamples(),
                data.getFeatures().columns());
    }

    /**
     * Checks the settings against the data, trains every model and prints the report, training the models
     * concurrently, one per core ({@link #defaultThreads}).
     *
     * @return one history per model, in order
     */
    public static List<History> run(List<? extends ModelSpec> models, Settings settings, PrintStream out) {
        return run(models, settings, out, defaultThreads(models.size()));
    }

    /** One thread per model, up to the number of cores. */
    public static int defaultThreads(int models) {
        return Math.max(1, Math.min(models, Runtime.getRuntime().availableProcessors()));
    }

    /**
     * Checks the settings against the data, trains every model on up to {@code threads} threads and prints the
     * report. The output is the same, byte for byte, whatever the thread count: each model prints into its own
     * buffer, and the buffers are printed in the models' order (the first model's lines as they come). The models are
     * independent and each is built and trained on one thread, so their losses do not depend on the thread count
     * either. When a model fails, what the sequential run would have printed up to its failure is printed, and its
     * exception is thrown; later models' output is discarded.
     *
     * @return one history per model, in order
     */
    public static List<History> run(List<? extends ModelSpec> models, Settings settings, PrintStream out,
            int threads) {
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
        List<History> runs = threads <= 1 || models.size() <= 1
                ? trainInTurn(models, settings, data, out)
                : trainConcurrently(models, settings, data, out, threads);
        if (runs.size() > 1) {
            out.println();
            Report.comparison(runs, out);
        }
        return runs;
    }

    private static List<History> trainInTurn(List<? extends ModelSpec> models, Settings settings, DataSet data,
            PrintStream out) {
        List<History> runs = new ArrayList<>();
        for (ModelSpec model : models) {
            out.println();
            runs.add(trainOne(model, settings, data, out));
        }
        return runs;
    }

    private static List<History> trainConcurrently(List<? extends ModelSpec> models, Settings settings,
            DataSet data, PrintStream out, int threads) {
        var pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "notebook-model");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<History>> futures = new ArrayList<>();
            List<ByteArrayOutputStream> buffers = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                ModelSpec model = models.get(i);
                // the first model prints straight through, so the run shows progress at once
                var buffer = new ByteArrayOutputStream();
                PrintStream target = i == 0 ? out : new PrintStream(buffer, true, StandardCharsets.UTF_8);
                buffers.add(buffer);
                // the data is shared read-only; each task cuts its own batches from it
                futures.add(pool.submit(() -> {
                    target.println();
                    return trainOne(model, settings, data, target);
                }));
            }
            List<History> runs = new ArrayList<>();
            for (int i = 0; i < models.size(); i++) {
                History history = null;
                Throwable failure = null;
                try {
                    history = futures.get(i).get();
                } catch (ExecutionException e) {
                    failure = e.getCause();
                }
                // decoded and printed as text, so the bytes follow out's own encoding as a direct print would
                out.print(buffers.get(i).toString(StandardCharsets.UTF_8));
                if (failure instanceof RuntimeException e) {
                    throw e;
                } else if (failure instanceof Error e) {
                    throw e;
                } else if (failure != null) {
                    throw new IllegalStateException(failure);
                }
                runs.add(history);
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while training the notebook's models", e);
        } finally {
            pool.shutdownNow();
        }
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
        TrainingWatch.network(name, net,
                TrainingWatch.steps(settings.epochs(), data.numExamples(), settings.batchSize()));
        var history = Trainer.train(name, net, new ShuffledBatches(data, settings.batchSize(), settings.seed()),
                settings.epochs(), Trainer.Listener.SILENT);
        return new Trained(net, history);
    }

    /**
     * Trains one model on {@code data} with batches shuffled by the settings' seed, printing each epoch (or, in the
     * notebook kernel's live mode, reporting it to {@link EpochSink}).
     */
    public static History trainOne(ModelSpec spec, Settings settings, DataSet data, PrintStream out) {
        var conf = spec.model(settings);
        out.println(spec.name() + ": " + Networks.describe(conf));
        var net = Networks.create(conf);
        TrainingWatch.network(spec.name(), net,
                TrainingWatch.steps(settings.epochs(), data.numExamples(), settings.batchSize()));
        var batches = new ShuffledBatches(data, settings.batchSize(), settings.seed());
        EpochSink.Line progress = EpochSink.start(spec.name(), settings.epochs());
        return Trainer.train(spec.name(), net, batches, settings.epochs(), new Trainer.Listener() {
            @Override
            public void onEpoch(History.Epoch epoch) {
                if (progress != null) {
                    progress.epoch(epoch);
                } else {
                    out.println(Report.epochLine(epoch));
                }
            }

            @Override
            public void onWarning(String warning) {
                out.println(warning);
            }
        });
    }
}
