package dev.dl4jlessons.playground;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.playground.PlaygroundModel.Block;
import dev.dl4jlessons.scratch.MaskDropout;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * One page's training: its settings, data, network and position in the epoch, and what the page is shown after a
 * step. Not thread-safe: {@link Sessions} runs every call of one session on one thread at a time.
 */
final class Session {
    /** Grid points per side of the decision boundary; the unit pictures take every second one. */
    static final int GRID = 40;
    /** Points of the fitted curve of a 1-D problem. */
    static final int CURVE_POINTS = 100;
    /** The square (or interval) the pictures cover. */
    static final double EXTENT = 1.25;
    /** Fashion-MNIST test images the page shows with the network's prediction. */
    static final int SHOWN_IMAGES = 24;
    /** Test images averaged into the picture of a unit past the first layer, on Fashion-MNIST. */
    static final int TOP_IMAGES = 5;

    private final PlaygroundSettings settings;
    private final PlaygroundData data;
    private final List<Block> blocks;
    private final MaskSource[] masks;  // by DL4J layer index, null where no dropout
    private final Random shuffle;
    private final DataSet train;
    private final DataSet test;
    private final INDArray grid;
    private MultiLayerNetwork net;
    private List<Integer> order;
    private int position;
    private long steps;
    private JsonArray lastBatchNorm;

    /** A session on generated data; Fashion-MNIST is absent. */
    Session(PlaygroundSettings settings) {
        this(settings, PlaygroundFashion.absent());
    }

    /**
     * A session for {@code settings}, with Fashion-MNIST from {@code fashion}.
     *
     * @throws dev.dl4jlessons.runtime.InputException when the settings ask for Fashion-MNIST images this machine lacks
     */
    Session(PlaygroundSettings settings, PlaygroundFashion fashion) {
        this.settings = settings;
        this.data = PlaygroundData.of(settings, fashion);
        this.blocks = PlaygroundModel.blocks(settings);
        this.net = new MultiLayerNetwork(PlaygroundModel.configuration(settings));
        net.init();
        this.masks = new MaskSource[net.getnLayers()];
        for (Block b : blocks) {
            if (b.dropout() >= 0) {
                var layer = (org.deeplearning4j.nn.conf.layers.DropoutLayer) net.getLayer(b.dropout()).conf()
                        .getLayer();
                var source = new MaskSource(layer.getIDropout() instanceof org.deeplearning4j.nn.conf.dropout.Dropout d
                        ? d.getP() : 1, settings.seed() * 31L + b.dropout());
                masks[b.dropout()] = source;
                layer.setIDropout(new MaskDropout(source));
            }
        }
        this.shuffle = new Random(settings.seed() + 7L);
        this.train = data.train();
        this.test = data.test();
        this.grid = grid(settings.problem());
        newEpoch();
    }

    PlaygroundSettings settings() {
        return settings;
    }

    long steps() {
        return steps;
    }

    /** Steps in one pass over the training points. */
    int stepsPerEpoch() {
        return (data.trainRows() + settings.batchSize() - 1) / settings.batchSize();
    }

    /** Completed passes over the training points. */
    long epoch() {
        return steps / stepsPerEpoch();
    }

    private void newEpoch() {
        order = new ArrayList<>(data.trainRows());
        for (int i = 0; i < data.trainRows(); i++) {
            order.add(i);
        }
        java.util.Collections.shuffle(order, shuffle);
        position = 0;
    }

    /**
     * One training step on the next minibatch. With {@code observe}, the batch first runs forward in training mode to
     * record each batch-norm layer's batch statistics, and the step reuses that pass's dropout masks.
     */
    void step(boolean observe) {
        if (position >= order.size()) {
            newEpoch();
        }
        int end = Math.min(order.size(), position + settings.batchSize());
        DataSet batch = data.rows(order.subList(position, end));
        position = end;
        if (observe) {
            lastBatchNorm = batchNormInTraining(batch.getFeatures());
            // only a pass that ran drew masks to replay; without batch norm there was none, and a replay would train
            // this step on the previous step's mask (once on every observed step: one fixed mask, no dropout at all)
            if (lastBatchNorm != null) {
                for (MaskSource m : masks) {
                    if (m != null) {
                        m.replayNext();
                    }
                }
            }
        }
        net.fit(batch);
        steps++;
        if (position >= order.size()) {
            newEpoch();
        }
    }

