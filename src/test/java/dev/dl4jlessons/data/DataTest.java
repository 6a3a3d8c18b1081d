package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.testing.TestData;

/** Data generation, CSV round trips and the per-epoch shuffle. */
class DataTest {
    static {
        CourseRuntime.init(false);
    }

    @Test
    void generatorReproducesTheCommittedFile() {
        var table = CsvData.load(TestData.file("random-100x10.csv"), CsvData.Spec.regression(10));
        DataSet generated = RandomData.notebook(42);
        assertEquals(generated.getFeatures(), table.data().getFeatures());
        assertEquals(generated.getLabels(), table.data().getLabels());
        assertEquals("x1", table.header().get(0));
    }

    @Test
    void csvRoundTripsExactly(@TempDir Path dir) {
        DataSet data = RandomData.normal(37, 10, 8);
        Path file = dir.resolve("round trip.csv");
        CsvWriter.write(file, data);
        var back = CsvData.load(file, CsvData.Spec.regression(10)).data();
        assertEquals(data.getFeatures(), back.getFeatures());
        assertEquals(data.getLabels(), back.getLabels());
    }

    @Test
    void generatorIsSeeded() {
        assertEquals(RandomData.notebook(3).getFeatures(), RandomData.notebook(3).getFeatures());
        assertNotEquals(RandomData.notebook(3).getFeatures(), RandomData.notebook(4).getFeatures());
    }

    @Test
    void iteratorVisitsEveryRowOncePerEpochInANewOrder() {
        var data = RandomData.normal(23, 10, 1);
        // tag each row with its index so visited rows can be identified
        for (int i = 0; i < 23; i++) {
            data.getLabels().putScalar(i, 0, i);
        }
        var it = new ShuffledBatches(data, 5, 99);
        int[][] orders = new int[4][];
        for (int epoch = 0; epoch < 4; epoch++) {
            if (!it.hasNext()) {
                it.reset();
            }
            var seen = new int[23];
            int k = 0;
            int batches = 0;
            while (it.hasNext()) {
                var batch = it.next();
                batches++;
                for (int r = 0; r < batch.numExamples(); r++) {
                    seen[k++] = (int) batch.getLabels().getFloat(r, 0);
                }
            }
            assertEquals(5, batches, "4 full batches and a last one of 3");
            assertEquals(23, k);
            assertEquals(23, new HashSet<>(Arrays.stream(seen).boxed().toList()).size(), "each row exactly once");
            orders[epoch] = seen;
        }
        assertFalse(Arrays.equals(orders[0], orders[1]), "epochs are reordered");
        var again = new ShuffledBatches(data, 5, 99);
        assertEquals(Arrays.toString(orders[0]), Arrays.toString(again.epochOrder()), "same seed, same order");
        assertFalse(again.asyncSupported());
    }
}
