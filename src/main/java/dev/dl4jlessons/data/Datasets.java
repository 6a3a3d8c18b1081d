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
    public static final List<String> NAMES = List.of("random", "synthetic", "diabetes", "digits");

    private Datasets() {
    }

    /**
     * A loaded dataset.
     *
     * @param name    the name or file
     * @param data    features and targets (one-hot for classification)
     * @param classes 0 for regression, else the number of classes
     */
    public record Task(String name, DataSet data, int classes) {
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

    private static Task csv(String name, String file, CsvData.Spec spec) {
        return new Task(name, CsvData.load(ProjectFiles.testData(file), spec).data(), spec.classes());
    }
}
