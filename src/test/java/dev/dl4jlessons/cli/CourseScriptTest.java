package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The repository's {@code course} script, run for real by {@code sh} in a folder whose path has a space, against a
 * stand-in {@code mvn} (which records its call and leaves a jar and {@code target/lib/}) and a stand-in {@code java}
 * (which records its arguments and working directory and exits with a chosen code). The PATH holds only the stand-ins
 * and the few tools the script uses, so a real Maven or JVM never runs here.
 */
@DisabledOnOs(OS.WINDOWS)
class CourseScriptTest {
    private static final String JAR = "target/dl4j-regularization-lessons.jar";

    @TempDir
    Path tmp;
    private Path root;
    private Path bin;
    private Path elsewhere;
    private Path log;

    @BeforeEach
    void aCheckoutWithStandIns() throws IOException {
        root = Files.createDirectories(tmp.resolve("my course"));
        Path script = root.resolve("course");
        Files.copy(ProjectFiles.requireRoot().resolve("course"), script);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(root.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(root.resolve("src/main/java"));
        Files.writeString(root.resolve("src/main/java/Lesson.java"), "class Lesson {}\n");
        Files.createDirectories(root.resolve("src/exercises/java"));
        Files.writeString(root.resolve("src/exercises/java/Exercise.java"), "class Exercise {}\n");
        elsewhere = Files.createDirectories(tmp.resolve("some other folder"));
        log = tmp.resolve("calls.log");
        bin = Files.createDirectories(tmp.resolve("bin"));
        for (String tool : new String[] {"dirname", "readlink", "find", "head", "mkdir", "touch", "cat"}) {
            Files.createSymbolicLink(bin.resolve(tool), Path.of("/usr/bin", tool));
        }
        standIn("mvn", "printf 'mvn %s in %s\\n' \"$*\" \"$(pwd)\" >> \"$LOG\"\n"
                + "echo 'maven prints this'\n"
                + "[ \"${MVN_EXIT:-0}\" = 0 ] || exit \"$MVN_EXIT\"\n"
                + "mkdir -p target/lib && touch " + JAR + "\n");
        standIn("java", "printf 'java in %s\\n' \"$(pwd)\" >> \"$LOG\"\n"
                + "for a in \"$@\"; do printf 'arg <%s>\\n' \"$a\" >> \"$LOG\"; done\n"
                + "echo 'the course prints this'\n"
                + "exit \"${JAVA_EXIT:-0}\"\n");
    }

    private void standIn(String name, String body) throws IOException {
        Path file = bin.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What one run of the script did. */
    record Result(int exitCode, String out, String err, List<String> calls) {
        boolean built() {
            return calls.stream().anyMatch(c -> c.startsWith("mvn "));
        }
    }

    private Result course(Path script, Map<String, String> extraEnv, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).directory(elsewhere.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.put("PATH", bin.toString());
        env.put("LOG", log.toString());
        env.putAll(new HashMap<>(extraEnv));
        Files.deleteIfExists(log);
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the script finished");
        List<String> calls = Files.exists(log) ? Files.readAllLines(log) : List.of();
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err), calls);
    }

    private Result course(String... args) throws Exception {
        return course(root.resolve("course"), Map.of(), args);
    }

    /** A built jar and lib/ that are newer than every source by a minute. */
    private void freshBuild() throws IOException {
        Files.createDirectories(root.resolve("target/lib"));
        Files.writeString(root.resolve(JAR), "jar");
        Instant old = Instant.now().minusSeconds(120);
        // the folders too: a deleted or added source changes its folder's time
        for (String source : new String[] {"pom.xml", "src/main/java/Lesson.java", "src/exercises/java/Exercise.java",
            "src/main/java", "src/main", "src/exercises/java"}) {
            Files.setLastModifiedTime(root.resolve(source), FileTime.from(old));
        }
        Files.setLastModifiedTime(root.resolve(JAR), FileTime.from(old.plusSeconds(60)));
    }

