package dev.dl4jlessons.parity;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;

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

    /** Largest epochs or batch_size accepted in meta.json. */
    public static final int MAX_COUNT = 1_000_000;
    private static final long MAX_META_BYTES = 64 * 1024;

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
            throw new InputException(Messages.path(dir) + ": not a directory (expected a reference written by "
                    + "reference/pytorch/export.py)");
        }
        requireOnlyKnownFiles(dir);
        Path metaFile = dir.resolve("meta.json");
        JsonNode meta = readMeta(metaFile);
        String model = text(meta, metaFile, "model");
        if (!List.of("dropout", "batchnorm", "combined").contains(model)) {
            throw new InputException(Messages.path(metaFile) + ": \"model\" is '" + abbreviate(model)
                    + "'; expected dropout, batchnorm or combined");
        }
        double lr = number(meta, metaFile, "lr");
        if (!(lr > 0) || !Double.isFinite(lr)) {
            throw new InputException(Messages.path(metaFile) + ": \"lr\" is " + lr + "; expected a finite number above 0");
        }
        int epochs = count(meta, metaFile, "epochs");
        int batch = count(meta, metaFile, "batch_size");
        long seed = 0;
        if (meta.has("seed")) { // present means typed: a null seed is refused like a string
            if (!meta.get("seed").canConvertToLong() || !meta.get("seed").isIntegralNumber()) {
                throw new InputException(Messages.path(metaFile) + ": \"seed\" is " + abbreviate(meta.get("seed").toString())
                        + "; expected an integer");
            }
            seed = meta.get("seed").asLong();
        }
        INDArray x = array(dir.resolve("X.npy"), -1, 10);
        int n = (int) x.rows();
        INDArray y = array(dir.resolve("y.npy"), n, 1);
        INDArray order = array(dir.resolve("order.npy"), epochs, n);
        if (!order.dataType().isIntType()) {
            throw new InputException(Messages.path(dir.resolve("order.npy")) + ": holds " + order.dataType().name().toLowerCase(
                    java.util.Locale.ROOT) + " values; expected integer row indices (int64, as the exporter writes)");
        }
        long steps = (long) epochs * ((n + batch - 1) / batch);
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
            requireRank(dir.resolve("init"), e.getKey(), e.getValue());
            requireRank(dir.resolve("final"), e.getKey(), last.get(e.getKey()));
            if (!Arrays.equals(e.getValue().shape(), last.get(e.getKey()).shape())) {
                throw new InputException(dir.resolve("final").resolve(e.getKey() + ".npy") + ": shape "
                        + Arrays.toString(last.get(e.getKey()).shape()) + " differs from init/" + e.getKey()
                        + ".npy's " + Arrays.toString(e.getValue().shape()));
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
                    throw new InputException(Messages.path(dir.resolve("order.npy")) + ": epoch " + (epoch + 1)
                            + " is not a permutation of 0.." + (n - 1));
                }
            }
        }
        return new Reference(dir, model, lr, epochs, batch, seed, x, y, order, losses, eval, initial, last, masks);
    }

    /**
     * Reads {@code meta.json} as a JSON object. A byte-order mark or UTF-16 text is refused with its reason (the
     * exporter writes plain UTF-8), as is anything over {@value #MAX_META_BYTES} bytes.
     */
    static JsonNode readMeta(Path file) {
        if (!Files.exists(file)) {
            throw new InputException(Messages.path(file) + ": missing");
        }
        if (!Files.isRegularFile(file)) {
            throw new InputException(Messages.path(file) + ": not a regular file (a directory, device or pipe)");
        }
        JsonNode meta;
        try {
            if (Files.size(file) > MAX_META_BYTES) {
                throw new InputException(Messages.path(file) + ": larger than " + (MAX_META_BYTES >> 10) + " KB; the exporter "
                        + "writes a few lines");
            }
            byte[] bytes = Files.readAllBytes(file);
            String encoding = encodingProblem(bytes);
            if (encoding != null) {
                throw new InputException(Messages.path(file) + ": " + encoding + "; save it as UTF-8 without a byte-order mark, "
                        + "as reference/pytorch/export.py writes it");
            }
            // One JSON value and nothing after it (whitespace aside): an object pasted twice, or text appended, is
            // refused instead of silently reading the first object. A key given twice is refused for the same reason.
            ObjectMapper mapper = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            try (JsonParser parser = mapper.getFactory().createParser(bytes)) {
                meta = mapper.readTree(parser);
                requireNothingAfter(file, bytes, parser.getCurrentLocation().getByteOffset());
            }
        } catch (IOException e) {
            String why = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            if (why.startsWith("Duplicate field")) {
                throw new InputException(Messages.path(file) + ": " + Messages.escape(why.length() > 100
                        ? why.substring(0, 97) + "..." : why) + "; give each key once", e);
            }
            throw new InputException(Messages.path(file) + ": not valid JSON (" + (why.length() > 100 ? why.substring(0, 97) + "..."
                    : why) + ")", e);
        }
        if (meta == null || !meta.isObject()) {
            throw new InputException(Messages.path(file) + ": expected a JSON object with model, lr, epochs and batch_size");
        }
        return meta;
    }

    /**
     * Refuses anything after the one JSON value but the single line ending a text editor adds: a second copy of the
     * object (a bad paste or an append) would otherwise be silently ignored, and the run would compare the wrong
     * settings without a word.
     */
    private static void requireNothingAfter(Path file, byte[] bytes, long end) {
        int rest = bytes.length - (int) Math.min(Math.max(end, 0), bytes.length);
        int from = bytes.length - rest;
        boolean lineEnding = rest == 0 || (rest == 1 && bytes[from] == '\n')
                || (rest == 2 && bytes[from] == '\r' && bytes[from + 1] == '\n');
        if (end < 0 || !lineEnding) {
            String after = new String(bytes, from, rest, java.nio.charset.StandardCharsets.UTF_8).strip();
            throw new InputException(Messages.path(file) + ": " + (after.startsWith("{")
                    ? "holds more than one JSON object (a second copy after the first, as a bad paste or an append "
                    + "leaves it)" : "has " + rest + " byte" + (rest == 1 ? "" : "s") + " after its JSON object")
                    + "; keep exactly one object and nothing after its closing '}'");
        }
    }

    /** Why {@code bytes} are not plain UTF-8 JSON text, or {@code null}: a byte-order mark, or UTF-16/32's zeros. */
    static String encodingProblem(byte[] bytes) {
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
            return "starts with a UTF-8 byte-order mark";
        }
        if (bytes.length >= 2 && (((bytes[0] & 0xff) == 0xfe && (bytes[1] & 0xff) == 0xff)
                || ((bytes[0] & 0xff) == 0xff && (bytes[1] & 0xff) == 0xfe))) {
            return "is UTF-16 text (it starts with a UTF-16 byte-order mark)";
        }
        for (byte b : bytes) {
            if (b == 0) {
                return "holds zero bytes, as UTF-16 or UTF-32 text does";
            }
        }
        return null;
    }

    static String text(JsonNode meta, Path file, String key) {
        if (!meta.has(key)) {
            throw new InputException(Messages.path(file) + ": no \"" + key + "\"");
        }
        if (!meta.get(key).isTextual()) {
            throw new InputException(Messages.path(file) + ": \"" + key + "\" is " + abbreviate(meta.get(key).toString())
                    + "; expected a string");
        }
        return meta.get(key).asText();
    }

    static double number(JsonNode meta, Path file, String key) {
        if (!meta.has(key)) {
            throw new InputException(Messages.path(file) + ": no \"" + key + "\"");
        }
        if (!meta.get(key).isNumber()) {
            throw new InputException(Messages.path(file) + ": \"" + key + "\" is " + abbreviate(meta.get(key).toString())
                    + "; expected a number");
        }
        return meta.get(key).asDouble();
    }

    /** A whole number from 1 to {@link #MAX_COUNT}: 5.9 epochs is refused, not truncated to 5. */
    private static int count(JsonNode meta, Path file, String key) {
        double value = number(meta, file, key);
        if (value != Math.rint(value) || value < 1 || value > MAX_COUNT) {
            throw new InputException(Messages.path(file) + ": \"" + key + "\" is " + abbreviate(meta.get(key).toString())
                    + "; expected a whole number from 1 to " + MAX_COUNT);
        }
        return (int) value;
    }

    /**
     * PyTorch's state_dict names say the rank: a Linear layer's {@code fcN.weight} is 2-D, every bias, batch-norm
     * parameter and running statistic is 1-D. Checked per file, so the message names the file that is wrong.
     */
    private static void requireRank(Path folder, String name, INDArray a) {
        int rank = name.matches("fc\\d+\\.weight") ? 2 : 1;
        if (a.rank() != rank) {
            throw new InputException(folder.resolve(name + ".npy") + ": shape " + Arrays.toString(a.shape())
                    + " has " + a.rank() + " dimension" + (a.rank() == 1 ? "" : "s") + "; PyTorch's " + name + " has "
                    + rank);
        }
    }

    static String abbreviate(String s) {
        return s.length() <= 20 ? s : s.substring(0, 17) + "...";
    }

    /** Reads a .npy file and checks its shape; -1 in {@code shape} accepts any size. */
    static INDArray array(Path file, long... shape) {
        INDArray a = read(file);
        require(file, a, shape);
        return a;
    }

    /** Reads a .npy file, validated in Java ({@link Npy}): integers become int64, floating point float32. */
    static INDArray read(Path file) {
        return Npy.read(file);
    }

    private static void require(Path file, INDArray a, long... shape) {
        boolean ok = a.rank() == shape.length;
        for (int i = 0; ok && i < shape.length; i++) {
            ok = shape[i] < 0 || a.size(i) == shape[i];
        }
        if (!ok) {
            throw new InputException(Messages.path(file) + ": shape " + Arrays.toString(a.shape()) + ", expected "
                    + Arrays.toString(shape).replace("-1", "any"));
        }
    }

    /** The entries a reference directory may hold: each is read by {@link #load}, so none can be silently ignored. */
    static final List<String> KNOWN_ENTRIES = List.of("meta.json", "X.npy", "y.npy", "order.npy", "losses.npy",
            "eval.npy", "init", "final", "masks");

    /**
     * Refuses a file the run would not read, such as an array left from another run: a reference whose extra file
     * is ignored would print PASS for data the user believes was compared.
     */
    private static void requireOnlyKnownFiles(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path entry : entries.sorted().toList()) {
                if (!KNOWN_ENTRIES.contains(entry.getFileName().toString())) {
                    throw new InputException(Messages.path(entry) + ": not part of a reference (parity reads only "
                            + String.join(", ", KNOWN_ENTRIES) + "); remove it or move it elsewhere");
                }
            }
        } catch (IOException e) {
            throw new InputException(Messages.path(dir) + ": could not be listed", e);
        }
    }

    private static Map<String, INDArray> folder(Path dir, boolean mayBeEmpty) {
        if (!Files.isDirectory(dir)) {
            throw new InputException(Messages.path(dir) + ": missing");
        }
        var arrays = new TreeMap<String, INDArray>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.sorted().toList()) {
                if (!f.getFileName().toString().endsWith(".npy") || Files.isDirectory(f, LinkOption.NOFOLLOW_LINKS)) {
                    throw new InputException(Messages.path(f) + ": not part of a reference (" + Messages.path(dir)
                            + " holds only .npy arrays, and every one is read); remove it or move it elsewhere");
                }
                arrays.put(f.getFileName().toString().replaceFirst("\\.npy$", ""), read(f));
            }
        } catch (IOException e) {
            throw new InputException(Messages.path(dir) + ": could not be listed", e);
        }
        if (arrays.isEmpty() && !mayBeEmpty) {
            throw new InputException(Messages.path(dir) + ": holds no .npy files");
        }
        return arrays;
    }
}
