package dev.dl4jlessons.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.Charset;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.deeplearning4j.config.DL4JSystemProperties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.ui.model.stats.StatsListener;
import org.deeplearning4j.ui.model.stats.impl.DefaultStatsUpdateConfiguration;
import org.deeplearning4j.ui.model.storage.InMemoryStatsStorage;

import dev.dl4jlessons.harness.TrainingWatch;
import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.runtime.OutputException;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.file.FileSystemOptions;

/**
 * DL4J's training UI for one run of the course: its server on {@code localhost}, one in-memory store, and a
 * {@link StatsListener} on every network trained, each network its own session (named after the model, or the lab's
 * variant and seed) that the page's session menu switches between.
 *
 * <p>Only the launcher's {@code --ui} reaches this class; a run without it never loads it, nor Vert.x.
 */
public final class TrainingUi implements AutoCloseable {
    /** Reports kept per session at most; longer runs report every n-th step, so the lab fits in a small heap. */
    static final int MAX_REPORTS = 200;

    private final LoopbackServer server;
    private final Path privateDir;
    private final Thread cleanup;
    private final InMemoryStatsStorage storage = new InMemoryStatsStorage();
    private final Map<String, Integer> sessions = new ConcurrentHashMap<>();

    private TrainingUi(LoopbackServer server, Path privateDir, Thread cleanup) {
        this.server = server;
        this.privateDir = privateDir;
        this.cleanup = cleanup;
        server.attach(storage);
    }

    /** Runs {@code body} with every network it trains shown in the UI, each as its own session. */
    public <T> T watching(Supplier<T> body) {
        return TrainingWatch.with(this::watch, body);
    }

    /**
     * Stops the UI; first, in a terminal and when {@code waitInTerminal} holds, leaves it up until Enter is pressed so
     * the student can look around.
     */
    public void finish(boolean waitInTerminal, PrintStream out, InputStream in) {
        try {
            if (waitInTerminal && interactive()) {
                out.println();
                out.println("The training UI is still at " + overview() + ". Press Enter to stop it.");
                out.flush();
                waitForEnter(in);
            }
        } finally {
            close();
        }
    }

