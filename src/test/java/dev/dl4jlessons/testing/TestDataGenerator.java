package dev.dl4jlessons.testing;

import java.nio.file.Path;

import dev.dl4jlessons.data.CsvWriter;
import dev.dl4jlessons.data.RandomData;

/**
 * Regenerates {@code test-data/random-100x10.csv} (the notebook's data for seed 42) and
 * {@code test-data/synthetic-200x10.csv} (the lab's learnable data, seed 7):
 * {@code mvn -q test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.dl4jlessons.testing.TestDataGenerator}.
 */
public final class TestDataGenerator {
    private TestDataGenerator() {
    }

    /** Writes the file. */
    public static void main(String[] args) {
        CsvWriter.write(Path.of("test-data/random-100x10.csv"), RandomData.notebook(42));
        CsvWriter.write(Path.of("test-data/synthetic-200x10.csv"), RandomData.synthetic(200, 7));
    }
}
