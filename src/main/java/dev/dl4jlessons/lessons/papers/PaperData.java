package dev.dl4jlessons.lessons.papers;

import java.nio.file.Path;

import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.data.FashionMnist;

/**
 * The Fashion-MNIST rows the experiments train and test on, through the course's {@link FashionMnist} loader: 784
 * features in [0, 1] and one-hot labels over 10 classes. Training rows are drawn per seed (class-balanced, without
 * replacement); every seed is tested on the same rows, so seeds differ only in what they train on and how.
 *
 * @param fashion the loaded files
 */
public record PaperData(FashionMnist fashion) {
    /** Reads the four files of {@code dir} (see {@link FashionMnist#locate}). */
    public static PaperData read(Path dir) {
        return new PaperData(FashionMnist.read(dir));
    }

    /** The folder the files came from. */
    public Path source() {
        return fashion.dir();
    }

    /** {@code rows} training rows drawn by {@code seed}, or all of them when the set holds fewer. */
    public DataSet trainRows(int rows, long seed) {
        return fashion.trainSubset(Math.min(rows, fashion.trainRows()), seed);
    }

    /** The same {@code rows} test rows (all when fewer exist) for every seed, class-balanced. */
    public DataSet testRows(int rows) {
        int[] idx = fashion.testSubsetIndices(Math.min(rows, fashion.testRows()), 0);
        DataSet all = fashion.test();
        return new DataSet(all.getFeatures().getRows(idx), all.getLabels().getRows(idx));
    }
}
