package dev.dl4jlessons.testing;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import dev.dl4jlessons.data.FashionMnist;

/**
 * Remakes {@code test-data/fashion-mnist-sample/}: {@value #TRAIN} training and {@value #TEST} test images drawn
 * class-balanced with seed {@value #SEED} from the real Fashion-MNIST files (Debian's {@code dataset-fashion-mnist},
 * or {@code FASHION_MNIST_DIR}), written in the same four-file gzip IDX format, items in their original order:
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=dev.dl4jlessons.testing.FashionSampleGenerator}. {@code FashionSampleTest} checks that every
 * sample image is the real image it claims to be.
 */
public final class FashionSampleGenerator {
    /** Training images in the sample. */
    public static final int TRAIN = 2000;
    /** Test images in the sample. */
    public static final int TEST = 500;
    /** Seed of the draw. */
    public static final long SEED = 42;
    /** The sample's folder under {@code test-data/}. */
    public static final String DIR = "fashion-mnist-sample";

    private FashionSampleGenerator() {
    }

    /** Writes the four files into {@code test-data/fashion-mnist-sample/}. */
    public static void main(String[] args) throws Exception {
        write(FashionMnist.read(FashionMnist.locate(null)), Path.of("test-data", DIR));
    }

    /** Writes the sample drawn from {@code full} into {@code out}. */
    public static void write(FashionMnist full, Path out) throws java.io.IOException {
        Files.createDirectories(out);
        write(out, FashionMnist.TRAIN_IMAGES, FashionMnist.TRAIN_LABELS, full.trainSubsetIndices(TRAIN, SEED),
                full::trainImage, full::trainLabel);
        write(out, FashionMnist.TEST_IMAGES, FashionMnist.TEST_LABELS, full.testSubsetIndices(TEST, SEED),
                full::testImage, full::testLabel);
    }

    private static void write(Path out, String imagesName, String labelsName, int[] items,
            java.util.function.IntFunction<byte[]> image, java.util.function.IntUnaryOperator label) {
        var pixels = new ByteArrayOutputStream();
        byte[] labels = new byte[items.length];
        for (int k = 0; k < items.length; k++) {
            pixels.writeBytes(image.apply(items[k]));
            labels[k] = (byte) label.applyAsInt(items[k]);
        }
        IdxFiles.images(out.resolve(imagesName), items.length, pixels.toByteArray());
        IdxFiles.labels(out.resolve(labelsName), labels);
    }
}
