package dev.dl4jlessons.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.nd4j.linalg.dataset.DataSet;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;

/** The lab's named datasets, all loaded from {@code test-data/} CSVs through DataVec, or any CSV by path. */
public final class Datasets {
    /** Names accepted by {@code --data}, besides a file path. */
    public static final List<String> NAMES = List.of("random", "synthetic", "diabetes", "digits", "fashion");

    private Datasets() {
    }

    /**
     * A loaded dataset.
     *
     * @param name     the name or file
     * @param data     features and targets (one-hot for classification); with a fixed test set, the training rows
     * @param classes  0 for regression, else the number of classes
     * @param heldOut  a fixed held-out set (Fashion-MNIST's 10,000 test images) that validates every seed, with
     *                 training rows drawn class-balanced per seed and left unscaled; null to split {@code data} 70/30
     *                 per seed with {@link Split#of}
     */
    public record Task(String name, DataSet data, int classes, FashionMnist heldOut) {
        /** A task split 70/30 per seed. */
        public Task(String name, DataSet data, int classes) {
            this(name, data, classes, null);
        }

        /**
         * The training and validation rows of seed {@code seed}: {@link Split#of} (standardized), or, with a fixed
         * held-out set, {@code trainRows} training images drawn class-balanced with the seed (all for 0) and the
         * test images, pixels in [0, 1] as they are.
         */
        public Split split(long seed, int trainRows) {
            if (heldOut == null) {
                return Split.of(data, seed, trainRows, !classification());
            }
            int rows = trainRows <= 0 ? heldOut.trainRows() : Math.min(trainRows, heldOut.trainRows());
            return new Split(heldOut.trainSubset(rows, seed), heldOut.test(), null);
        }

        /** Rows a seed can train on: 70% of the rows, or every training image with a fixed held-out set. */
        public int availableTrainRows() {
            return heldOut == null ? Split.availableTrainRows(data.numExamples()) : heldOut.trainRows();
        }

        /**
         * Refuses a {@code --train-rows} above {@link #availableTrainRows()}, naming the option and how many rows there
         * are; 0 means all of them.
         */
        public void requireTrainRows(int trainRows) {
            if (trainRows > availableTrainRows()) {
                throw new dev.dl4jlessons.runtime.InputException("--train-rows " + trainRows + ": " + name + " has "
                        + availableTrainRows() + (heldOut != null ? " training images"
                                : " rows left after holding out 30% for validation"));
            }
        }

        /** Rows a seed validates on. */
        public int validationRows() {
            return heldOut == null ? data.numExamples() - availableTrainRows() : heldOut.testRows();
        }

        /** Whether the target is a class. */
        public boolean classification() {
            return classes > 0;
        }

        /** Feature columns. */
        public int features() {
            return (int) data.getFeatures().columns();
        }

        /** Output units of a model for this task. */
        public int outputs() {
            return classification() ? classes : 1;
        }
    }

    /**
     * Loads a named dataset, or a CSV file (features then a regression target in the last column).
     *
     * @throws InputException for an unknown name or a bad file
     */
    public static Task load(String nameOrFile) {
        return switch (nameOrFile.toLowerCase(Locale.ROOT)) {
            case "random" -> csv("random", "random-100x10.csv", CsvData.Spec.regression(10));
            case "synthetic" -> csv("synthetic", "synthetic-200x10.csv", CsvData.Spec.regression(10));
            case "diabetes" -> csv("diabetes", "diabetes.csv", CsvData.Spec.regression(10));
            case "digits" -> csv("digits", "digits.csv", new CsvData.Spec(64, -1, 10));
            case "fashion" -> fashion(FashionMnist.read(FashionMnist.locate(null)));
            default -> {
                Path file = Path.of(nameOrFile);
                if (!Files.exists(file) && !nameOrFile.contains("/") && !nameOrFile.contains(".")) {
                    throw new InputException("--data " + nameOrFile + ": not a dataset name (" + String.join(", ", NAMES)
                            + ") and no such file");
                }
                var table = CsvData.load(file, new CsvData.Spec(-1, -1, 0));
                yield new Task(nameOrFile, table.data(), 0);
            }
        };
    }

    /**
     * Fashion-MNIST as a task: the training images as {@code data}, the 10,000 test images held out for every seed.
     */
    public static Task fashion(FashionMnist data) {
        return new Task("fashion", data.train(), FashionMnist.CLASSES, data);
    }

    private static Task csv(String name, String file, CsvData.Spec spec) {
        return new Task(name, CsvData.load(ProjectFiles.testData(file), spec).data(), spec.classes());
    }
}
