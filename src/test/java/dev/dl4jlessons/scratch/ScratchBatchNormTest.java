package dev.dl4jlessons.scratch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.CourseRuntime;

/** The from-scratch batch normalization equals DL4J's layer: outputs, gradients and running statistics. */
class ScratchBatchNormTest {
    static {
        CourseRuntime.init(false);
    }

    @ParameterizedTest(name = "batch {0} × {1} features")
    @CsvSource({"2, 7", "4, 3", "10, 50", "32, 20", "100, 1"})
    void matchesDl4jLayerWithin1e5(int rows, int features) {
        var diffs = Checks.batchNorm(rows, features, rows * 31L + features);
        assertEquals(7, diffs.size());
        diffs.forEach((what, diff) -> assertTrue(diff < 1e-5, what + ": max |diff| = " + diff));
    }

    @Test
    void runningVarianceIsTheBiasedBatchVariance() {
        var net = Checks.batchNormNetwork(3);
        var x = Nd4j.rand(DataType.FLOAT, 10, 3);
        net.fit(x.dup(), Nd4j.zeros(DataType.FLOAT, 10, 3));
        var biased = x.var(false, 0);
        var expected = biased.mul(0.1).add(0.9); // from the initial running variance of 1
        assertTrue(Checks.maxDiff(expected, net.getLayer(0).getParam("var")) < 1e-6);
        var unbiased = x.var(true, 0);
        assertEquals(10.0 / 9.0, unbiased.getDouble(0) / biased.getDouble(0), 1e-5, "PyTorch's factor n/(n-1)");
    }
}
