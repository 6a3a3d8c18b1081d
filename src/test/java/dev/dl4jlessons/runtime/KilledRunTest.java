package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * A killed run stops: the launcher started as {@code java -cp ... Course lab ...} relaunches itself into a tuned JVM
 * ({@link TunedJvm}); killing the launcher with SIGKILL, SIGTERM or SIGINT ends that child within a few seconds, and
 * the child writes nothing into {@code --out} afterwards. Real processes, real signals.
 */
class KilledRunTest {
    /** How long the child may live on after its launcher is gone. */
    private static final long GRACE_SECONDS = 5;

    @TempDir
    Path dir;

    private static Process startLongLab(Path dir, Path out) throws IOException {
        List<String> command = ChildJvm.course(List.of(), "lab", "--data", "synthetic", "--seeds", "1", "--epochs",
                "100000", "--variants", "baseline", "--threads", "1", "--out", out.toString());
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("launcher.log").toFile()).start();
    }

    /** The relaunched JVM, once the launcher has started it. */
    private static ProcessHandle child(Process launcher) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            var found = launcher.descendants().filter(p -> p.info().command().orElse("").endsWith("java")).findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            assertTrue(launcher.isAlive(), "the launcher ended before it relaunched");
            Thread.sleep(50);
        }
        throw new AssertionError("no relaunched JVM within 30 s");
    }

    private static void signal(long pid, String name) throws IOException, InterruptedException {
        assertEquals(0, new ProcessBuilder("kill", "-" + name, Long.toString(pid)).start().waitFor(), name);
    }

    private static List<String> listing(Path out) throws IOException {
        if (!Files.exists(out)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(out)) {
            return files.map(p -> {
                try {
                    return out.relativize(p) + " " + Files.getLastModifiedTime(p).toMillis() + " "
                            + (Files.isRegularFile(p) ? Files.size(p) : -1);
                } catch (IOException e) {
                    return out.relativize(p) + " gone";
                }
            }).sorted().toList();
        }
    }

    private void killedLauncherStopsTheRun(String signalName) throws Exception {
        killedLauncherStopsTheRun(dir, signalName, 1500); // the child is loading ND4J or training by then
    }

    /**
     * Kills the launcher of a long lab run into {@code dir/out} with {@code signalName}, {@code delayMillis} after its
     * child started, and checks that the child ends within the grace period and writes nothing more.
     */
    static void killedLauncherStopsTheRun(Path dir, String signalName, long delayMillis) throws Exception {
        Path out = dir.resolve("out");
        Process launcher = startLongLab(dir, out);
        ProcessHandle child = child(launcher);
        try {
            Thread.sleep(delayMillis);
            signal(launcher.pid(), signalName);
            assertTrue(launcher.waitFor(GRACE_SECONDS, TimeUnit.SECONDS), "the launcher survived SIG" + signalName);
            assertTrue(child.onExit().toCompletableFuture().completeOnTimeout(null, GRACE_SECONDS, TimeUnit.SECONDS)
                    .thenApply(p -> !child.isAlive()).get(), "the relaunched JVM outlived its launcher (SIG"
                            + signalName + ")");
            var before = listing(out);
            Thread.sleep(1000);
            assertEquals(before, listing(out), "--out changed after the run was killed");
            assertFalse(Files.exists(out.resolve("results.csv")), "a killed run committed results");
        } finally {
            child.destroyForcibly();
            launcher.destroyForcibly();
        }
    }

    @Test
    void sigkillOfTheLauncherEndsTheRelaunchedJvm() throws Exception {
        killedLauncherStopsTheRun("KILL");
    }

    /** SIGTERM and SIGINT: the launcher's shutdown hook and the child's watch both end the child. */
    @Tag("soak")
    @ParameterizedTest
    @ValueSource(strings = {"TERM", "INT"})
    void sigtermAndSigintOfTheLauncherEndTheRelaunchedJvm(String signalName) throws Exception {
        killedLauncherStopsTheRun(signalName);
    }

    @Test
    void aChildWhoseLauncherIsAlreadyGoneHaltsAtOnce() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        var run = new ProcessBuilder(ChildJvm.course(List.of("-D" + TunedJvm.GUARD + "=true",
                "-D" + TunedJvm.PARENT + "=" + gone.pid()), "--list")).start();
        run.getOutputStream().close();
        String printed = new String(run.getInputStream().readAllBytes());
        assertTrue(run.waitFor(GRACE_SECONDS * 2, TimeUnit.SECONDS));
        assertEquals(TunedJvm.ORPHANED, run.exitValue());
        assertEquals("", printed, "an orphaned child printed its work");
    }
}