    @Test
    void withoutAJarItBuildsOnceSayingSoOnStandardErrorThenRunsTheJarWithTheArguments() throws Exception {
        Result r = course("check", "--watch", "a name with spaces");
        assertEquals(0, r.exitCode(), r.err());
        assertEquals("mvn -q package -DskipTests in " + root.toRealPath(), r.calls().get(0), "Maven ran in the root");
        List<String> errLines = r.err().lines().toList();
        assertEquals(List.of("maven prints this"), errLines.subList(1, errLines.size()), "then Maven's own output");
        assertTrue(errLines.get(0).startsWith("course: building the course, target/dl4j-regularization-lessons.jar "
                + "is missing"), r.err());
        assertEquals("the course prints this\n", r.out(), "Maven's output is kept out of standard output");
        assertEquals(List.of("java in " + elsewhere.toRealPath(), "arg <-jar>", "arg <" + root.toRealPath().resolve(JAR)
                + ">", "arg <check>", "arg <--watch>", "arg <a name with spaces>"), r.calls().subList(1, 7),
                "the jar runs from the caller's folder, every argument intact");
    }

    @Test
    void aCurrentJarRunsWithoutBuildingAndWithoutALine() throws Exception {
        freshBuild();
        Result r = course("--list");
        assertFalse(r.built(), r.calls().toString());
        assertEquals("", r.err());
        assertEquals("the course prints this\n", r.out());
    }

    @Test
    void anEditedLessonOrPomRebuildsButAnEditedExerciseDoesNot() throws Exception {
        freshBuild();
        Files.setLastModifiedTime(root.resolve("src/exercises/java/Exercise.java"), FileTime.from(Instant.now()));
        assertFalse(course("check").built(), "check compiles the exercises itself");
        Files.setLastModifiedTime(root.resolve("src/main/java/Lesson.java"), FileTime.from(Instant.now()));
        Result r = course("dropout");
        assertTrue(r.built(), r.calls().toString());
        assertTrue(r.err().contains("the sources changed since the last build"), r.err());
        freshBuild();
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(Instant.now()));
        assertTrue(course("dropout").built(), "a changed pom.xml");
        freshBuild();
        Files.delete(root.resolve("target/lib"));
        Result noLib = course("dropout");
        assertTrue(noLib.built() && noLib.err().contains("target/lib/ is missing"), noLib.err());
    }

    @Test
    void theJarsExitCodeIsTheScriptsExitCode() throws Exception {
        freshBuild();
        for (int code : new int[] {1, 2, 3}) {
            assertEquals(code, course(root.resolve("course"), Map.of("JAVA_EXIT", String.valueOf(code)), "x")
                    .exitCode());
        }
    }

    @Test
    void aFailedBuildStopsWithMavensCodeAndRunsNothing() throws Exception {
        Result r = course(root.resolve("course"), Map.of("MVN_EXIT", "7"), "dropout");
        assertEquals(7, r.exitCode());
        assertTrue(r.calls().stream().noneMatch(c -> c.startsWith("java ")), r.calls().toString());
        assertTrue(r.err().contains("course: the build failed (exit code 7)"), r.err());
    }

    @Test
    void withoutMavenItSaysWhatIsMissingInOneLine() throws Exception {
        Files.delete(bin.resolve("mvn"));
        Result r = course("dropout");
        assertEquals(1, r.exitCode());
        assertEquals(List.of("course: target/dl4j-regularization-lessons.jar is missing, and building it needs Maven "
                + "3.8 or newer (mvn), which is not on the PATH"), r.err().lines().toList());
    }

    @Test
    void aSymbolicLinkToTheScriptFindsTheCheckout() throws Exception {
        freshBuild();
        Path link = Files.createSymbolicLink(Files.createDirectories(tmp.resolve("my bin")).resolve("course"),
                root.resolve("course"));
        Result r = course(link, Map.of());
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.calls().contains("arg <" + root.toRealPath().resolve(JAR) + ">"), r.calls().toString());
    }

    @Test
    void theCommittedScriptsAreRunnable() throws IOException {
        Path real = ProjectFiles.requireRoot();
        assertTrue(Files.isExecutable(real.resolve("course")), "course is executable (git mode 100755)");
        byte[] cmd = Files.readAllBytes(real.resolve("course.cmd"));
        String text = new String(cmd, StandardCharsets.US_ASCII);
        // cmd.exe misreads labels and goto in a file with bare LF line ends; .gitattributes checks it out with CRLF
        assertEquals(text.split("\n").length, text.split("\r\n").length, "course.cmd has CRLF line ends");
        for (String needed : new String[] {"mvn -q package -DskipTests", "target\\lib\\", "src\\main", "pom.xml",
            "-jar \"%COURSE_JAR%\" %*", "exit /b %ERRORLEVEL%"}) {
            assertTrue(text.contains(needed), "course.cmd: " + needed);
        }
    }
}
