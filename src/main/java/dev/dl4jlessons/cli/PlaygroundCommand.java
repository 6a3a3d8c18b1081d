package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

import dev.dl4jlessons.playground.PlaygroundFashion;
import dev.dl4jlessons.playground.PlaygroundServer;
import dev.dl4jlessons.runtime.Messages;
import dev.dl4jlessons.playground.Sessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code playground}: the regularization playground in the browser, until the process is stopped. */
@Command(name = "playground", description = {"Start the regularization playground: a page on 127.0.0.1 where you "
        + "choose data, hidden layers, dropout and batch norm per layer, and watch DL4J train it live (loss curves, "
        + "decision boundary, each hidden unit with the units dropout switched off, batch-norm statistics). Prints "
        + "the address and serves until Ctrl+C. Guide: lessons/12-playground.md.",
    "Fashion-MNIST is offered when its files are found: --fashion-dir, else the FASHION_MNIST_DIR environment "
            + "variable, else /usr/share/datasets/fashion-mnist (Debian: apt-get install dataset-fashion-mnist).",
    "Exit codes: 0 success (stopped with Ctrl+C); 2 a bad --port, the port is in use, or a --fashion-dir without "
            + "the four files."},
        footer = {"", "Examples:", "  course playground", "  course playground --port 0",
            "  course playground --fashion-dir test-data/fashion-mnist-sample"})
final class PlaygroundCommand implements Callable<Integer> {
    /** The port unless --port says otherwise. */
    static final int DEFAULT_PORT = 8000;

    @Option(names = "--port", paramLabel = "N", description = "The port on 127.0.0.1, 0..65535; 0 picks a free one. "
            + "Default: " + DEFAULT_PORT + ".")
    int port = DEFAULT_PORT;

    @Option(names = "--fashion-dir", paramLabel = "DIR", description = "Folder of Fashion-MNIST's four gzip IDX "
            + "files. Default: $FASHION_MNIST_DIR, else /usr/share/datasets/fashion-mnist; without them the page "
            + "offers the other data.")
    Path fashionDir;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    PlaygroundCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() throws InterruptedException {
        var fashion = PlaygroundFashion.locate(fashionDir);
        var server = PlaygroundServer.start(port, Sessions.defaults(fashion));
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "playground-stop"));
        out.println("Playground: " + server.url());
        out.println(fashion.available() ? "Fashion-MNIST: " + Messages.path(fashion.dir())
                : "Fashion-MNIST: not found (apt-get install dataset-fashion-mnist, or --fashion-dir DIR)");
        out.println("Open it in a browser on this machine; Ctrl+C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
