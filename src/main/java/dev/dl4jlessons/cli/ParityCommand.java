package dev.dl4jlessons.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;

import dev.dl4jlessons.parity.Parity;
import dev.dl4jlessons.parity.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code parity DIR}: does the lesson's DL4J model reproduce a PyTorch reference run? */
@Command(name = "parity", description = {"Replay a PyTorch reference run through the lesson's own DL4J model and "
        + "compare step losses, final parameters and eval output.",
    "References are written by reference/pytorch/export.py (see reference/README.md).",
    "Exit codes: 0 every step loss agrees within 1e-4 relative; 1 they diverge (a failed check); "
            + "2 a bad or malformed reference directory (the message names the file or meta.json field)."})
final class ParityCommand implements Callable<Integer> {
    @Parameters(paramLabel = "DIR", description = "Reference directory, e.g. test-data/parity/combined.")
    Path dir;

    @Mixin
    CommonOptions common;

    private final PrintStream out;

    ParityCommand(PrintStream out) {
        this.out = out;
    }

    @Override
    public Integer call() {
        return Parity.run(Reference.load(dir), out).pass() ? 0 : 1;
    }
}
