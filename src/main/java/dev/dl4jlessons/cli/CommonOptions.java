package dev.dl4jlessons.cli;

import picocli.CommandLine.Option;

/** Options every command has: {@code --verbose} (read early by {@link Course#execute}) and {@code --help}. */
final class CommonOptions {
    @Option(names = "--verbose", description = "Show DL4J/ND4J logs and stack traces.")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;
}
