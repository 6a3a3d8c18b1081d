package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * The relaunch into a tuned JVM: when it happens, what the new JVM gets, and that the relaunched JVM never
 * relaunches again. The last tests start real JVMs, as {@code java -jar} would.
 */
class TunedJvmTest {
    private static TunedJvm.Jvm jvm(List<String> options, boolean systemLoader, String guard, String relaunch) {
        return new TunedJvm.Jvm(options, "/opt/jdk", "a.jar:lib/b.jar", systemLoader, guard, relaunch);
    }

    private static Optional<List<String>> command(TunedJvm.Jvm jvm) {
        return TunedJvm.command(jvm, "dev.Main", new String[] {"dropout", "--epochs", "3"});
    }

    @Test
    void aDefaultJvmRelaunchesWithTheFlagsItsOwnOptionsAndTheGuard() {
        var command = command(jvm(List.of("-Dfile.encoding=UTF-8"), true, null, null)).orElseThrow();
        List<String> expected = new ArrayList<>();
        expected.add(Path.of("/opt/jdk", "bin", "java").toString());
        expected.addAll(TunedJvm.FLAGS);
        expected.addAll(List.of("-Dfile.encoding=UTF-8", "-Dcourse.relaunched=true", "-cp", "a.jar:lib/b.jar",
                "dev.Main", "dropout", "--epochs", "3"));
        assertEquals(expected, command);
    }

    @Test
    void theGuardStopsASecondRelaunch() {
        assertTrue(command(jvm(List.of(), true, "true", null)).isEmpty());
    }

    @Test
    void theSwitchKeepsTheCourseInThisJvm() {
        assertTrue(command(jvm(List.of(), true, null, "false")).isEmpty());
        assertTrue(command(jvm(List.of(), true, null, "true")).isPresent());
    }

    @Test
    void theUsersCollectorHeapOrDebuggerWins() {
        for (String option : List.of("-Xmx2g", "-XX:MaxHeapSize=1g", "-XX:MaxRAMPercentage=50", "-XX:+UseG1GC",
                "-XX:+UseParallelGC", "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-Xdebug")) {
            assertTrue(command(jvm(List.of(option), true, null, null)).isEmpty(), option);
        }
        assertFalse(TunedJvm.userChoice("-XX:+UseCompressedOops"));
        assertFalse(TunedJvm.userChoice("-Xms64m"));
    }

    @Test
    void aClassPathThatIsNotTheJvmsOwnIsNotRelaunched() {
        // Maven's exec:java loads the course in its own class loader; java.class.path is Maven's
        assertTrue(command(jvm(List.of(), false, null, null)).isEmpty());
    }

    private record Proc(int code, String out, String err) {
    }

    private static Proc java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(ChildJvm.java()));
        command.addAll(List.of(args));
        var process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new Proc(process.waitFor(), out, err);
    }

    @Test
    void aPlainJavaRunRelaunchesOnceIntoTheParallelCollectorAndKeepsTheExitCode()
            throws IOException, InterruptedException {
        String cp = System.getProperty("java.class.path");
        var run = java("-cp", cp, "dev.dl4jlessons.cli.Course", "--list", "--verbose");
        assertEquals(0, run.code(), run.err());
        assertEquals(1, run.err().lines().filter(l -> l.startsWith("course: restarting the JVM")).count(), run.err());
        assertTrue(run.err().contains("PS Scavenge") && run.err().contains("PS MarkSweep")
                && run.err().contains("relaunched with the course's flags"), run.err());
        assertTrue(run.out().lines().anyMatch(l -> l.startsWith("dropout ")), run.out());

        var bad = java("-cp", cp, "dev.dl4jlessons.cli.Course", "--no-such-option");
        assertEquals(2, bad.code(), "the relaunched JVM's exit code is the launcher's");
        assertTrue(bad.err().startsWith("error: Unknown option: '--no-such-option'"), bad.err());

        var stay = java("-Dcourse.relaunch=false", "-cp", cp, "dev.dl4jlessons.cli.Course", "--list", "--verbose");
        assertEquals(0, stay.code(), stay.err());
        assertFalse(stay.err().contains("restarting"), stay.err());
        assertTrue(stay.err().contains("not relaunched"), stay.err());
    }
}
