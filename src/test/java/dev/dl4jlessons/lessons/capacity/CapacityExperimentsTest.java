package dev.dl4jlessons.lessons.capacity;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;

import org.junit.jupiter.api.Test;

/** The data of underfit-overfit.png: what the picture claims must hold in the numbers, over seeds. */
class CapacityExperimentsTest {
    @Test
    void smallModelUnderfitsAndMemorisingModelOverfitsOverSeeds() {
        for (long seed = 1; seed <= 2; seed++) {
            var d = CapacityExperiments.underfitOverfit(seed, 300);
            var small = d.fits().get(0);
            var right = d.fits().get(1);
            var big = d.fits().get(2);
            String at = String.format(Locale.ROOT, "seed %d: small %.3f/%.3f right %.3f/%.3f big %.3f/%.3f", seed,
                    small.trainMse(), small.validationMse(), right.trainMse(), right.validationMse(), big.trainMse(),
                    big.validationMse());
            assertTrue(small.trainMse() > right.trainMse(), at);
            assertTrue(big.validationMse() > right.validationMse(), at);
            assertTrue(big.trainMse() < right.trainMse(), at);
        }
    }
}
