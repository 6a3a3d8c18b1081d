package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Javadoc from sources that JShell does not look in: a library's {@code -sources.jar} beside its jar or in the local
 * Maven repository, found for the signatures JShell prints (types, fields, enum constants, overloaded methods,
 * constructors), and summaries cut at the first sentence.
 */
class SourceDocsTest {
    private static final String SOURCE = """
            package demo.lib;

            /** A thing to document. It has two sentences. */
            public class Thing {
                /** The limit. */
                public static final int LIMIT = 3;

                /** Makes a thing. */
                public Thing(String name) {
                }

                /** Goes once. */
                public void go() {
                }

                /** Goes {@code n} times, e.g. twice.
                 *
                 * @param n how often
                 */
                public void go(int n) {
                }

                /** Goes through a list. */
                public <T> java.util.List<T> go(java.util.List<? extends T> items, Object... more) {
                    return null;
                }

                /** The colours. */
                public enum Colour {
                    /** The first colour. */
                    RED
                }
            }
            """;

    private static void jar(Path file, Map<String, String> entries) throws IOException {
        try (OutputStream out = Files.newOutputStream(file); var jar = new JarOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                jar.putNextEntry(new JarEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                jar.closeEntry();
            }
        }
    }

    @Test
    void aSourcesJarBesideTheJarDocumentsEveryKindOfName(@TempDir Path dir) throws IOException {
        Path lib = dir.resolve("demo-1.0.jar");
        jar(lib, Map.of("demo/lib/Thing.class", ""));
        jar(dir.resolve("demo-1.0-sources.jar"), Map.of("demo/lib/Thing.java", SOURCE));
        var docs = SourceDocs.of(List.of(lib.toString()), null, null);
        assertEquals(List.of(dir.resolve("demo-1.0-sources.jar")), docs.roots());
        assertEquals("A thing to document. It has two sentences.", docs.javadoc("demo.lib.Thing", List.of()).strip());
        assertEquals("The limit.", docs.javadoc("demo.lib.Thing.LIMIT:int", List.of()).strip());
        assertEquals("Makes a thing.", docs.javadoc("demo.lib.Thing(String name)", List.of()).strip());
        assertEquals("Goes once.", docs.javadoc("void demo.lib.Thing.go()", List.of()).strip());
        assertEquals("Goes {@code n} times, e.g. twice.\n\n @param n how often",
                docs.javadoc("void demo.lib.Thing.go(int n)", List.of()).strip());
        assertEquals("Goes through a list.", docs.javadoc("<T>java.util.List<T> demo.lib.Thing.<T>go("
                + "java.util.List<? extends T> items, Object... more)", List.of()).strip());
        assertEquals("The first colour.", docs.javadoc("demo.lib.Thing.Colour.RED", List.of()).strip());
        assertEquals("The colours.", docs.javadoc("demo.lib.Thing.Colour", List.of()).strip());
        // printed without its package, as JShell does after an import
        assertEquals("Goes once.", docs.javadoc("void Thing.go()", List.of("demo.lib")).strip());
        assertEquals("Goes once.", docs.javadoc("void Thing.go()", List.of("demo.lib.Thing")).strip());
        assertNull(docs.javadoc("void Thing.go()", List.of()));
        assertNull(docs.javadoc("void demo.lib.Thing.stop()", List.of()));
        assertNull(docs.javadoc("demo.lib.Other", List.of()));
        assertNull(docs.javadoc("((", List.of()));
    }

    @Test
    void aCopiedJarFindsItsSourcesInTheMavenRepositoryByTheCoordinatesItRecords(@TempDir Path dir)
            throws IOException {
        Path lib = Files.createDirectories(dir.resolve("lib")).resolve("demo-1.0.jar");
        jar(lib, Map.of("META-INF/maven/org.example/demo/pom.properties",
                "groupId=org.example\nartifactId=demo\nversion=1.0\n"));
        Path repository = dir.resolve("repository");
        Path sources = Files.createDirectories(repository.resolve("org/example/demo/1.0"))
                .resolve("demo-1.0-sources.jar");
        jar(sources, Map.of("demo/lib/Thing.java", SOURCE));
        var docs = SourceDocs.of(List.of(lib.toString()), null, repository);
        assertEquals(List.of(sources), docs.roots());
        assertEquals("Goes once.", docs.javadoc("void demo.lib.Thing.go()", List.of()).strip());

        // coordinates that would climb out of the repository are not used to make a path
        Path sneaky = dir.resolve("lib/sneaky-1.0.jar");
        jar(sneaky, Map.of("META-INF/maven/x/y/pom.properties", "groupId=..\nartifactId=sneaky\nversion=1.0\n"));
        assertNull(SourceDocs.inRepository(sneaky, repository));
        // nor are those of another artifact than the jar's name
        Path other = dir.resolve("lib/other-2.0.jar");
        jar(other, Map.of("META-INF/maven/org.example/demo/pom.properties",
                "groupId=org.example\nartifactId=demo\nversion=1.0\n"));
        assertNull(SourceDocs.inRepository(other, repository));
    }

    @Test
    void theSummaryIsTheFirstSentence() {
        assertEquals("Returns the greater of two {@code int} values.", SourceDocs.summary(
                " Returns the greater of two {@code int} values. That is, the\n result is the argument closer."));
        assertEquals("One line, no stop", SourceDocs.summary("One line, no stop\n\n @return x"));
        assertEquals("First paragraph", SourceDocs.summary("First paragraph<p>second"));
        assertEquals("", SourceDocs.summary(" @param n a number"));
        assertEquals("Version 1.0.0-M2.1 of it.", SourceDocs.summary("Version 1.0.0-M2.1 of it. More."));
    }
}
