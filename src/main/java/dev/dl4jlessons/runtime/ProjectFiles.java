package dev.dl4jlessons.runtime;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;

/**
 * Finds the repository's folders ({@code test-data/}, {@code lessons/}, ...) from any working directory: the
 * repository root, a module folder in an IDE, {@code target/}, or a path with spaces.
 *
 * <p>It looks, in order, at the {@code course.home} system property, the working directory and its parents, and the
 * folder holding the running classes or jar and its parents.
 */
public final class ProjectFiles {
    private ProjectFiles() {
    }

    /** The repository root: the first candidate that holds {@code test-data/} and {@code pom.xml}. */
    public static Optional<Path> root() {
        return candidates().stream()
                .filter(d -> Files.isDirectory(d.resolve("test-data")) && Files.isRegularFile(d.resolve("pom.xml")))
                .findFirst();
    }

    /**
     * The file {@code test-data/<name>}.
     *
     * @throws InputException saying where it looked
     */
    public static Path testData(String name) {
        for (Path dir : candidates()) {
            Path file = dir.resolve("test-data").resolve(name);
            if (Files.exists(file)) {
                return file;
            }
        }
        throw new InputException("test-data/" + name + " not found; looked in " + String.join(", ",
                candidates().stream().map(Path::toString).toList())
                + ". Run from the repository, or pass -Dcourse.home=/path/to/repository.");
    }

    /** The repository root, or an error saying where it looked. */
    public static Path requireRoot() {
        return root().orElseThrow(() -> new InputException("the repository (a folder with pom.xml and test-data/) "
                + "was not found; looked in " + candidates() + ". Run from the repository, or pass "
                + "-Dcourse.home=/path/to/repository."));
    }

    private static List<Path> candidates() {
        var dirs = new LinkedHashSet<Path>();
        String home = System.getProperty("course.home");
        if (home != null) {
            dirs.add(Path.of(home).toAbsolutePath().normalize());
        }
        addWithParents(dirs, Path.of("").toAbsolutePath());
        try {
            var source = ProjectFiles.class.getProtectionDomain().getCodeSource();
            if (source != null) {
                addWithParents(dirs, Path.of(source.getLocation().toURI()).toAbsolutePath());
            }
        } catch (URISyntaxException | IllegalArgumentException | SecurityException e) {
            // no code location: the working directory is all we have
        }
        return new ArrayList<>(dirs);
    }

    private static void addWithParents(LinkedHashSet<Path> dirs, Path start) {
        for (Path d = start.normalize(); d != null; d = d.getParent()) {
            dirs.add(d);
        }
    }

    /**
     * The text of a UTF-8 file that the course reads (a guide, a source file for an excerpt).
     *
     * @throws InputException naming the file when it is missing, unreadable or not UTF-8
     */
    public static String readText(Path file) {
        try {
            byte[] bytes = java.nio.file.Files.readAllBytes(file);
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                    .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new InputException(file + ": is not UTF-8 text; save it as UTF-8", e);
        } catch (java.io.IOException e) {
            throw new InputException(file + ": could not be read: " + e.getMessage(), e);
        }
    }
}