    private JsonArray batchNormInTraining(INDArray features) {
        boolean any = blocks.stream().anyMatch(b -> b.batchNorm() >= 0);
        if (!any) {
            return null;
        }
        List<INDArray> acts = net.feedForward(features, true);
        var out = new JsonArray();
        for (Block b : blocks) {
            if (b.batchNorm() < 0) {
                out.addNull();
                continue;
            }
            // acts.get(k) is the input of layer k; the batch norm's own output is acts.get(k + 1)
            INDArray before = acts.get(b.batchNorm());
            INDArray after = acts.get(b.batchNorm() + 1);
            out.add(new JsonObject()
                    .put("batchMean", rounded(before.mean(0)))
                    .put("batchStd", rounded(before.std(false, 0)))
                    .put("afterMean", rounded(after.mean(0)))
                    .put("afterStd", rounded(after.std(false, 0))));
        }
        return out;
    }

    /** The page's picture of the network now: losses, boundary, unit pictures, masks, batch-norm statistics. */
    JsonObject snapshot(boolean playing) {
        var json = new JsonObject()
                .put("type", "state")
                .put("step", steps)
                .put("epoch", epoch())
                .put("stepsPerEpoch", stepsPerEpoch())
                .put("playing", playing);
        INDArray trainOut = net.output(train.getFeatures(), false);
        INDArray testOut = net.output(test.getFeatures(), false);
        json.put("trainLoss", round(loss(trainOut, train))).put("testLoss", round(loss(testOut, test)));
        if (settings.problem().kind() != Problem.Kind.REGRESSION) {
            json.put("trainAccuracy", round(accuracy(trainOut, train)))
                    .put("testAccuracy", round(accuracy(testOut, test)));
        }
        if (settings.problem() == Problem.FASHION) {
            var predictions = new JsonArray();
            for (int i = 0; i < shownImages(); i++) {
                predictions.add(testOut.getRow(i).argMax().getInt(0));
            }
            json.put("predictions", predictions).put("units", imageUnits());
        } else if (grid != null) {
            List<INDArray> acts = net.feedForward(grid, false);
            json.put("boundary", picture(acts.get(acts.size() - 1).getColumn(0), true));
            var units = new JsonArray();
            for (Block b : blocks) {
                INDArray out = acts.get(b.output() + 1);
                var pictures = new JsonArray();
                for (int u = 0; u < out.size(1); u++) {
                    pictures.add(picture(subsampled(out.getColumn(u)), false));
                }
                units.add(pictures);
            }
            json.put("units", units);
        }
        var dropped = new JsonArray();
        for (Block b : blocks) {
            if (b.dropout() < 0) {
                dropped.addNull();
                continue;
            }
            var sb = new StringBuilder();
            for (boolean d : masks[b.dropout()].droppedInFirstRow()) {
                sb.append(d ? '1' : '0');
            }
            dropped.add(sb.toString());
        }
        json.put("dropped", dropped);
        json.put("batchNorm", batchNormNow());
        return json;
    }

