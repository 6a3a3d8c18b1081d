package dev.dl4jlessons.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

import dev.dl4jlessons.runtime.InputException;

/**
 * The one training loop every lesson shares: the notebook's {@code for epoch ...: for inputs, targets in loader}.
 *
 * <p>Each step is one {@code net.fit(batch)}: forward pass in training mode, loss, backward pass, Adam update.
 * {@code net.score()} afterwards is that step's loss as computed <em>before</em> the update, the same number as
 * PyTorch's {@code loss.item()}. The loop also guards against the two ways a student's run goes wrong silently: a
 * batch of one row through batch normalization, and a loss that diverges.
 */
public final class Trainer {
    /** A loss this many times the first step's loss is called an explosion. */
    static final double EXPLOSION_FACTOR = 1e3;
    /**
     * Data values beyond this, in absolute value, are called the cause of a diverged loss: the course's models start
     * from weights of order 1, so inputs this large overflow float32 in a few steps at any learning rate.
     */
    static final double LARGE_VALUE = 1e4;

    /**
     * Set by a notebook kernel's interrupt (the Jupyter stop button): every running loop stops before its next step.
     * A cell runs its training on pool threads, which the kernel cannot name, so a flag reaches them all.
     */
    private static volatile boolean stopRequested;

    private Trainer() {
    }

    /** Asks every running training loop to stop before its next step, with a {@link TrainingStoppedException}. */
    public static void requestStop() {
        stopRequested = true;
    }

    /** Lets training run again after {@link #requestStop()}; a kernel calls it before each cell. */
    public static void clearStop() {
        stopRequested = false;
    }

    /** Receives each finished epoch, and warnings as they happen. */
    public interface Listener {
        /** Called after each epoch. */
        void onEpoch(History.Epoch epoch);

        /** Called once per warning. */
        default void onWarning(String warning) {
        }

        /** A listener that ignores everything. */
        Listener SILENT = epoch -> {
        };
    }

    /**
     * Trains {@code net} for {@code epochs} passes over {@code batches}.
     *
     * @throws TrainingFailedException when the loss becomes NaN or infinite
     * @throws InputException          when a batch of one row would go through batch normalization
     */
    public static History train(String model, MultiLayerNetwork net, DataSetIterator batches, int epochs,
            Listener listener) {
        boolean batchNorm = Networks.hasBatchNorm(net.getLayerWiseConfigurations());
        List<Double> steps = new ArrayList<>();
        List<History.Epoch> done = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        double first = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            if (!batches.hasNext()) {
                batches.reset();
            }
            double sum = 0;
            int count = 0;
            double last = Double.NaN;
            while (batches.hasNext()) {
                if (stopRequested || Thread.currentThread().isInterrupted()) {
                    throw new TrainingStoppedException(String.format(Locale.ROOT,
                            "%s: training stopped at epoch %d, step %d (interrupted)", model, epoch, steps.size() + 1));
                }
                DataSet batch = batches.next();
                if (batchNorm && batch.numExamples() < 2) {
                    throw new InputException(batchOfOneMessage(model, batch.numExamples()));
                }
                net.fit(batch);
                last = net.score();
                steps.add(last);
                if (!Double.isFinite(last)) {
                    var history = new History(model, steps, done, warnings);
                    throw new TrainingFailedException(String.format(Locale.ROOT,
                            "%s: the loss became %s at epoch %d, step %d; training stopped. %s", model, last, epoch,
                            steps.size(), likelyCause(batches)), history);
                }
                if (Double.isNaN(first)) {
                    first = last;
                } else if (warnings.isEmpty() && last > EXPLOSION_FACTOR * Math.max(first, 1e-3)) {
                    String warning = String.format(Locale.ROOT,
                            "warning: %s: the loss grew from %.4g to %.4g by epoch %d, step %d; training is unstable. "
                                    + "Try a smaller learning rate (--lr).", model, first, last, epoch, steps.size());
                    warnings.add(warning);
                    listener.onWarning(warning);
                }
                sum += last;
                count++;
            }
            var summary = new History.Epoch(epoch, last, sum / count);
            done.add(summary);
            listener.onEpoch(summary);
        }
        return new History(model, steps, done, warnings);
    }

    /**
     * Refuses, before training starts, a batch size that gives batch normalization a batch of one row, including a
     * last partial batch.
     *
     * @throws InputException naming {@code --batch-size}
     */
    public static void checkBatchNormBatches(String model, boolean batchNorm, int rows, int batchSize) {
        if (!batchNorm) {
            return;
        }
        if (batchSize == 1 || rows % batchSize == 1) {
            throw new InputException(String.format(Locale.ROOT,
                    "--batch-size %d: with %d rows, %s; batch normalization in '%s' needs at least 2 rows per batch "
                            + "(DL4J would silently output beta, PyTorch raises an error). Choose another batch size.",
                    batchSize, rows, batchSize == 1 ? "every batch has 1 row" : "the last batch has 1 row", model));
        }
    }

    /**
     * Why a loss stops being a number: values far outside the usual scale in the data (a data problem no learning
     * rate fixes), or else, most often, a learning rate too large. Reads the whole of {@code batches} again, which is
     * fine once training has stopped.
     */
    static String likelyCause(DataSetIterator batches) {
        double features = 0;
        double targets = 0;
        if (batches.resetSupported()) {
            batches.reset();
            while (batches.hasNext()) {
                DataSet b = batches.next();
                features = Math.max(features, b.getFeatures().amaxNumber().doubleValue());
                targets = Math.max(targets, b.getLabels().amaxNumber().doubleValue());
            }
        }
        if (features > LARGE_VALUE || targets > LARGE_VALUE) {
            String what = features >= targets ? "features" : "targets";
            return String.format(Locale.ROOT, "The data's %s reach %.3g in absolute value: this is a data problem, "
                    + "not a learning-rate one; scale the data (for example to mean 0 and standard deviation 1) and "
                    + "run again.", what, Math.max(features, targets));
        }
        return "The learning rate is probably too large for this model: try one 10 times smaller (--lr).";
    }

    private static String batchOfOneMessage(String model, long rows) {
        return String.format(Locale.ROOT, "%s: a batch of %d row reached batch normalization; it needs at least 2 "
                + "rows per batch (DL4J would silently output beta, PyTorch raises an error). Choose another "
                + "--batch-size.", model, rows);
    }
}
