package dev.dl4jlessons.parity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.runtime.InputException;

/**
 * A PyTorch reference run, as written by {@code reference/pytorch/export.py} (format: {@code reference/README.md}).
 * Loading checks every file's presence and shape, so a malformed directory gets one line naming the file.
 *
 * @param dir       the directory
 * @param model     {@code dropout}, {@code batchnorm} or {@code combined}
 * @param lr        Adam's learning rate
 * @param epochs    epochs trained
 * @param batchSize rows per step; the last batch of an epoch may be smaller
 * @param seed      the seed PyTorch used (informational)
 * @param x         inputs [N, 10]
 * @param y         targets [N, 1]
 * @param order     each epoch's row order [epochs, N]
 * @param losses    each step's loss [steps]
 * @param eval      eval-mode output on X after training [N, 1]
 * @param initial   state_dict before training, by PyTorch name
 * @param last      state_dict after training, by PyTorch name
 * @param masks     per dropout module, the multiplier applied to each visited row [epochs*N, width]
 */
public record Reference(Path dir, String model, double lr, int epochs, int batchSize, long seed, INDArray x,
        INDArray y, INDArray order, INDArray losses, INDArray eval, Map<String, INDArray> initial,
        Map<String, INDArray> last, Map<String, INDArray> masks) {

    /** Rows of data. */
    public int rows() {
        return (int) x.rows();
    }

    /** Steps per epoch: ceil(rows / batch size). */
    public int stepsPerEpoch() {
        return (rows() + batchSize - 1) / batchSize;
    }

    /**
     * Loads and checks a reference directory.
     *
     * @throws InputException naming the missing or mis-shaped file
     */
    public static Reference load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": not a directory (expected a reference written by "
                    + "reference/pytorch/export.py)");
        }
        Path metaFile = dir.resolve("meta.json");
        JsonNode meta = readMeta(metaFile);
        String model = text(meta, metaFile, "model");
        if (!List.of("dropout", "batchnorm", "combined").contains(model)) {
            throw new InputException(metaFile + ": \"model\" is '" + model
                    + "'; expected dropout, batchnorm or combined");
        }
        double lr = number(meta, metaFile, "lr");
        int epochs = (int) number(meta, metaFile, "epochs");
        int batch = (int) number(meta, metaFile, "batch_size");
        long seed = meta.has("seed") ? meta.get("seed").asLong() : 0;
        if (!(lr > 0) || epochs < 1 || batch < 1) {
            throw new InputException(metaFile + ": lr must be > 0, epochs and batch_size at least 1");
        }
        INDArray x = array(dir.resolve("X.npy"), -1, 10);
        int n = (int) x.rows();
        INDArray y = array(dir.resolve("y.npy"), n, 1);
        INDArray order = array(dir.resolve("order.npy"), epochs, n);
        int steps = epochs * ((n + batch - 1) / batch);
        INDArray losses = array(dir.resolve("losses.npy"), steps);
        INDArray eval = array(dir.resolve("eval.npy"), n, 1);
        var initial = folder(dir.resolve("init"), false);
        var last = folder(dir.resolve("final"), false);
        for (String name : last.keySet()) {
            if (!initial.containsKey(name)) {
                throw new InputException(dir.resolve("init").resolve(name + ".npy") + ": missing (final/ has it)");
            }
        }
        for (String name : initial.keySet()) {
            if (!last.containsKey(name)) {
                throw new InputException(dir.resolve("final").resolve(name + ".npy") + ": missing (init/ has it)");
            }
        }
        for (var e : initial.entrySet()) {
            if (!Arrays.equals(e.getValue().shape(), last.get(e.getKey()).shape())) {
                throw new InputException(dir.resolve("final").resolve(e.getKey() + ".npy") + ": shape "
                        + Arrays.toString(last.get(e.getKey()).shape()) + " differs from init/");
            }
        }
        Map<String, INDArray> masks = Files.isDirectory(dir.resolve("masks")) ? folder(dir.resolve("masks"), true)
                : Map.of();
        for (var e : masks.entrySet()) {
            require(dir.resolve("masks").resolve(e.getKey() + ".npy"), e.getValue(), (long) epochs * n, -1);
        }
        for (int epoch = 0; epoch < epochs; epoch++) {
            long[] rows = order.getRow(epoch).toLongVector();
            long[] sorted = rows.clone();
            Arrays.sort(sorted);
            for (int i = 0; i < n; i++) {
                if (sorted[i] != i) {
                    throw new InputException(dir.resolve("order.npy") + ": epoch " + (epoch + 1)
                            + " is not a permutation of 0.." + (n - 1));
                }
            }
        }
        return new Reference(dir, model, lr, epochs, batch, seed, x, y, order, losses, eval, initial, last, masks);
    }

    private static JsonNode readMeta(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": missing");
        }
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")",
                    e);
        }
    }

    private static String text(JsonNode meta, Path file, String key) {
        if (!meta.hasNonNull(key)) {
            throw new InputException(file + ": no \"" + key + "\"");
        }
        return meta.get(key).asText();
    }

    private static double number(JsonNode meta, Path file, String key) {
        if (!meta.hasNonNull(key) || !meta.get(key).isNumber()) {
            throw new InputException(file + ": \"" + key + "\" must be a number");
        }
        return meta.get(key).asDouble();
    }

    /** Reads a .npy file and checks its shape; -1 in {@code shape} accepts any size. */
    static INDArray array(Path file, long... shape) {
        INDArray a = read(file);
        require(file, a, shape);
        return a;
    }

    /** Reads a .npy file: integers stay integers, floating point becomes float32. */
    static INDArray read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InputException(file + ": missing");
        }
        INDArray a;
        try {
            a = Nd4j.createFromNpyFile(file.toFile());
        } catch (RuntimeException e) {
            throw new InputException(file + ": not a readable .npy array", e);
        }
        return a.dataType().isIntType() ? a : a.castTo(DataType.FLOAT);
    }

    private static void require(Path file, INDArray a, long... shape) {
        boolean ok = a.rank() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || a.size(i) == shape[i];
        }
        if (!ok) {
            throw new InputException(file + ": shape " + Arrays.toString(a.shape()) + ", expected "
                    + Arrays.toString(shape).replace("-1", "any"));
        }
    }

    private static Map<String, INDArray> folder(Path dir, boolean mayBeEmpty) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(dir + ": missing");
        }
        var arrays = new TreeMap<String, INDArray>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".npy")).sorted().toList()) {
                arrays.put(f.getFileName().toString().replaceFirst("\\.npy$", ""), read(f));
            }
        } catch (IOException e) {
            throw new InputException(dir + ": could not be listed", e);
        }
        if (arrays.isEmpty() && !mayBeEmpty) {
            throw new InputException(dir + ": holds no .npy files");
        }
        return arrays;
    }
}