    /**
     * Starts DL4J's UI server on {@code 127.0.0.1:port}, behind the {@link UiGate}, with Vert.x's file cache and
     * DL4J's upload directory in a new directory that only this user can enter and that {@link #close} removes.
     *
     * @throws InputException naming {@code --ui-port} when the port is taken
     */
    public static TrainingUi start(int port) {
        // The documented DL4J property for the UI's port; VertxUIServer.start reads it.
        System.setProperty(DL4JSystemProperties.UI_SERVER_PORT_PROPERTY, Integer.toString(port));
        Path privateDir;
        try {
            privateDir = AtomicFiles.privateDirectory("dl4j-lessons-ui-");
        } catch (IOException e) {
            throw new OutputException("java.io.tmpdir: cannot make the training UI's directory there ("
                    + Messages.reason(e) + "); set it to a writable directory with -Djava.io.tmpdir=DIR", e);
        }
        Thread cleanup = new Thread(() -> AtomicFiles.deletePrivateDirectory(privateDir), "training-ui-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        // Vert.x's default cache is one shared java.io.tmpdir/vertx-cache: another user's, or a file, there stops it.
        Vertx vertx = Vertx.vertx(new VertxOptions().setFileSystemOptions(new FileSystemOptions()
                .setFileCacheDir(privateDir.toString())));
        var server = new LoopbackServer(privateDir);
        var deployed = new CompletableFuture<String>();
        vertx.deployVerticle(server, done -> {
            if (done.succeeded()) {
                deployed.complete(done.result());
            } else {
                deployed.completeExceptionally(done.cause());
            }
        });
        try {
            deployed.get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            stop(vertx, privateDir, cleanup);
            BindException bind = cause(e, BindException.class);
            if (bind != null && String.valueOf(bind.getMessage()).contains("in use")) {
                throw new InputException("--ui-port " + port + ": the port is in use on localhost; stop what uses "
                        + "it or choose another port with --ui-port N");
            }
            if (bind != null) {  // e.g. "Permission denied" for a port below 1024
                throw new InputException("--ui-port " + port + ": cannot listen on it on localhost ("
                        + bind.getMessage() + "); choose another port with --ui-port N");
            }
            throw new IllegalStateException("DL4J's training UI failed to start: " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            stop(vertx, privateDir, cleanup);
            throw new IllegalStateException("DL4J's training UI did not start within 60 s", e);
        } catch (InterruptedException e) {
            stop(vertx, privateDir, cleanup);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the training UI", e);
        }
        return new TrainingUi(server, privateDir, cleanup);
    }

    /** Closes {@code vertx} (which removes its file cache), waiting up to 10 s, then the private directory. */
    private static void stop(Vertx vertx, Path privateDir, Thread cleanup) {
        var closed = new CompletableFuture<Void>();
        vertx.close(done -> closed.complete(null));
        try {
            closed.get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // the directory goes anyway
        }
        removePrivateDirectory(privateDir, cleanup);
    }

    /** Deletes the private directory now, and the shutdown hook that would have deleted it at exit. */
    private static void removePrivateDirectory(Path privateDir, Thread cleanup) {
        AtomicFiles.deletePrivateDirectory(privateDir);
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException e) {
            // shutting down already: the hook runs, and finds nothing left to do
        }
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPort();
    }

    /** The page that shows the score chart, the first thing to open. */
    public String overview() {
        return "http://localhost:" + port() + "/train/overview";
    }

    /**
     * Shows {@code net}'s training in the UI as session {@code name}, or {@code name-2}, {@code name-3}, ... when a
     * run trains that model again.
     */
    public void watch(String name, MultiLayerNetwork net, long steps) {
        int seen = sessions.merge(name, 1, Integer::sum);
        String session = seen == 1 ? name : name + "-" + seen;
        int every = (int) Math.max(1, (steps + MAX_REPORTS - 1) / MAX_REPORTS);
        // Only what the UI's pages draw: its histograms are of parameters and updates (of the latest report only), its
        // means of activations. Leaving out the rest halves a report, which matters for a lab of 35 sessions.
        var updates = new DefaultStatsUpdateConfiguration.Builder().reportingFrequency(every)
                .collectHistogramsGradients(false).collectHistogramsActivations(false)
                .collectMeanParameters(false).collectMeanGradients(false).collectMeanUpdates(false)
                .collectStdevParameters(false)
                .collectMeanMagnitudesGradients(false).collectMeanMagnitudesActivations(false)
                .build();
        net.addListeners(new StatsListener(storage, null, updates, session, null));
    }

    /** Stops the server and removes the run's private directory. */
    @Override
    public void close() {
        try {
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        removePrivateDirectory(privateDir, cleanup);
    }

    /** The directory that holds Vert.x's file cache and DL4J's upload directory; gone after {@link #close}. */
    Path privateDirectory() {
        return privateDir;
    }

    /** True in a terminal: standard input and output both attached to one. */
    static boolean interactive() {
        var console = System.console();
        if (console == null) {
            return false;
        }
        // Up to Java 21, console() is non-null only when stdin and stdout are terminals; from Java 22 it may be
        // non-null without one, and Console.isTerminal() tells.
        try {
            return (Boolean) console.getClass().getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true;
        }
    }

    /** Blocks until a line (or the end of input) arrives on {@code in}. */
    static void waitForEnter(InputStream in) {
        try {
            new BufferedReader(new InputStreamReader(in, Charset.defaultCharset())).readLine();
        } catch (IOException e) {
            // The terminal went away: nothing is left to wait for.
        }
    }

    /** The first throwable of {@code type} in {@code e}'s chain of causes, or null. */
    private static <E extends Throwable> E cause(Throwable e, Class<E> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
