package dev.dl4jlessons.playground;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import dev.dl4jlessons.playground.PlaygroundSettings.Act;
import dev.dl4jlessons.playground.PlaygroundSettings.Optimizer;
import dev.dl4jlessons.playground.PlaygroundSettings.Placement;

/**
 * The playground's teaching presets, each a link ({@code /?preset=NAME}) that sets every setting. The guide,
 * {@code lessons/12-playground.md}, says what to try with each.
 */
public enum Preset {
    /** The spiral, which a small network learns within seconds: the first thing to press play on. */
    SPIRAL("spiral",
            "Three layers of 16 ReLU units learn the two arms: watch both losses fall and the boundary wind round.",
            settings(Problem.SPIRAL, 0, 400, 10, List.of(16, 16, 16), 0, false, Placement.AFTER, Act.RELU,
                    Optimizer.ADAM, 0.03, 200)),
    /** A wide, deep network on few noisy points: the training loss falls to nothing while the test loss climbs. */
    MEMORISE_THE_NOISE("memorise the noise",
            "Four layers of 32 units on 60 noisy points: watch the training loss fall and the test loss climb.",
            settings(Problem.CIRCLE, 50, 60, 10, List.of(32, 32, 32, 32), 0, false, Placement.AFTER, Act.RELU,
                    Optimizer.ADAM, 0.01, 50)),
    /** The same network and data with dropout 0.5 in every hidden layer. */
    DROPOUT_CLOSES_THE_GAP("dropout closes the gap",
            "The same network and points with dropout p = 0.5 in every hidden layer: the gap between train and test "
                    + "loss opens far more slowly, and half the units flicker grey.",
            settings(Problem.CIRCLE, 50, 60, 10, List.of(32, 32, 32, 32), 0.5, false, Placement.AFTER, Act.RELU,
                    Optimizer.ADAM, 0.01, 50)),
    /** Six sigmoid layers with plain SGD at a learning rate that only batch norm makes usable. */
    BN_LETS_A_HIGH_LEARNING_RATE_TRAIN("BN lets a high learning rate train",
            "Six sigmoid layers, plain SGD at learning rate 2 with batch norm in each: it trains; switch batch norm "
                    + "off and the loss stays flat.",
            settings(Problem.CIRCLE, 5, 400, 50, List.of(8, 8, 8, 8, 8, 8), 0, true, Placement.AFTER, Act.SIGMOID,
                    Optimizer.SGD, 2, 20)),
    /** Dropout placed before batch norm: the running variance is learned with dropout on and used without it. */
    DROPOUT_BEFORE_BN_THE_VARIANCE_SHIFT("dropout before BN: the variance shift",
            "Dropout p = 0.5 before batch norm: the running std, learned with dropout on, is larger than the std the "
                    + "batch norm sees at test time, when dropout is off.",
            settings(Problem.XOR, 10, 400, 20, List.of(16, 16), 0.5, true, Placement.BEFORE, Act.RELU,
                    Optimizer.ADAM, 0.01, 50));

    private final String title;
    private final String lookFor;
    private final PlaygroundSettings settings;

    Preset(String title, String lookFor, PlaygroundSettings settings) {
        this.title = title;
        this.lookFor = lookFor;
        this.settings = settings;
    }

    /** The preset's name in links: {@code memorise-the-noise}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The link's text. */
    public String title() {
        return title;
    }

    /** What to look for, one sentence. */
    public String lookFor() {
        return lookFor;
    }

    /** Every setting of the preset. */
    public PlaygroundSettings settings() {
        return settings;
    }

    /** The preset named {@code key}, if any. */
    public static Optional<Preset> byKey(String key) {
        return Arrays.stream(values()).filter(p -> p.key().equals(key)).findFirst();
    }

    private static PlaygroundSettings settings(Problem problem, int noise, int points, int batch, List<Integer> units,
            double drop, boolean batchNorm, Placement placement, Act activation, Optimizer optimizer,
            double learningRate, int stepsPerSecond) {
        int n = units.size();
        return new PlaygroundSettings(problem, noise, 50, points, batch, units, Collections.nCopies(n, drop),
                Collections.nCopies(n, batchNorm), placement, activation, optimizer, learningRate, 0, 1,
                stepsPerSecond);
    }
}
