package dev.dl4jlessons.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.ProjectFiles;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options table of the docs ({@code | option | meaning | default |}) against picocli's model of the launcher: every
 * option is in the table, and every default the table gives is the one the code has, so neither can drift.
 */
class OptionsTableTest {
    private static final String HEADER = "| option | meaning | default |";

    @Test
    void theOptionsTableListsEveryOptionWithTheDefaultTheCodeHas() throws IOException {
        Map<String, String> table = table();
        var spec = new CommandLine(new Course(new PrintStream(OutputStream.nullOutputStream()))).getCommandSpec();
        List<String> missing = new ArrayList<>();
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            String name = option.longestName();
            if (!table.containsKey(name)) {
                missing.add(name);
                continue;
            }
            String cell = table.get(name);
            Object initial = option.initialValue();
            if (initial instanceof Number n) {
                assertEquals(String.valueOf(n), cell, name + ": the table's default and the code's");
            } else if (cell.matches("-?[0-9.]+")) {
                // a default the code applies later (an unset option): its help must state the same number
                String help = String.join(" ", option.description());
                assertTrue(help.contains("Default: " + cell + "."), name + ": the table says " + cell
                        + ", the help says: " + help);
            }
        }
        assertEquals(List.of(), missing, "options the table does not list");
        for (String name : table.keySet()) {
            assertTrue(name.startsWith("LESSON") || spec.findOption(name) != null, "the table lists " + name
                    + ", which the launcher does not have");
        }
    }

    @Test
    void subcommandHelpShowsTheDefaultsTheCodeHolds() {
        var cmd = new CommandLine(new CapacityCommand(new PrintStream(OutputStream.nullOutputStream())));
        String help = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).replaceAll("\\s+", " ");
        var defaults = dev.dl4jlessons.lessons.capacity.CapacityLesson.Sweep.DEFAULT;
        assertTrue(help.contains("Runs per width. Default: " + defaults.seeds() + "."), help);
        assertTrue(help.contains("Epochs per run. Default: " + defaults.epochs() + "."), help);
        assertTrue(help.contains("Adam learning rate. Default: " + defaults.lr() + "."), help);
        assertTrue(!help.contains("DEFAULT-VALUE"), "every variable is rendered: " + help);
    }

    /** The first options table of README.md or docs/*.md: option name (its longest form) to the default cell. */
    private static Map<String, String> table() throws IOException {
        Path root = ProjectFiles.requireRoot();
        List<Path> files = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            String text = Files.readString(file);
            int at = text.indexOf(HEADER);
            if (at < 0) {
                continue;
            }
            Map<String, String> rows = new TreeMap<>();
            for (String line : text.substring(at).lines().skip(2).takeWhile(l -> l.startsWith("|")).toList()) {
                String[] cells = line.split(" \\| ");
                String names = cells[0].substring(1).strip();
                String longest = "";
                for (String part : names.split(",")) {
                    String n = part.strip().replace("`", "").split(" ")[0];
                    longest = n.length() > longest.length() ? n : longest;
                }
                rows.put(longest, cells[cells.length - 1].replaceAll("\\s*\\|$", "").strip());
            }
            return rows;
        }
        throw new AssertionError("no options table (" + HEADER + ") in README.md or docs/");
    }
}
