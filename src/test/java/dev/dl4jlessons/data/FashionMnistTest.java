package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.testing.FashionSampleGenerator;
import dev.dl4jlessons.testing.IdxFiles;
import dev.dl4jlessons.testing.TestData;

/** The Fashion-MNIST reader on the committed sample: shapes, scaling, labels, seeded balanced subsets, locating. */
class FashionMnistTest {
    static FashionMnist sample;

    @BeforeAll
    static void read() {
        CourseRuntime.init(false);
        sample = FashionMnist.read(TestData.file(FashionSampleGenerator.DIR));
    }

    @Test
    void sampleHasItsDeclaredSizeAndEveryClass() {
        assertEquals(FashionSampleGenerator.TRAIN, sample.trainRows());
        assertEquals(FashionSampleGenerator.TEST, sample.testRows());
        int[] perClass = new int[10];
        for (int i = 0; i < sample.trainRows(); i++) {
            perClass[sample.trainLabel(i)]++;
        }
        assertArrayEquals(new int[] {200, 200, 200, 200, 200, 200, 200, 200, 200, 200}, perClass,
                "the sample is drawn class-balanced");
    }

    @Test
    void featuresAreFloatPixelsOver255AndLabelsOneHot() {
        var train = sample.train();
        assertEquals(DataType.FLOAT, train.getFeatures().dataType());
        assertArrayEquals(new long[] {2000, 784}, train.getFeatures().shape());
        assertArrayEquals(new long[] {2000, 10}, train.getLabels().shape());
        assertEquals(0.0, train.getFeatures().minNumber().doubleValue());
        assertEquals(1.0, train.getFeatures().maxNumber().doubleValue(), 1e-7, "some pixel is 255");
        for (int i : new int[] {0, 1, 1023, 1024, 1999}) {
            byte[] raw = sample.trainImage(i);
            for (int p : new int[] {0, 300, 407, 783}) {
                assertEquals((raw[p] & 0xff) / 255f, train.getFeatures().getFloat(i, p), 0f, "row " + i + " pixel " + p);
            }
            assertEquals(1.0, train.getLabels().getRow(i).sumNumber().doubleValue());
            assertEquals(1f, train.getLabels().getFloat(i, sample.trainLabel(i)));
        }
        assertArrayEquals(new long[] {500, 784}, sample.test().getFeatures().shape());
        assertSame(train, sample.train(), "built once");
    }

    @Test
    void subsetIsSeededBalancedAndWithoutRepeats() {
        int[] a = sample.trainSubsetIndices(105, 7);
        assertArrayEquals(a, sample.trainSubsetIndices(105, 7), "same seed, same rows");
        assertFalse(Arrays.equals(a, sample.trainSubsetIndices(105, 8)), "another seed, other rows");
        assertEquals(105, new HashSet<>(Arrays.stream(a).boxed().toList()).size(), "no row twice");
        int[] perClass = new int[10];
        for (int i : a) {
            perClass[sample.trainLabel(i)]++;
        }
        for (int c : perClass) {
            assertTrue(c == 10 || c == 11, Arrays.toString(perClass));
        }
        var subset = sample.trainSubset(105, 7);
        assertEquals(105, subset.numExamples());
        assertEquals(sample.train().getFeatures().getRow(a[3]), subset.getFeatures().getRow(3));
        assertEquals(sample.train().getLabels().getRow(a[104]), subset.getLabels().getRow(104));
        assertSame(sample.train(), sample.trainSubset(2000, 7), "the whole set is not copied");
        assertThrows(IllegalArgumentException.class, () -> sample.trainSubset(0, 1));
        assertThrows(IllegalArgumentException.class, () -> sample.trainSubset(2001, 1));
    }

    @Test
    void batchesReshuffleEveryEpoch() {
        var it = FashionMnist.batches(sample.trainSubset(100, 1), 32, 5);
        assertTrue(it instanceof ShuffledBatches);
        var first = ((ShuffledBatches) it).epochOrder();
        int rows = 0;
        while (it.hasNext()) {
            rows += it.next().numExamples();
        }
        assertEquals(100, rows);
        it.reset();
        assertFalse(Arrays.equals(first, ((ShuffledBatches) it).epochOrder()));
    }

    @Test
    void locateTakesTheOptionThenTheEnvironmentThenDebian(@TempDir Path dir) throws IOException {
        Path other = Files.createDirectory(dir.resolve("other"));
        assertEquals(dir, FashionMnist.locate(dir, other.toString()));
        assertEquals(other, FashionMnist.locate(null, other.toString()));
        if (!Files.isDirectory(FashionMnist.DEBIAN_DIR)) {
            var e = assertThrows(InputException.class, () -> FashionMnist.locate(null, ""));
            assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        } else {
            assertEquals(FashionMnist.DEBIAN_DIR, FashionMnist.locate(null, " "));
        }
        var missing = assertThrows(InputException.class, () -> FashionMnist.locate(dir.resolve("nope"), null));
        assertTrue(missing.getMessage().startsWith("--fashion-dir " + dir.resolve("nope") + ": no such folder; "
                + "install them with 'apt-get install dataset-fashion-mnist'"), missing.getMessage());
        assertTrue(missing.getMessage().contains("github.com/zalandoresearch/fashion-mnist"));
        var env = assertThrows(InputException.class, () -> FashionMnist.locate(null, dir.resolve("nope").toString()));
        assertTrue(env.getMessage().startsWith("FASHION_MNIST_DIR="), env.getMessage());
        Path file = Files.writeString(dir.resolve("file"), "x");
        assertTrue(assertThrows(InputException.class, () -> FashionMnist.locate(file, null)).getMessage()
                .contains("not a folder"));
    }

    @Test
    void balancedDrawTakesWhatASmallClassHas() {
        byte[] labels = new byte[30];
        Arrays.fill(labels, 0, 27, (byte) 1); // 27 of class 1, 3 of class 2
        labels[27] = labels[28] = labels[29] = 2;
        int[] picked = FashionMnist.balancedIndices(labels, 20, 3);
        long small = Arrays.stream(picked).filter(i -> labels[i] == 2).count();
        assertEquals(3, small, "every item of the small class, the rest from the large one");
        assertNotEquals(picked[0], picked[1]);
    }

    @Test
    void writerRoundTripsThroughTheReader(@TempDir Path dir) {
        byte[] pixels = new byte[3 * 784];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 31);
        }
        for (String[] pair : new String[][] {{FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS},
                {FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS}}) {
            IdxFiles.images(dir.resolve(pair[0]), 3, pixels);
            IdxFiles.labels(dir.resolve(pair[1]), new byte[] {9, 0, 4});
        }
        var data = FashionMnist.read(dir);
        assertEquals(9, data.testLabel(0));
        assertArrayEquals(Arrays.copyOfRange(pixels, 784, 1568), data.trainImage(1));
    }
}
