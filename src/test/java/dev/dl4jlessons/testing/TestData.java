package dev.dl4jlessons.testing;

import java.nio.file.Path;

import dev.dl4jlessons.runtime.ProjectFiles;

/** Locates files under the repository's {@code test-data/}, whatever the working directory. */
public final class TestData {
    private TestData() {
    }

    /** The path of {@code test-data/<name>}. */
    public static Path file(String name) {
        return ProjectFiles.requireRoot().resolve("test-data").resolve(name);
    }
}
