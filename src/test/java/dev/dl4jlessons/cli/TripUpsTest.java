package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.lessons.dropout.DropoutLesson;
import dev.dl4jlessons.runtime.Launcher;
import dev.dl4jlessons.testing.ChildJvm;
import dev.dl4jlessons.testing.Run;

/**
 * What a student meets when the course is started the wrong way: from an IDE that left the resources off the class
 * path, from a jar copied without its {@code lib/} folder, or with a misspelt option. Each gets one line and exit 2.
 */
class TripUpsTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void aMisspeltOptionGetsTheNearestOneForEveryCommand() {
        oneLine(Run.course("--epoch", "3"), "Unknown option: '--epoch'; did you mean '--epochs'? (see --help)");
        oneLine(Run.course("dropout", "--dropuot", "0.2"),
                "Unknown option: '--dropuot'; did you mean '--dropout'? (see --help)");
        oneLine(Run.course("lab", "--seedz=2"), "Unknown option: '--seedz=2'; did you mean '--seeds'? (see --help)");
        oneLine(Run.course("capacity", "--widht", "8"),
                "Unknown options: '--widht', '8'; did you mean '--widths'? (see --help)");
        oneLine(Run.course("notebook", "--chek"), "Unknown option: '--chek'; did you mean '--check'? (see --help)");
        oneLine(Run.course("bench", "--step", "20"), "Unknown options: '--step', '20'; did you mean '--steps'?"
                + " (see --help)");
        oneLine(Run.course("--frobnicate"), "Unknown option: '--frobnicate' (see --help)"); // nothing close: no guess
    }

    @Test
    void notebookRefusesAnUnknownLessonBeforeRunningAnything() {
        oneLine(Run.course("notebook", "--check", "dropuot"),
                "notebook: unknown lesson 'dropuot'; did you mean 'dropout'? (--list shows them all)");
    }

    @Test
    void aLessonMainWithoutTheResourcesSaysWhatIsMissingInOneLine(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes"); // the compiled code as an IDE has it, without src/main/resources
        try (Stream<Path> files = Files.walk(CLASSES.resolve("dev"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path to = classes.resolve(CLASSES.relativize(f));
                Files.createDirectories(to.getParent());
                Files.copy(f, to);
            }
        }
        var run = java(List.of("-Dcourse.relaunch=false", "-cp", classes + java.io.File.pathSeparator
                + libraries(), DropoutLesson.class.getName(), "--epochs", "1"));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals(Launcher.MISSING + "\n", run.err());
        assertEquals("", run.out(), "nothing ran");
    }

    @Test
    void theJarCopiedAloneSaysItNeedsLibInOneLine(@TempDir Path dir) throws Exception {
        // a jar laid out as the build lays it out (Start as Main-Class, Class-Path into lib/), with no lib/ beside it
        Path jar = dir.resolve("dl4j-regularization-lessons.jar");
        var manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Start.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/picocli-4.7.5.jar");
        try (var out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            add(out, Start.class);
            add(out, Course.class);
        }
        var run = java(List.of("-jar", jar.toString(), "--list"));
        assertEquals(2, run.exitCode(), run.err());
        assertEquals("error: dl4j-regularization-lessons.jar needs the lib/ folder that 'mvn package' writes beside "
                + "it (target/lib/; picocli.CommandLine is in one of its jars): copy lib/ along with the jar, or run "
                + "the jar in target/\n", run.err());
        assertTrue(!run.err().contains("NoClassDefFoundError"));

        var classesOnly = java(List.of("-cp", CLASSES.toString(), Start.class.getName(), "--list"));
        assertEquals(2, classesOnly.exitCode(), classesOnly.err());
        assertEquals(Start.message("picocli.CommandLine", CLASSES) + "\n", classesOnly.err());
    }

    @Test
    void withTheLibrariesStartFindsNothingMissing() {
        assertEquals(null, Start.missingLibrary(Start.class.getClassLoader()));
    }

    private static void add(JarOutputStream jar, Class<?> type) throws IOException {
        String name = type.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(name));
        try (var in = type.getClassLoader().getResourceAsStream(name)) {
            in.transferTo(jar);
        }
        jar.closeEntry();
    }

    private static void oneLine(Run run, String message) {
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals("error: " + message + "\n", run.err());
    }

    /** The test class path without the project's own classes: the libraries only. */
    private static String libraries() {
        return Arrays.stream(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
                .filter(e -> !e.endsWith("classes") && !e.endsWith("classes/"))
                .collect(Collectors.joining(java.io.File.pathSeparator));
    }

    private static Run java(List<String> arguments) throws Exception {
        var command = new ArrayList<String>();
        command.add(ChildJvm.java());
        command.addAll(arguments);
        Path out = Files.createTempFile("tripup", ".out");
        Path err = Files.createTempFile("tripup", ".err");
        try {
            var process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "finished");
            return new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

}
