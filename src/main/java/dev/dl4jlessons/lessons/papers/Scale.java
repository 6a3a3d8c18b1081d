package dev.dl4jlessons.lessons.papers;

import java.util.List;

import dev.dl4jlessons.runtime.InputException;

/**
 * How much each reproduction trains: the steps, rows and grids of all five figures, the seeds, and the threads.
 * {@link #DEFAULT} is the size the guide shows (each figure well under five minutes on two quiet cores);
 * {@link #QUICK} is the tests' size, on the 2,000-image sample.
 *
 * @param name           printed with the results
 * @param seeds          runs per variant (seeds 1..seeds)
 * @param threads        networks trained at once
 * @param testRows       test images every accuracy and error is measured on (the same rows for every seed)
 * @param bnSteps        Figure 1: training steps of 60 images (the paper: 50,000)
 * @param bnCheckpoints  Figure 1: measurements over training, evenly spaced
 * @param probeRows      Figure 1: test images whose sigmoid inputs give the percentiles
 * @param aeRows         Figures 7 and 8: training images of the autoencoder
 * @param aeSteps        Figures 7 and 8: steps of 100 images
 * @param retainRows     Figure 9: training images
 * @param retainSteps    Figure 9: steps of 100 images per network
 * @param retains        Figure 9: the retain probabilities p, ascending, ending at 1
 * @param retainHidden   Figure 9 (a): hidden units n per layer, fixed
 * @param retainKept     Figure 9 (b): p·n, the units kept on average, fixed
 * @param sizes          Figure 10: training-set sizes, ascending
 * @param sizeHidden     Figure 10: hidden units in each of its two layers (the default 256; fewer in the tests)
 * @param sizeSteps      Figure 10: steps of up to 100 images per network, whatever the size
 * @param shiftRows      variance shift: training images
 * @param shiftSteps     variance shift: steps of 100 images
 */
public record Scale(String name, int seeds, int threads, int testRows, int bnSteps, int bnCheckpoints, int probeRows,
        int aeRows, int aeSteps, int retainRows, int retainSteps, List<Double> retains, int retainHidden,
        int retainKept, List<Integer> sizes, int sizeHidden, int sizeSteps, int shiftRows, int shiftSteps) {
    /** Retain probabilities of Figure 9, as in the paper's x axis from 0.1 to 1. */
    static final List<Double> RETAINS = List.of(0.1, 0.2, 0.4, 0.6, 0.8, 1.0);

    /**
     * The guide's size: three seeds, every figure well under a minute of two quiet cores, chosen so that all five
     * could be rerun on a machine shared by many jobs. Far below the papers' step counts: see the guide.
     */
    public static final Scale DEFAULT = new Scale("default", 3, Runtime.getRuntime().availableProcessors(), 1000,
            600, 10, 300, 3000, 300, 2000, 150, RETAINS, 128, 32, List.of(100, 500, 2000, 8000), 256, 200,
            3000, 300);

    /**
     * The tests' size, on the 2,000/500-image sample: still three seeds and, but for Figure 10's narrower layers, the
     * default's networks, trained for tens of steps instead of hundreds, so that all five figures together take
     * seconds of the default test run. Figure 10 starts at 50 images, where a network is clearly worse than at 1,000
     * even after so few steps.
     */
    public static final Scale QUICK = new Scale("quick", 3, Runtime.getRuntime().availableProcessors(), 200,
            45, 3, 100, 400, 20, 400, 15, List.of(0.1, 0.5, 1.0), 32, 8, List.of(50, 200, 1000), 64, 20,
            400, 30);

    /** Validates every field; messages name the option that sets it. */
    public Scale {
        retains = List.copyOf(retains);
        sizes = List.copyOf(sizes);
        require(seeds >= 2 && seeds <= 20, "--seeds " + seeds + ": must be in 2..20 (a spread needs two runs)");
        require(threads >= 1 && threads <= 64, "--threads " + threads + ": must be in 1..64");
        require(testRows >= 10 && probeRows >= 10, "test rows must be at least 10");
        require(bnSteps >= bnCheckpoints && bnCheckpoints >= 3, "Figure 1 needs at least 3 checkpoints");
        require(aeRows >= 100 && aeSteps >= 1 && retainRows >= 100 && retainSteps >= 1 && sizeSteps >= 1
                && shiftRows >= 100 && shiftSteps >= 1, "rows and steps must be positive");
        require(retains.size() >= 2 && retains.get(retains.size() - 1) == 1.0
                && retains.stream().allMatch(p -> p > 0 && p <= 1), "retains must be in (0, 1] and end at 1");
        require(retainHidden >= 1 && retainKept >= 1 && sizeHidden >= 1, "hidden units must be positive");
        require(sizes.size() >= 3 && sizes.get(0) >= 2, "Figure 10 needs at least 3 sizes of at least 2 rows");
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new InputException(message);
        }
    }

    /** A copy with another number of seeds. */
    public Scale withSeeds(int k) {
        return new Scale(name, k, threads, testRows, bnSteps, bnCheckpoints, probeRows, aeRows, aeSteps, retainRows,
                retainSteps, retains, retainHidden, retainKept, sizes, sizeHidden, sizeSteps, shiftRows, shiftSteps);
    }

    /** A copy with another number of threads. */
    public Scale withThreads(int n) {
        return new Scale(name, seeds, n, testRows, bnSteps, bnCheckpoints, probeRows, aeRows, aeSteps, retainRows,
                retainSteps, retains, retainHidden, retainKept, sizes, sizeHidden, sizeSteps, shiftRows, shiftSteps);
    }
}
