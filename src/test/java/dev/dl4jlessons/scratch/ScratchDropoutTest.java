package dev.dl4jlessons.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.harness.Settings;
import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.runtime.CourseRuntime;

/** The from-scratch dropout equals DL4J's layer given the same mask, and both formulations agree in expectation. */
class ScratchDropoutTest {
    static {
        CourseRuntime.init(false);
    }

    @ParameterizedTest(name = "{0} rows, drop {1}")
    @CsvSource({"1, 0.5", "10, 0.5", "37, 0.2", "64, 0.8"})
    void dl4jDropoutLayerEqualsScratchWithTheSameMask(int rows, double drop) {
        var diffs = Checks.dropout(DropoutLesson.configuration(Settings.NOTEBOOK.withSeed(rows)), rows, drop, rows);
        assertEquals(4, diffs.size());
        diffs.forEach((what, diff) -> assertTrue(diff < 1e-5, what + ": max |diff| = " + diff));
    }

    @ParameterizedTest(name = "drop {0}")
    @ValueSource(doubles = {0.2, 0.5, 0.8})
    void invertedAndOriginalKeepTheExpectedActivation(double drop) {
        double retain = 1 - drop;
        var rng = Nd4j.getRandomFactory().getNewRandomInstance(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2000, 50).addi(0.5); // 100,000 positive activations
        INDArray keep = ScratchDropout.keepPattern(x.shape(), retain, rng);
        double n = x.length();
        double invertedTrain = ScratchDropout.invertedForward(x, ScratchDropout.invertedMask(keep, retain))
                .meanNumber().doubleValue();
        double invertedTest = ScratchDropout.invertedInference(x).meanNumber().doubleValue();
        double originalTrain = ScratchDropout.originalForward(x, keep).meanNumber().doubleValue();
        double originalTest = ScratchDropout.originalInference(x, retain).meanNumber().doubleValue();
        // standard error of a mean of n masked values, with the inverted scaling (the larger of the two)
        double se = Math.sqrt(x.mul(x).meanNumber().doubleValue() * (1 - retain) / retain / n);
        assertEquals(invertedTest, invertedTrain, 4 * se, "inverted: training mean = inference mean");
        assertEquals(originalTest, originalTrain, 4 * se, "original: training mean = inference mean");
        assertEquals(retain, originalTest / invertedTest, 1e-5, "the two differ only in where the scaling goes");
        assertEquals(drop, 1 - keep.meanNumber().doubleValue(), 0.01, "keep pattern drops the asked fraction");
    }

    @Test
    void keepPatternIsSeeded() {
        var a = ScratchDropout.keepPattern(new long[] {10, 10}, 0.5, Nd4j.getRandomFactory().getNewRandomInstance(3));
        var b = ScratchDropout.keepPattern(new long[] {10, 10}, 0.5, Nd4j.getRandomFactory().getNewRandomInstance(3));
        assertEquals(a, b);
    }
}