    /** The batch statistics of the last observed step, with the running statistics and those seen at test time. */
    private JsonArray batchNormNow() {
        if (blocks.stream().noneMatch(b -> b.batchNorm() >= 0)) {
            return null;
        }
        List<INDArray> atTest = net.feedForward(test.getFeatures(), false);
        var out = new JsonArray();
        for (int i = 0; i < blocks.size(); i++) {
            Block b = blocks.get(i);
            if (b.batchNorm() < 0) {
                out.addNull();
                continue;
            }
            var layer = net.getLayer(b.batchNorm());
            var conf = (BatchNormalization) layer.conf().getLayer();
            INDArray mean = layer.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
            double[] std = conf.isUseLogStd()
                    ? layer.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD).castTo(DataType.DOUBLE)
                            .toDoubleVector()
                    : layer.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR).castTo(DataType.DOUBLE)
                            .toDoubleVector();
            var runningStd = new JsonArray();
            for (double x : std) {  // DL4J stores log10 of the standard deviation by default
                runningStd.add(round(conf.isUseLogStd() ? Math.pow(10, x) : Math.sqrt(x)));
            }
            INDArray testInput = atTest.get(b.batchNorm());
            var stats = new JsonObject()
                    .put("runningMean", rounded(mean))
                    .put("runningStd", runningStd)
                    .put("testMean", rounded(testInput.mean(0)))
                    .put("testStd", rounded(testInput.std(false, 0)));
            JsonObject batch = lastBatchNorm == null ? null : lastBatchNorm.getJsonObject(i);
            if (batch != null) {
                stats.mergeIn(batch);
            }
            out.add(stats);
        }
        return out;
    }

    /** The loss the output layer trains on, in inference mode, without the L2 term. */
    double loss(DataSet set) {
        return loss(net.output(set.getFeatures(), false), set);
    }

    /** The loss of outputs {@code out} (inference) against {@code set}'s labels. */
    private double loss(INDArray out, DataSet set) {
        INDArray p = out.castTo(DataType.DOUBLE);
        INDArray y = set.getLabels().castTo(DataType.DOUBLE);
        return switch (settings.problem().kind()) {
            case REGRESSION -> p.sub(y).muli(p.sub(y)).meanNumber().doubleValue();
            case BINARY -> {
                double eps = 1e-7;
                double sum = 0;
                for (int i = 0; i < p.rows(); i++) {
                    double q = Math.min(1 - eps, Math.max(eps, p.getDouble(i, 0)));
                    double t = y.getDouble(i, 0);
                    sum -= t * Math.log(q) + (1 - t) * Math.log(1 - q);
                }
                yield sum / p.rows();
            }
            case CLASSES -> -org.nd4j.linalg.ops.transforms.Transforms.log(p.add(1e-7), false).muli(y).sum(1)
                    .meanNumber().doubleValue();
        };
    }

    private double accuracy(INDArray p, DataSet set) {
        INDArray y = set.getLabels();
        int right = 0;
        for (int i = 0; i < p.rows(); i++) {
            if (settings.problem().kind() == Problem.Kind.BINARY) {
                right += (p.getDouble(i, 0) >= 0.5) == (y.getDouble(i, 0) >= 0.5) ? 1 : 0;
            } else {
                right += p.getRow(i).argMax().getInt(0) == y.getRow(i).argMax().getInt(0) ? 1 : 0;
            }
        }
        return (double) right / p.rows();
    }

    /** The training and test points, sent once when the page connects. */
    JsonObject points() {
        var json = new JsonObject().put("type", "data").put("problem", settings.problem().key())
                .put("extent", EXTENT).put("grid", GRID);
        if (settings.problem() == Problem.FASHION) {
            var images = new JsonArray();
            for (int i = 0; i < shownImages(); i++) {
                int row = data.trainRows() + i;
                byte[] pixels = new byte[data.features()[row].length];  // back to the file's 0..255
                for (int p = 0; p < pixels.length; p++) {
                    pixels[p] = (byte) Math.round(data.features()[row][p] * 255);
                }
                images.add(new JsonObject().put("label", data.label(row))
                        .put("pixels", Base64.getEncoder().encodeToString(pixels)));
            }
            return json.put("classes", new JsonArray(PlaygroundFashion.classNames())).put("trainRows", data.trainRows())
                    .put("testRows", data.features().length - data.trainRows()).put("images", images);
        }
        if (settings.problem().inputs() > 2) {
            return json;
        }
        var train = new JsonArray();
        var test = new JsonArray();
        for (int i = 0; i < data.features().length; i++) {
            var p = new JsonArray();
            for (double v : data.features()[i]) {
                p.add(round(v));
            }
            p.add(round(data.targets()[i][0]));
            (i < data.trainRows() ? train : test).add(p);
        }
        return json.put("train", train).put("test", test);
    }

    /** Test images the page shows: the first {@link #SHOWN_IMAGES} of the test set, or all when fewer. */
    private int shownImages() {
        return Math.min(SHOWN_IMAGES, data.features().length - data.trainRows());
    }

    /**
     * One 28×28 picture per hidden unit, on Fashion-MNIST. The first hidden layer's units show their weights, one per
     * pixel (blue positive, orange negative, white 0, on a scale symmetric about 0): the pattern the unit looks for.
     * A later layer's unit does not see pixels, so it shows the mean of the {@value #TOP_IMAGES} test images that
     * drive its output highest at inference.
     */
    private JsonArray imageUnits() {
        var units = new JsonArray();
        INDArray weights = net.getLayer(0).getParam("W");  // 784 × units of the first dense layer
        List<INDArray> acts = blocks.size() > 1 ? net.feedForward(test.getFeatures(), false) : null;
        for (int layer = 0; layer < blocks.size(); layer++) {
            var pictures = new JsonArray();
            int n = settings.units().get(layer);
            for (int u = 0; u < n; u++) {
                if (layer == 0) {
                    pictures.add(symmetric(weights.getColumn(u)));
                } else {
                    INDArray out = acts.get(blocks.get(layer).output() + 1).getColumn(u);
                    pictures.add(picture(topImagesMean(out.castTo(DataType.DOUBLE).toDoubleVector()), false));
                }
            }
            units.add(pictures);
        }
        return units;
    }

    /** The mean pixels of the test images with the highest {@code outputs}. */
    private INDArray topImagesMean(double[] outputs) {
        Integer[] order = new Integer[outputs.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(outputs[b], outputs[a]));
        float[] mean = new float[data.features()[0].length];
        int k = Math.min(TOP_IMAGES, order.length);
        for (int i = 0; i < k; i++) {
            float[] image = data.features()[data.trainRows() + order[i]];
            for (int p = 0; p < mean.length; p++) {
                mean[p] += image[p] / k;
            }
        }
        return Nd4j.create(mean);
    }

    /** Values scaled by their largest magnitude, so 128 is 0 (for weights, whose sign matters). */
    private static JsonObject symmetric(INDArray values) {
        double[] v = values.castTo(DataType.DOUBLE).toDoubleVector();
        double most = 1e-12;
        for (double x : v) {
            most = Math.max(most, Math.abs(x));
        }
        byte[] bytes = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            double t = (v[i] / most + 1) / 2;
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, Double.isFinite(t) ? t : 0.5)) * 255);
        }
        return new JsonObject().put("min", round(-most)).put("max", round(most))
                .put("values", Base64.getEncoder().encodeToString(bytes));
    }

    /** Frees the network's memory; the session is unusable after. */
    void free() {
        net = null;
    }

    /** The grid the pictures are computed on: {@link #GRID}² points of the square, or a line for 1-D data. */
    private static INDArray grid(Problem problem) {
        if (problem.inputs() == 1) {
            float[] x = new float[CURVE_POINTS];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (-EXTENT + 2 * EXTENT * i / (x.length - 1));
            }
            return Nd4j.create(x, new long[] {x.length, 1}, DataType.FLOAT);
        }
        if (problem.inputs() != 2) {
            return null;
        }
        float[] xy = new float[GRID * GRID * 2];
        for (int r = 0; r < GRID; r++) {  // row 0 is the top of the picture: the largest x2
            for (int c = 0; c < GRID; c++) {
                int i = (r * GRID + c) * 2;
                xy[i] = (float) (-EXTENT + 2 * EXTENT * (c + 0.5) / GRID);
                xy[i + 1] = (float) (EXTENT - 2 * EXTENT * (r + 0.5) / GRID);
            }
        }
        return Nd4j.create(xy, new long[] {GRID * GRID, 2}, DataType.FLOAT);
    }

    /** A unit's values on every second grid point of every second row (or curve point). */
    private INDArray subsampled(INDArray column) {
        if (settings.problem().inputs() == 1) {
            return column;
        }
        float[] out = new float[(GRID / 2) * (GRID / 2)];
        int k = 0;
        for (int r = 0; r < GRID; r += 2) {
            for (int c = 0; c < GRID; c += 2) {
                out[k++] = column.getFloat((long) r * GRID + c);
            }
        }
        return Nd4j.create(out);
    }

    /**
     * Values as the page draws them: their range and the values scaled to 0..255 in base64. The boundary of a binary
     * problem keeps the probability's own scale (0..1), so 128 is the decision line.
     */
    private JsonObject picture(INDArray values, boolean boundary) {
        double[] v = values.castTo(DataType.DOUBLE).toDoubleVector();
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            min = Math.min(min, x);
            max = Math.max(max, x);
        }
        if (boundary && settings.problem().kind() == Problem.Kind.BINARY) {
            min = 0;
            max = 1;
        }
        if (!(max > min)) {
            max = min + 1e-9;
        }
        byte[] bytes = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            double t = (v[i] - min) / (max - min);
            bytes[i] = (byte) Math.round(Math.max(0, Math.min(1, Double.isFinite(t) ? t : 0)) * 255);
        }
        return new JsonObject().put("min", round(min)).put("max", round(max))
                .put("values", Base64.getEncoder().encodeToString(bytes));
    }

    private static JsonArray rounded(INDArray row) {
        var out = new JsonArray();
        for (double x : row.castTo(DataType.DOUBLE).toDoubleVector()) {
            out.add(round(x));
        }
        return out;
    }

    /** Four significant digits, and no NaN or infinity (which JSON cannot hold): those become null. */
    static Double round(double x) {
        if (!Double.isFinite(x)) {
            return null;
        }
        return Double.valueOf(String.format(Locale.ROOT, "%.4g", x));
    }
}
