package dev.dl4jlessons.exercises;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The child JVM that runs a student's code gets every jar the course runs with. Run as {@code java -jar} (what
 * {@code ./course} does), those jars are named only by the course jar's manifest ({@code Class-Path: lib/...}); the
 * child once got none of them and every check ended in {@code NoClassDefFoundError}.
 */
class SandboxClassPathTest {
    private static void jar(Path file, String classPath) throws IOException {
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (classPath != null) {
            manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, classPath);
        }
        try (OutputStream out = Files.newOutputStream(file); var jar = new JarOutputStream(out, manifest)) {
            jar.flush();
        }
    }

    @Test
    void theCourseJarsManifestNamesTheChildsLibrariesButNotTheCourseItself(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("lib"));
        Path library = dir.resolve("lib/javacpp.jar");
        jar(library, null);
        Path course = dir.resolve("course.jar");
        jar(course, "lib/javacpp.jar");
        var dependencies = Sandbox.dependencies(course, java.util.List.of(course.toString())); // java -jar course.jar
        assertTrue(dependencies.contains(library.toAbsolutePath().normalize()), dependencies.toString());
        assertFalse(dependencies.contains(course.toAbsolutePath().normalize()), "the course's own jar is replaced by "
                + "its copy without scratch/: " + dependencies);
    }
}
