package dev.dl4jlessons.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * The Jupyter project's own kernel test suite, {@code jupyter_kernel_test} 0.7.0 (vendored in {@code src/test/python},
 * see its README), run with Debian's {@code /usr/bin/python3} and {@code jupyter_client} against the course's kernel
 * installed into a temporary {@code JUPYTER_DATA_DIR}: all 13 of its tests, with the Java samples in
 * {@code test_course_kernel.py}. And {@code jupyter console} through a pseudo-terminal.
 *
 * <p>Tagged {@code notebook}: {@code mvn -B -ntp test -Pnotebook} runs it after {@code .ci/run} installed Debian's
 * {@code jupyter-client}, {@code jupyter-console} and {@code python3-pexpect}.
 */
@Tag("notebook")
class KernelConformanceTest {
    private static final Path PYTHON = Path.of("/usr/bin/python3");
    /** The suite's tests: every one must run and pass (none is skipped for want of a sample). */
    static final List<String> TESTS = List.of("test_clear_output", "test_completion", "test_display_data",
            "test_error", "test_execute_result", "test_execute_stderr", "test_execute_stdout", "test_history",
            "test_inspect", "test_is_complete", "test_kernel_info", "test_pager", "test_recv_iopub_welcome_msg");

    private static String python(Path tmp, String... args) throws Exception {
        NotebookKernelTest.requireJupyter();
        Path data = tmp.resolve("data");
        Map<String, String> env = Map.of("JUPYTER_DATA_DIR", data.toString());
        NotebookKernelTest.install(tmp, env);
        Path dir = ProjectFiles.requireRoot().resolve("src/test/python");
        var builder = new ProcessBuilder(PYTHON.toString()).directory(dir.toFile()).redirectErrorStream(true);
        builder.command().addAll(List.of(args));
        builder.environment().putAll(env);
        builder.environment().put("PYTHONDONTWRITEBYTECODE", "1");
        Path log = tmp.resolve("python.log");
        var process = builder.redirectOutput(log.toFile()).start();
        if (!process.waitFor(15, TimeUnit.MINUTES)) {
            process.destroyForcibly();
        }
        String printed = Files.readString(log);
        System.out.println(printed);
        assertEquals(0, process.exitValue(), printed);
        return printed;
    }

    @Test
    void theJupyterKernelTestSuitePassesInFull(@TempDir Path tmp) throws Exception {
        String printed = python(tmp, "-m", "unittest", "-v", "test_course_kernel");
        for (String test : TESTS) {
            assertTrue(printed.lines().anyMatch(l -> l.startsWith(test + " ") && l.endsWith(" ... ok")),
                    test + " passed: " + printed);
        }
        assertTrue(printed.contains("Ran 13 tests"), printed);
        assertTrue(printed.lines().anyMatch(l -> l.equals("OK")), "no failure, no skip: " + printed);
    }

    @Test
    void jupyterConsoleRunsALineRecallsItAndExits(@TempDir Path tmp) throws Exception {
        String printed = python(tmp, "console_session.py");
        assertTrue(printed.contains("ran a line: Out[1]: 43"), printed);
        assertTrue(printed.contains("recalled it with the up arrow and ran it again: Out[2]: 43"), printed);
        assertTrue(printed.contains("exited with 0"), printed);
    }
}
