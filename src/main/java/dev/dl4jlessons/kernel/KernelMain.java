package dev.dl4jlessons.kernel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * Starts the course's kernel for Jupyter: {@code KernelMain CONNECTION_FILE}, the command that {@code kernel install}
 * writes into the kernelspec. Jupyter starts it with the connection file it wrote (ports and signing key).
 */
public final class KernelMain {
    private KernelMain() {
    }

    /** Serves one Jupyter session until Jupyter shuts the kernel down. */
    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KernelMain CONNECTION_FILE (Jupyter starts the kernel; see 'kernel install')");
            System.exit(2);
        }
        String json;
        try {
            json = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        } catch (IOException e) {
            System.err.println("error: " + args[0] + ": cannot read the connection file Jupyter wrote: " + e);
            System.exit(2);
            return;
        }
        // Jupyter names the process that started the kernel; when it is gone (killed, or a client that died without
        // shutting the kernel down), nobody can reach this kernel any more, so it stops instead of running on
        TunedJvm.watchParent(System.getenv("JPY_PARENT_PID"));
        CourseRuntime.init(false);
        var kernel = CourseKernel.create();
        var connection = new JupyterConnection(KernelConnectionProperties.parse(json));
        kernel.becomeHandlerForConnection(connection);
        kernel.onStartup();
        connection.connect();
        connection.waitUntilClose();
        System.exit(0);
    }
}
