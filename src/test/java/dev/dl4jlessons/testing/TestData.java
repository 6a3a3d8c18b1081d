package dev.dl4jlessons.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates files under the repository's {@code test-data/}, whatever the working directory. */
public final class TestData {
    private TestData() {
    }

    /** The path of {@code test-data/<name>}. */
    public static Path file(String name) {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("test-data"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("test-data/ not found above " + Path.of("").toAbsolutePath());
        }
        return dir.resolve("test-data").resolve(name);
    }
}
