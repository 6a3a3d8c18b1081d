package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * A tiny heap, a low open-file limit, a low address-space limit and a damaged native-library cache: each is one line
 * naming the cause and the fix, exit 1, before ND4J loads. The child JVMs never load ND4J, so each takes about a
 * second.
 */
class EnvironmentTest {
    private static final String LIMITS = """
            Limit                     Soft Limit           Hard Limit           Units
            Max cpu time              unlimited            unlimited            seconds
            Max open files            %s                   524288               files
            Max address space         %s                   unlimited            bytes
            """;

    private record Result(int exitCode, List<String> err, String out) {
    }

    /** The launcher in a child JVM, through {@code sh -c} so that {@code ulimit} can come first. */
    private static Result course(String shellPrefix, List<String> jvmOptions, String... args) throws Exception {
        List<String> java = ChildJvm.course(jvmOptions, args);
        var command = new StringBuilder(shellPrefix).append(" exec");
        for (String word : java) {
            command.append(" '").append(word.replace("'", "'\\''")).append('\'');
        }
        var process = new ProcessBuilder("sh", "-c", command.toString()).start();
        process.getOutputStream().close();
        var err = process.getErrorStream();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errText = new String(err.readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        return new Result(process.exitValue(), errText.lines().toList(), out);
    }

    @Test
    void limitsAreReadFromProcSelfLimits() {
        long heap = 512L << 20;
        assertEquals(Optional.empty(), Environment.limitProblem(LIMITS.formatted("1024", "unlimited"), heap));
        assertEquals(Optional.of("the open-file limit is 128, less than the 256 the course needs to load ND4J's "
                + "native libraries; raise it with 'ulimit -n 4096' and run again"),
                Environment.limitProblem(LIMITS.formatted("128", "unlimited"), heap));
        assertEquals(Optional.of("the address-space limit (ulimit -v) is 2048 MB, less than the 4096 MB this JVM "
                + "(heap 512 MB), ND4J and OpenBLAS reserve; raise it with 'ulimit -v unlimited' and run again"),
                Environment.limitProblem(LIMITS.formatted("1024", Long.toString(2048L << 20)), heap));
        assertEquals(Optional.empty(), Environment.limitProblem(LIMITS.formatted("1024",
                Long.toString(4096L << 20)), heap));
        assertEquals(Optional.empty(), Environment.limitProblem("", heap), "no limits file: nothing checked");
    }

    @Test
    void aDamagedLibraryInTheCacheIsNamed(@TempDir Path cache) throws IOException {
        Path dir = Files.createDirectories(cache.resolve("openblas-0.3.19-1.5.7-linux-x86_64.jar/org/bytedeco"));
        Path good = Files.write(dir.resolve("libgood.so.0"), new byte[] {0x7f, 'E', 'L', 'F', 2, 1, 1, 0});
        assertEquals(Optional.empty(), Environment.damagedNativeCache(cache));
        Path bad = Files.write(dir.resolve("libjniopenblas_nolapack.so"), "XXXXXXXXXXXXXXXX".getBytes());
        Files.writeString(dir.resolve("notes.txt"), "not a library");
        assertEquals(Optional.of("ND4J's native-library cache is damaged: " + bad + " is not a shared library (no ELF "
                + "header); delete " + cache + " and run again, which extracts the libraries anew"),
                Environment.damagedNativeCache(cache));
        Files.delete(bad);
        Files.write(dir.resolve("libcut.so"), new byte[0]);
        assertTrue(Environment.damagedNativeCache(cache).isPresent(), "an empty library is damaged too");
        assertTrue(Files.exists(good), "the check reads, never deletes");
        assertEquals(Optional.empty(), Environment.damagedNativeCache(cache.resolve("missing")));
    }

    @Test
    void aLoaderFailureIsNamedByItsCause() {
        var elf = new ExceptionInInitializerError(new RuntimeException("ND4J is probably missing dependencies",
                new UnsatisfiedLinkError("/c/libx.so: /c/libx.so: invalid ELF header")));
        assertTrue(Environment.nativeLoadFailure(elf).orElseThrow().startsWith(
                "ND4J's native-library cache is damaged (/c/libx.so: invalid ELF header); delete "));
        var files = new ExceptionInInitializerError(new UnsatisfiedLinkError(
                "/c/libx.so: cannot open shared object file: Too many open files"));
        assertEquals(Optional.of("ND4J's native libraries could not be loaded: too many open files; raise the limit "
                + "with 'ulimit -n 4096' and run again"), Environment.nativeLoadFailure(files));
        assertEquals(Optional.empty(), Environment.nativeLoadFailure(new LinkageError("something else")));
    }

    @Test
    void aTinyHeapIsOneLine() throws Exception {
        var run = course("", List.of("-Xmx8m"), "dropout", "--epochs", "1");
        assertEquals(1, run.exitCode(), run.err().toString());
        assertEquals(List.of("error: this JVM's heap is 8 MB (-Xmx), less than the 32 MB the course needs; leave "
                + "-Xmx out (the course picks 512 MB) or give at least -Xmx32m"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void aLowOpenFileLimitIsOneLineForTheLauncherAndForTheRelaunchedJvm() throws Exception {
        for (List<String> options : List.of(List.<String>of(), List.of("-Dcourse.relaunch=false", "-Xmx256m"))) {
            var run = course("ulimit -n 128 &&", options, "dropout", "--epochs", "1");
            assertEquals(1, run.exitCode(), run.err().toString());
            assertEquals(List.of("error: the open-file limit is 128, less than the 256 the course needs to load "
                    + "ND4J's native libraries; raise it with 'ulimit -n 4096' and run again"), run.err());
        }
    }

    @Test
    void aLowAddressSpaceLimitIsOneLineInsteadOfOpenBlasFailing() throws Exception {
        // 3 GB: the JVM starts with a 256 MB heap, and OpenBLAS would fail to start its threads
        var run = course("ulimit -v 3000000 &&", List.of("-Xmx256m", "-XX:+UseSerialGC"), "dropout");
        assertEquals(1, run.exitCode(), run.err().toString());
        assertEquals(1, run.err().size(), run.err().toString());
        assertTrue(run.err().get(0).matches("error: the address-space limit \\(ulimit -v\\) is 2929 MB, less than "
                + "the 38\\d\\d MB this JVM \\(heap 2\\d\\d MB\\), ND4J and OpenBLAS reserve; raise it with "
                + "'ulimit -v unlimited' and run again"), run.err().get(0));
    }

    @Test
    void aDamagedNativeCacheIsOneLineBeforeNd4jLoads(@TempDir Path cache) throws Exception {
        Path lib = Files.createDirectories(cache.resolve("nd4j-native-1.0.0-M2.1-linux-x86_64.jar/org/nd4j"))
                .resolve("libnd4jcpu.so");
        Files.write(lib, "not an ELF file at all".getBytes());
        var run = course("", List.of("-D" + Environment.CACHE_PROPERTY + "=" + cache), "dropout", "--epochs", "1");
        assertEquals(1, run.exitCode(), run.err().toString());
        assertEquals(List.of("error: ND4J's native-library cache is damaged: " + lib + " is not a shared library (no "
                + "ELF header); delete " + cache + " and run again, which extracts the libraries anew"), run.err());
        assertEquals("", run.out(), "nothing trained");
    }
}
