package dev.dl4jlessons.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Memory;
import dev.dl4jlessons.runtime.Messages;

/**
 * Fashion-MNIST (Zalando Research, MIT licence) read from its four official gzip IDX files: 60,000 training and
 * 10,000 test images of 28×28 grey pixels in 10 classes of clothing.
 *
 * <p>DL4J's own {@code MnistDataFetcher} cannot read them: it downloads from the network and checks MNIST's
 * checksums. This reader checks every header and every label in plain Java before anything reaches ND4J, so a bad
 * file is one line naming the file and what is wrong ({@link InputException}, exit code 2). Pixels become float32
 * in [0, 1] (byte / 255) in 784 columns, row by row as the file stores them; labels become one-hot rows of 10.
 *
 * <p>The folder is {@code --fashion-dir}, else the environment variable {@value #ENV}, else Debian's
 * {@code dataset-fashion-mnist} package ({@link #DEBIAN_DIR}); see {@link #locate(Path)}.
 */
public final class FashionMnist {
    /** Environment variable naming the folder of the four files. */
    public static final String ENV = "FASHION_MNIST_DIR";
    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final Path DEBIAN_DIR = Path.of("/usr/share/datasets/fashion-mnist");
    /** The training images, as the data set's repository and Debian name them. */
    public static final String TRAIN_IMAGES = "train-images-idx3-ubyte.gz";
    /** The training labels. */
    public static final String TRAIN_LABELS = "train-labels-idx1-ubyte.gz";
    /** The test images. */
    public static final String TEST_IMAGES = "t10k-images-idx3-ubyte.gz";
    /** The test labels. */
    public static final String TEST_LABELS = "t10k-labels-idx1-ubyte.gz";
    /** The four files, in the order they are read. */
    public static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    /** Image side in pixels. */
    public static final int SIDE = 28;
    /** Pixels per image: the feature columns. */
    public static final int PIXELS = SIDE * SIDE;
    /** Number of classes. */
    public static final int CLASSES = 10;
    /** The class names, by label, as the data set's README gives them. */
    public static final List<String> CLASS_NAMES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** How to get the files, the tail of every "not found" line. */
    public static final String HOW_TO_GET = "install them with 'apt-get install dataset-fashion-mnist' (Debian, "
            + "Ubuntu), or put the four files " + String.join(", ", FILES) + " from "
            + "https://github.com/zalandoresearch/fashion-mnist (data/fashion) in a folder and pass --fashion-dir "
            + "DIR or set " + ENV;

    /** IDX magic of an unsigned-byte file with 3 dimensions (images). */
    static final int IMAGES_MAGIC = 0x00000803;
    /** IDX magic of an unsigned-byte file with 1 dimension (labels). */
    static final int LABELS_MAGIC = 0x00000801;
    /** Most items a file may declare: the real training file has 60,000; anything far above is a damaged header. */
    static final int MAX_ITEMS = 1_000_000;
    /** Largest compressed file accepted (the real training images are 26 MB). */
    static final long MAX_FILE_BYTES = 256L * 1024 * 1024;

    private final byte[] trainPixels;
    private final byte[] trainLabels;
    private final byte[] testPixels;
    private final byte[] testLabels;
    private final Path dir;
    private DataSet train;
    private DataSet test;

    private FashionMnist(Path dir, byte[] trainPixels, byte[] trainLabels, byte[] testPixels, byte[] testLabels) {
        this.dir = dir;
        this.trainPixels = trainPixels;
        this.trainLabels = trainLabels;
        this.testPixels = testPixels;
        this.testLabels = testLabels;
    }

    /**
     * The folder to read: {@code fashionDirOption} ({@code --fashion-dir}) when given, else {@value #ENV} when set and
     * not empty, else {@link #DEBIAN_DIR}.
     *
     * @param fashionDirOption the {@code --fashion-dir} value, or null
     * @throws InputException when the chosen folder does not exist or is not a folder, with how to get the files
     */
    public static Path locate(Path fashionDirOption) {
        return locate(fashionDirOption, System.getenv(ENV));
    }

