package dev.dl4jlessons.kernel;

import java.nio.file.Path;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.TunedJvm;

/**
 * Starts the course's kernel for Jupyter: {@code KernelMain CONNECTION_FILE}, the command that {@code kernel install}
 * writes into the kernelspec. Jupyter starts it with the connection file it wrote (ports and signing key).
 *
 * <p>Start-up works whole or fails whole: a connection file that is not one (a FIFO, truncated JSON, a field missing,
 * an unknown signature scheme) is one line and exit code 2; a port that another program took is one line and exit
 * code 1, with no socket left open.
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
        String missing = missingLibrary();
        if (missing != null) {
            System.err.println("error: the kernel's libraries are not on its class path (" + missing + " is missing): "
                    + "the jar's lib/ folder was moved or deleted; build the course again (mvn -q package "
                    + "-DskipTests) and run 'kernel install' again");
            System.exit(2);
        }
        ConnectionFile connection;
        try {
            connection = ConnectionFile.read(Path.of(args[0]));
        } catch (InputException | java.nio.file.InvalidPathException e) {
            System.err.println(e instanceof InputException ? e.getMessage()
                    : "error: " + args[0] + ": not a path: " + e.getMessage());
            System.exit(2);
            return;
        }
        // Jupyter names the process that started the kernel; when it is gone (killed, or a client that died without
        // shutting the kernel down), nobody can reach this kernel any more, so it stops instead of running on
        TunedJvm.watchParent(System.getenv("JPY_PARENT_PID"));
        var server = new KernelServer(connection, System.err);
        try {
            server.bind();
        } catch (KernelServer.BindFailure e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        }
        // the ports answer (heartbeat, kernel_info) while JShell and ND4J start; shell requests wait in order
        server.start();
        CourseRuntime.init(false);
        var kernel = CourseKernel.create();
        kernel.serve(server);
        interruptOnSigint(kernel);
        server.serveWith(kernel);
        server.awaitClose();
        kernel.onShutdown(false);
        System.exit(0);
    }

    /** One class of each library the kernel loads first, by name, or null when all are there. */
    static String missingLibrary() {
        for (String name : new String[] {"org.zeromq.ZMQ", "org.nd4j.linalg.factory.Nd4j",
            "org.nd4j.shade.jackson.databind.ObjectMapper", "org.deeplearning4j.nn.multilayer.MultiLayerNetwork"}) {
            try {
                Class.forName(name, false, KernelMain.class.getClassLoader());
            } catch (ClassNotFoundException | LinkageError e) {
                return name;
            }
        }
        return null;
    }

    /** Ctrl-C in the terminal that started Jupyter, or a client's signal: the stop button, not the end of the JVM. */
    private static void interruptOnSigint(CourseKernel kernel) {
        try {
            sun.misc.Signal.handle(new sun.misc.Signal("INT"), signal -> kernel.interrupt());
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // a platform without SIGINT: the interrupt message still works
        }
    }
}
