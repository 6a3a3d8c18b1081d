package dev.dl4jlessons.playground;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Everything a playground page can set, validated: the compact constructor refuses any value out of its range with
 * one line naming the setting, its value and the range, and {@link #fromJson} refuses unknown settings and values of
 * the wrong type. The bounds keep one page from exhausting the JVM: at most {@value #MAX_LAYERS} hidden layers of
 * {@value #MAX_UNITS} units, {@value #MAX_POINTS} points, {@value #MAX_STEPS_PER_SECOND} steps a second.
 *
 * @param problem        the data; default spiral
 * @param noise          noise in percent of the data's scale, 0..50; default 10
 * @param trainPercent   share of the points used for training (the rest is the test set), 10..90; default 50
 * @param points         points in all (train and test), 20..1000; default 400
 * @param batchSize      rows per training step, 1..100 and at most the training rows (2 or more with batch norm);
 *                       default 10
 * @param units          units of each hidden layer, 1..32 each, 1..6 layers; default [8, 8]
 * @param dropout        drop probability per hidden layer as in PyTorch's {@code nn.Dropout(p)}, 0 (off) ..0.9;
 *                       default 0 each
 * @param batchNorm      batch normalization on or off per hidden layer; default off
 * @param placement      where dropout sits relative to batch norm in a layer that has both; default after
 * @param activation     the hidden layers' activation; default tanh
 * @param optimizer      SGD or Adam; default Adam
 * @param learningRate   1e-5..10; default 0.01
 * @param l2             L2 weight decay, 0..1; default 0
 * @param seed           seed of the data, the initial weights, the shuffling and the dropout masks, 0..2^31-1;
 *                       default 1
 * @param stepsPerSecond training steps a second while playing, 1..200; default 50
 */
public record PlaygroundSettings(Problem problem, int noise, int trainPercent, int points, int batchSize,
        List<Integer> units, List<Double> dropout, List<Boolean> batchNorm, Placement placement, Act activation,
        Optimizer optimizer, double learningRate, double l2, int seed, int stepsPerSecond) {

    /** Most hidden layers. */
    public static final int MAX_LAYERS = 6;
    /** Most units in a hidden layer. */
    public static final int MAX_UNITS = 32;
    /** Most points (train and test together). */
    public static final int MAX_POINTS = 1000;
    /** Fewest points. */
    public static final int MIN_POINTS = 20;
    /** Largest batch. */
    public static final int MAX_BATCH = 100;
    /** Largest drop probability. */
    public static final double MAX_DROP = 0.9;
    /** Fastest training while playing. */
    public static final int MAX_STEPS_PER_SECOND = 200;

    /** Where dropout sits relative to batch normalization in a hidden layer that has both. */
    public enum Placement {
        /** Dense → BN → activation → dropout: the usual order. */
        AFTER,
        /** Dense → activation → dropout → BN: BN learns the statistics of dropped activations (the variance shift). */
        BEFORE
    }

    /** The hidden layers' activation. */
    public enum Act {
        /** max(0, x). */
        RELU,
        /** tanh(x). */
        TANH,
        /** 1 / (1 + e^-x). */
        SIGMOID,
        /** x: the network stays linear. */
        LINEAR
    }

    /** The updater. */
    public enum Optimizer {
        /** Plain stochastic gradient descent. */
        SGD,
        /** Adam with DL4J's default betas. */
        ADAM
    }

    /** The settings a page starts from. */
    public static PlaygroundSettings defaults() {
        return new PlaygroundSettings(Problem.SPIRAL, 10, 50, 400, 10, List.of(8, 8), List.of(0.0, 0.0),
                List.of(false, false), Placement.AFTER, Act.TANH, Optimizer.ADAM, 0.01, 0, 1, 50);
    }

    /** Validates every setting; the message names the setting as the page and the URL spell it. */
    public PlaygroundSettings {
        if (problem == null || placement == null || activation == null || optimizer == null || units == null
                || dropout == null || batchNorm == null) {
            throw new InputException("a setting is missing");
        }
        range("noise", noise, 0, 50);
        range("trainPercent", trainPercent, 10, 90);
        range("points", points, MIN_POINTS, MAX_POINTS);
        range("stepsPerSecond", stepsPerSecond, 1, MAX_STEPS_PER_SECOND);
        if (seed < 0) {
            throw new InputException("seed " + seed + ": must be in 0..2147483647");
        }
        if (units.isEmpty() || units.size() > MAX_LAYERS) {
            throw new InputException("units: " + units.size() + " hidden layers; give 1.." + MAX_LAYERS);
        }
        for (int u : units) {
            range("units", u, 1, MAX_UNITS);
        }
        if (dropout.size() != units.size()) {
            throw new InputException("dropout: " + dropout.size() + " values for " + units.size()
                    + " hidden layers; give one drop probability per layer");
        }
        if (batchNorm.size() != units.size()) {
            throw new InputException("batchNorm: " + batchNorm.size() + " values for " + units.size()
                    + " hidden layers; give one true or false per layer");
        }
        for (double p : dropout) {
            if (!(p >= 0 && p <= MAX_DROP)) {
                throw new InputException("dropout " + number(p) + ": a drop probability must be in 0.." + MAX_DROP
                        + " (0 turns dropout off)");
            }
        }
        if (!(learningRate >= 1e-5 && learningRate <= 10)) {
            throw new InputException("learningRate " + number(learningRate) + ": must be in 0.00001..10");
        }
        if (!(l2 >= 0 && l2 <= 1)) {
            throw new InputException("l2 " + number(l2) + ": must be in 0..1");
        }
        boolean anyBatchNorm = batchNorm.contains(true);
        range("batchSize", batchSize, anyBatchNorm ? 2 : 1, MAX_BATCH);
        int trainRows = trainRows(points, trainPercent);
        if (batchSize > trainRows) {
            throw new InputException("batchSize " + batchSize + ": larger than the " + trainRows
                    + " training points; lower it or raise points or trainPercent");
        }
        units = List.copyOf(units);
        dropout = List.copyOf(dropout);
        batchNorm = List.copyOf(batchNorm);
    }

    /** Number of hidden layers. */
    public int layers() {
        return units.size();
    }

    /** Number of training points: {@code trainPercent} of {@code points}, at least 2 and leaving at least 2. */
    public int trainRows() {
        return trainRows(points, trainPercent);
    }

    /** Number of test points. */
    public int testRows() {
        return points - trainRows();
    }

    private static int trainRows(int points, int trainPercent) {
        return Math.max(2, Math.min(points - 2, Math.round(points * trainPercent / 100f)));
    }

    /** These settings with other hidden layers, for presets and tests. */
    public PlaygroundSettings withLayers(List<Integer> units, List<Double> dropout, List<Boolean> batchNorm) {
        return new PlaygroundSettings(problem, noise, trainPercent, points, batchSize, units, dropout, batchNorm,
                placement, activation, optimizer, learningRate, l2, seed, stepsPerSecond);
    }

    // ---- JSON, as the page sends it ----

    private static final Set<String> KEYS = Set.of("problem", "noise", "trainPercent", "points", "batchSize", "units",
            "dropout", "batchNorm", "placement", "activation", "optimizer", "learningRate", "l2", "seed",
            "stepsPerSecond");

    /**
     * The settings in {@code json}; a missing setting keeps its default.
     *
     * @throws InputException naming an unknown setting, a value of the wrong type or out of range
     */
    public static PlaygroundSettings fromJson(JsonObject json) {
        for (String key : json.fieldNames()) {
            if (!KEYS.contains(key)) {
                throw new InputException("unknown setting " + shown(key)
                        + Messages.didYouMean(key, KEYS));
            }
        }
        var d = defaults();
        List<Integer> units = json.containsKey("units") ? list(json, "units", v -> whole("units", v))
                : d.units();
        int layers = units.size();
        List<Double> dropout = json.containsKey("dropout") ? list(json, "dropout", v -> real("dropout", v))
                : nCopies(layers, 0.0);
        List<Boolean> batchNorm = json.containsKey("batchNorm") ? list(json, "batchNorm", v -> bool("batchNorm", v))
                : nCopies(layers, false);
        return new PlaygroundSettings(
                choice(json, "problem", Problem.class, d.problem()),
                intValue(json, "noise", d.noise()),
                intValue(json, "trainPercent", d.trainPercent()),
                intValue(json, "points", d.points()),
                intValue(json, "batchSize", d.batchSize()),
                units, dropout, batchNorm,
                choice(json, "placement", Placement.class, d.placement()),
                choice(json, "activation", Act.class, d.activation()),
                choice(json, "optimizer", Optimizer.class, d.optimizer()),
                doubleValue(json, "learningRate", d.learningRate()),
                doubleValue(json, "l2", d.l2()),
                intValue(json, "seed", d.seed()),
                intValue(json, "stepsPerSecond", d.stepsPerSecond()));
    }

    /** These settings as the page sends them: {@code fromJson(s.toJson())} equals {@code s}. */
    public JsonObject toJson() {
        return new JsonObject()
                .put("problem", problem.key())
                .put("noise", noise)
                .put("trainPercent", trainPercent)
                .put("points", points)
                .put("batchSize", batchSize)
                .put("units", new JsonArray(new ArrayList<>(units)))
                .put("dropout", new JsonArray(new ArrayList<>(dropout)))
                .put("batchNorm", new JsonArray(new ArrayList<>(batchNorm)))
                .put("placement", placement.name().toLowerCase(Locale.ROOT))
                .put("activation", activation.name().toLowerCase(Locale.ROOT))
                .put("optimizer", optimizer.name().toLowerCase(Locale.ROOT))
                .put("learningRate", learningRate)
                .put("l2", l2)
                .put("seed", seed)
                .put("stepsPerSecond", stepsPerSecond);
    }

    private static <T> List<T> nCopies(int n, T value) {
        return java.util.Collections.nCopies(n, value);
    }

    private static void range(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new InputException(name + " " + value + ": must be in " + min + ".." + max);
        }
    }

    private static int intValue(JsonObject json, String key, int fallback) {
        return json.containsKey(key) ? whole(key, json.getValue(key)) : fallback;
    }

    private static double doubleValue(JsonObject json, String key, double fallback) {
        return json.containsKey(key) ? real(key, json.getValue(key)) : fallback;
    }

    /** A whole number within int range, or a clear refusal; 3.0 is accepted, 3.5 is not. */
    private static int whole(String key, Object value) {
        if (value instanceof Integer i) {
            return i;
        }
        if (value instanceof Long || value instanceof BigInteger) {
            throw new InputException(key + " " + shown(value) + ": far out of range");
        }
        if (value instanceof Number n) {
            double x = n.doubleValue();
            if (x == Math.rint(x) && Math.abs(x) <= Integer.MAX_VALUE) {
                return (int) x;
            }
            throw new InputException(key + " " + shown(value) + ": must be a whole number");
        }
        throw new InputException(key + " " + shown(value) + ": must be a number, not " + typeOf(value));
    }

    private static double real(String key, Object value) {
        if (value instanceof BigDecimal || value instanceof BigInteger || !(value instanceof Number)) {
            if (value instanceof Number) {
                throw new InputException(key + " " + shown(value) + ": far out of range");
            }
            throw new InputException(key + " " + shown(value) + ": must be a number, not " + typeOf(value));
        }
        double x = ((Number) value).doubleValue();
        if (!Double.isFinite(x)) {
            throw new InputException(key + " " + shown(value) + ": must be a finite number");
        }
        return x;
    }

    private static boolean bool(String key, Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        throw new InputException(key + " " + shown(value) + ": must be true or false, not " + typeOf(value));
    }

    private static <T> List<T> list(JsonObject json, String key, Function<Object, T> element) {
        Object value = json.getValue(key);
        if (!(value instanceof JsonArray array)) {
            throw new InputException(key + " " + shown(value) + ": must be a list, one value per hidden layer, not "
                    + typeOf(value));
        }
        if (array.isEmpty() || array.size() > MAX_LAYERS) {
            throw new InputException(key + ": " + array.size() + " values; give one per hidden layer, 1.."
                    + MAX_LAYERS + " layers");
        }
        var out = new ArrayList<T>(array.size());
        for (Object v : array) {
            out.add(element.apply(v));
        }
        return out;
    }

    private static <E extends Enum<E>> E choice(JsonObject json, String key, Class<E> type, E fallback) {
        if (!json.containsKey(key)) {
            return fallback;
        }
        Object value = json.getValue(key);
        var names = Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase(Locale.ROOT)).toList();
        if (value instanceof String s) {
            for (E e : type.getEnumConstants()) {
                if (e.name().toLowerCase(Locale.ROOT).equals(s)) {
                    return e;
                }
            }
            throw new InputException(key + " " + shown(value) + ": must be one of " + String.join(", ", names)
                    + Messages.didYouMean(s, names));
        }
        throw new InputException(key + " " + shown(value) + ": must be one of " + String.join(", ", names)
                + ", not " + typeOf(value));
    }

    /** A value as a message shows it: escaped and at most 40 characters. */
    static String shown(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        text = Messages.escape(text);
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }

    private static String typeOf(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String) {
            return "text";
        }
        if (value instanceof JsonArray) {
            return "a list";
        }
        if (value instanceof JsonObject || value instanceof Map) {
            return "an object";
        }
        if (value instanceof Boolean) {
            return "true/false";
        }
        return "a number";
    }

    private static String number(double x) {
        return String.format(Locale.ROOT, "%s", x);
    }

    /** The settings' keys, sorted, for tests. */
    static List<String> keys() {
        return KEYS.stream().sorted().collect(Collectors.toList());
    }
}