    /** {@link #locate(Path)} with the environment variable's value given, for tests. */
    static Path locate(Path fashionDirOption, String envValue) {
        Path dir;
        String source;
        if (fashionDirOption != null) {
            dir = fashionDirOption;
            source = "--fashion-dir " + Messages.path(dir);
        } else if (envValue != null && !envValue.isBlank()) {
            dir = Path.of(envValue);
            source = ENV + "=" + Messages.path(dir);
        } else {
            dir = DEBIAN_DIR;
            source = "Fashion-MNIST was not found in " + DEBIAN_DIR + " (and neither --fashion-dir nor " + ENV
                    + " is set)";
            if (!Files.isDirectory(dir)) {
                throw new InputException(source + "; " + HOW_TO_GET);
            }
            return dir;
        }
        if (!Files.exists(dir)) {
            throw new InputException(source + ": no such folder; " + HOW_TO_GET);
        }
        if (!Files.isDirectory(dir)) {
            throw new InputException(source + ": not a folder; expected the folder holding " + String.join(", ", FILES));
        }
        return dir;
    }

    /**
     * Reads and checks the four files in {@code dir}. Nothing is handed to ND4J here: the data stays as bytes until
     * {@link #train()} or {@link #test()} is asked for.
     *
     * @throws InputException one line naming the first bad file and what is wrong with it
     */
    public static FashionMnist read(Path dir) {
        byte[] trainPixels = readImages(dir.resolve(TRAIN_IMAGES));
        byte[] trainLabels = readLabels(dir.resolve(TRAIN_LABELS), trainPixels.length / PIXELS, TRAIN_IMAGES);
        byte[] testPixels = readImages(dir.resolve(TEST_IMAGES));
        byte[] testLabels = readLabels(dir.resolve(TEST_LABELS), testPixels.length / PIXELS, TEST_IMAGES);
        return new FashionMnist(dir, trainPixels, trainLabels, testPixels, testLabels);
    }

    /** The folder the files were read from. */
    public Path dir() {
        return dir;
    }

    /** Number of training images. */
    public int trainRows() {
        return trainLabels.length;
    }

    /** Number of test images. */
    public int testRows() {
        return testLabels.length;
    }

    /** The label (0..9) of training image {@code i}. */
    public int trainLabel(int i) {
        return trainLabels[i];
    }

    /** The label (0..9) of test image {@code i}. */
    public int testLabel(int i) {
        return testLabels[i];
    }

    /** The 784 raw pixels (0..255, unsigned bytes) of training image {@code i}, a copy. */
    public byte[] trainImage(int i) {
        return java.util.Arrays.copyOfRange(trainPixels, i * PIXELS, (i + 1) * PIXELS);
    }

    /** The 784 raw pixels (0..255, unsigned bytes) of test image {@code i}, a copy. */
    public byte[] testImage(int i) {
        return java.util.Arrays.copyOfRange(testPixels, i * PIXELS, (i + 1) * PIXELS);
    }

    /** All training images: features float32 in [0, 1], 784 columns; labels one-hot, 10 columns. Built once. */
    public synchronized DataSet train() {
        if (train == null) {
            train = dataSet(trainPixels, trainLabels, null);
        }
        return train;
    }

    /** All test images, as {@link #train()}. Built once. */
    public synchronized DataSet test() {
        if (test == null) {
            test = dataSet(testPixels, testLabels, null);
        }
        return test;
    }

    /**
     * {@code rows} training images drawn without replacement, class-balanced: each class gives {@code rows / 10}
     * images (the first {@code rows % 10} classes of a seeded order one more), as far as it has them, each class's
     * images in a seeded random order. The same seed gives the same rows. All rows when {@code rows} is the whole set.
     *
     * @param rows 1..{@link #trainRows()}
     * @param seed seed of the draw
     */
    public DataSet trainSubset(int rows, long seed) {
        int[] items = trainSubsetIndices(rows, seed);
        return rows == trainRows() ? train() : dataSet(trainPixels, trainLabels, items);
    }

    /** The training items {@link #trainSubset(int, long)} draws, in ascending order. */
    public int[] trainSubsetIndices(int rows, long seed) {
        if (rows < 1 || rows > trainRows()) {
            throw new IllegalArgumentException("rows must be in 1.." + trainRows() + ", got " + rows);
        }
        return balancedIndices(trainLabels, rows, seed);
    }

    /** {@code rows} test images drawn as {@link #trainSubset(int, long)} draws training images; all when all. */
    public DataSet testSubset(int rows, long seed) {
        int[] items = testSubsetIndices(rows, seed);
        return rows == testRows() ? test() : dataSet(testPixels, testLabels, items);
    }

    /** Test items drawn as {@link #trainSubsetIndices(int, long)} draws training items, in ascending order. */
    public int[] testSubsetIndices(int rows, long seed) {
        if (rows < 1 || rows > testRows()) {
            throw new IllegalArgumentException("rows must be in 1.." + testRows() + ", got " + rows);
        }
        return balancedIndices(testLabels, rows, seed);
    }

