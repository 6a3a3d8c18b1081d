package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.testing.FashionSampleGenerator;
import dev.dl4jlessons.testing.TestData;

/**
 * The committed sample against the real Fashion-MNIST (profile {@code fashion}): every image and label is the real
 * one it was drawn as, and the generator remakes the four files byte for byte.
 */
@Tag("fashion")
class FashionSampleTest {
    @Test
    void sampleIsDrawnFromTheRealFilesAndRemadeExactly(@TempDir Path tmp) throws Exception {
        CourseRuntime.init(false);
        var full = FashionMnist.read(FashionMnist.locate(null));
        assertEquals(60000, full.trainRows());
        assertEquals(10000, full.testRows());
        var sample = FashionMnist.read(TestData.file(FashionSampleGenerator.DIR));
        int[] train = full.trainSubsetIndices(FashionSampleGenerator.TRAIN, FashionSampleGenerator.SEED);
        int[] test = full.testSubsetIndices(FashionSampleGenerator.TEST, FashionSampleGenerator.SEED);
        for (int k = 0; k < train.length; k++) {
            assertArrayEquals(full.trainImage(train[k]), sample.trainImage(k), "training image " + k);
            assertEquals(full.trainLabel(train[k]), sample.trainLabel(k));
        }
        for (int k = 0; k < test.length; k++) {
            assertArrayEquals(full.testImage(test[k]), sample.testImage(k), "test image " + k);
            assertEquals(full.testLabel(test[k]), sample.testLabel(k));
        }
        FashionSampleGenerator.write(full, tmp);
        for (String name : FashionMnist.FILES) {
            assertArrayEquals(Files.readAllBytes(TestData.file(FashionSampleGenerator.DIR).resolve(name)),
                    Files.readAllBytes(tmp.resolve(name)), name + " remade byte for byte");
        }
    }
}