    /**
     * Training minibatches through the course's {@link ShuffledBatches}, in a new order every epoch.
     *
     * @param data      the rows to iterate, for example {@link #trainSubset(int, long)}
     * @param batchSize rows per batch
     * @param seed      seed of the shuffling sequence
     */
    public static DataSetIterator batches(DataSet data, int batchSize, long seed) {
        return new ShuffledBatches(data, batchSize, seed);
    }

    /**
     * Indices of {@code rows} items drawn class by class: the items of each class shuffled with {@code seed}, then
     * taken from the classes in turn (starting at a seeded class) until {@code rows} are drawn, so every class gives
     * as many as it can up to an equal share. Returned in ascending order.
     */
    static int[] balancedIndices(byte[] labels, int rows, long seed) {
        var rng = new Random(seed);
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < CLASSES; c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < labels.length; i++) {
            byClass.get(labels[i]).add(i);
        }
        for (var members : byClass) {
            java.util.Collections.shuffle(members, rng);
        }
        int[] taken = new int[CLASSES];
        int[] picked = new int[rows];
        int n = 0;
        int c = rng.nextInt(CLASSES);
        while (n < rows) {
            if (taken[c] < byClass.get(c).size()) {
                picked[n++] = byClass.get(c).get(taken[c]++);
            }
            c = (c + 1) % CLASSES;
        }
        java.util.Arrays.sort(picked);
        return picked;
    }

    /**
     * Features and one-hot labels of the chosen items ({@code null}: all). The features are filled a block of rows
     * at a time, so the heap never holds more than one block of floats; the full set lives off the heap.
     */
    private static DataSet dataSet(byte[] pixels, byte[] labels, int[] items) {
        int rows = items == null ? labels.length : items.length;
        INDArray x = Nd4j.createUninitialized(DataType.FLOAT, rows, PIXELS);
        INDArray y = Nd4j.zeros(DataType.FLOAT, rows, CLASSES);
        int block = 1024;
        float[] chunk = new float[block * PIXELS];
        float[] oneHot = new float[block * CLASSES];
        for (int start = 0; start < rows; start += block) {
            int end = Math.min(start + block, rows);
            int n = end - start;
            java.util.Arrays.fill(oneHot, 0, n * CLASSES, 0f);
            for (int r = 0; r < n; r++) {
                int item = items == null ? start + r : items[start + r];
                int from = item * PIXELS;
                for (int p = 0; p < PIXELS; p++) {
                    chunk[r * PIXELS + p] = (pixels[from + p] & 0xff) / 255f;
                }
                oneHot[r * CLASSES + labels[item]] = 1f;
            }
            float[] xs = n == block ? chunk : java.util.Arrays.copyOf(chunk, n * PIXELS);
            float[] ys = n == block ? oneHot : java.util.Arrays.copyOf(oneHot, n * CLASSES);
            x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                    .assign(Nd4j.create(xs, new long[] {n, PIXELS}, 'c'));
            y.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())
                    .assign(Nd4j.create(ys, new long[] {n, CLASSES}, 'c'));
        }
        return new DataSet(x, y);
    }

    /** The pixels of an images file, checked: magic, 28×28, a sane count, and exactly that many bytes. */
    static byte[] readImages(Path file) {
        try (InputStream in = open(file)) {
            int magic = header(file, in, "magic number");
            if (magic != IMAGES_MAGIC) {
                throw fail(file, "wrong magic number " + hex(magic) + "; an images file starts with "
                        + hex(IMAGES_MAGIC) + (magic == LABELS_MAGIC ? " (this looks like a labels file)" : ""));
            }
            int count = header(file, in, "image count");
            int rows = header(file, in, "row count");
            int cols = header(file, in, "column count");
            if (rows != SIDE || cols != SIDE) {
                throw fail(file, "images are " + unsigned(rows) + "×" + unsigned(cols) + " pixels; Fashion-MNIST's are "
                        + SIDE + "×" + SIDE);
            }
            checkCount(file, count, "images");
            long bytes = (long) count * PIXELS;
            Memory.requireFits(file, bytes * 2);
            return body(file, in, (int) bytes, count + " images of " + PIXELS + " bytes");
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** The labels of a labels file, checked: magic, the same count as its images file, every label in 0..9. */
    static byte[] readLabels(Path file, int images, String imagesFile) {
        try (InputStream in = open(file)) {
            int magic = header(file, in, "magic number");
            if (magic != LABELS_MAGIC) {
                throw fail(file, "wrong magic number " + hex(magic) + "; a labels file starts with "
                        + hex(LABELS_MAGIC) + (magic == IMAGES_MAGIC ? " (this looks like an images file)" : ""));
            }
            int count = header(file, in, "label count");
            checkCount(file, count, "labels");
            if (count != images) {
                throw fail(file, String.format(Locale.ROOT, "holds %d labels, but %s holds %d images; the counts "
                        + "must match", count, imagesFile, images));
            }
            byte[] labels = body(file, in, count, count + " labels");
            for (int i = 0; i < labels.length; i++) {
                if ((labels[i] & 0xff) >= CLASSES) {
                    throw fail(file, "label " + (labels[i] & 0xff) + " at item " + i + "; labels must be 0.."
                            + (CLASSES - 1));
                }
            }
            return labels;
        } catch (IOException e) {
            throw readFailure(file, e);
        }
    }

    /** The file opened through gzip, after checking that it is a regular, non-empty gzip file of sane size. */
    private static InputStream open(Path file) throws IOException {
        if (!Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw fail(file, "missing; " + HOW_TO_GET);
        }
        if (!Files.exists(file)) {
            throw fail(file, "is a symbolic link to nothing; " + HOW_TO_GET);
        }
        if (Files.isDirectory(file)) {
            throw fail(file, "is a folder, not a gzip IDX file");
        }
        if (!Files.isRegularFile(file)) {
            throw fail(file, "is not a regular file (a device, a pipe or a socket); expected a gzip IDX file");
        }
        long size = Files.size(file);
        if (size == 0) {
            throw fail(file, "is empty; expected a gzip IDX file");
        }
        if (size > MAX_FILE_BYTES) {
            throw fail(file, "is " + (size >> 20) + " MB, larger than any Fashion-MNIST file ("
                    + (MAX_FILE_BYTES >> 20) + " MB at most); is it the right file?");
        }
        InputStream raw = Files.newInputStream(file);
        try {
            byte[] head = raw.readNBytes(2);
            raw.close();
            if (head.length < 2 || (head[0] & 0xff) != 0x1f || (head[1] & 0xff) != 0x8b) {
                throw fail(file, "is not gzip-compressed (it does not start with the gzip bytes 1f 8b); the course "
                        + "reads the .gz files as published");
            }
            return new GZIPInputStream(Files.newInputStream(file), 1 << 16);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static int header(Path file, InputStream in, String field) throws IOException {
        byte[] b = in.readNBytes(4);
        if (b.length < 4) {
            throw fail(file, "is truncated: it ends inside the IDX header (at the " + field + ")");
        }
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }

    private static void checkCount(Path file, int count, String what) {
        if (count == 0) {
            throw fail(file, "holds no " + what);
        }
        if (count < 0 || count > MAX_ITEMS) {
            throw fail(file, "declares " + unsigned(count) + " " + what + ", more than the " + MAX_ITEMS
                    + " this reader accepts (Fashion-MNIST has 60000); the header is damaged");
        }
    }

    /** Exactly {@code bytes} bytes after the header, and then the end of the data. */
    private static byte[] body(Path file, InputStream in, int bytes, String declared) throws IOException {
        byte[] data = in.readNBytes(bytes);
        if (data.length < bytes) {
            throw fail(file, String.format(Locale.ROOT, "is truncated: its header declares %s (%d bytes), but the "
                    + "data ends after %d bytes", declared, bytes, data.length));
        }
        long extra = in.skip(1L << 20);
        if (extra > 0 || in.read() >= 0) {
            throw fail(file, "has data after the " + declared + " its header declares; is it the right file?");
        }
        return data;
    }

    private static InputException readFailure(Path file, IOException e) {
        if (e instanceof EOFException || e instanceof ZipException) {
            return new InputException(Messages.path(file) + ": is truncated or damaged gzip data ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", e);
        }
        return new InputException(Messages.path(file) + ": could not be read: " + Messages.reason(e), e);
    }

    private static String hex(int value) {
        return String.format(Locale.ROOT, "0x%08x", value);
    }

    private static String unsigned(int value) {
        return Integer.toUnsignedString(value);
    }

    private static InputException fail(Path file, String problem) {
        return new InputException(Messages.path(file) + ": " + problem);
    }
}
