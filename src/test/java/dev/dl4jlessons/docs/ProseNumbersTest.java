package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;

/**
 * Issue 28, "prose numbers are checked": a guide's sentence that quotes a run sits in a {@code <!-- numbers: ARGS -->}
 * region, and every number in it must be one the run prints, so a change that flips the payoff's verdict cannot leave
 * the old numbers standing beside the new output.
 */
class ProseNumbersTest {
    private static final String GUIDE = """
            # Lesson 3

            <!-- output: combined -->
            ```text
            $ mvn -q compile exec:java -Dexec.args="combined"
            with batch norm and dropout  0.154 ± 0.020   0.701 ± 0.077   0.622 @ 10
            without                      0.014 ± 0.008   0.844 ± 0.138   0.574 @ 4
            ```
            <!-- /output -->

            <!-- numbers: combined -->
            - **Together they help, by a hair.** Without either, 0.844 on validation; with both, 0.701 (spread ±0.138).
            - The plain network's best epoch is 0.574 at epoch 4.
            <!-- /numbers -->
            - Unchecked prose: lesson 4 compares 7 variants.
            """;

    /** What the payoff printed at 60 epochs, and what it prints after its epochs changed to 40 and its verdict flipped. */
    private static final String AT_60 = "with batch norm and dropout  0.154 ± 0.020   0.701 ± 0.077   0.622 @ 10\n"
            + "without                      0.014 ± 0.008   0.844 ± 0.138   0.574 @ 4\n";
    private static final String AT_40 = "with batch norm and dropout  0.201 ± 0.020   0.733 ± 0.070   0.622 @ 10\n"
            + "without                      0.031 ± 0.008   0.792 ± 0.121   0.574 @ 4\n"
            + "On this data the regularizer does not clearly help.\n";

    @Test
    void proseThatQuotesTheRunIsCurrentAndProseLeftFromAnOlderRunIsNot() {
        assertEquals(List.of(), Guides.staleNumbers(GUIDE, args -> AT_60));
        assertEquals(List.of(), Guides.staleNumbers(GUIDE, args -> AT_60.replace("0.701", "0.702")),
                "numbers may move by the tolerance, as in the output blocks");
        var stale = Guides.staleNumbers(GUIDE, args -> AT_40);
        assertEquals(List.of("line 12: 0.844 is not in the output of 'combined'",
                "line 12: 0.701 is not in the output of 'combined'",
                "line 12: 0.138 is not in the output of 'combined'"), stale);
        var calls = new ArrayList<List<String>>();
        Guides.staleNumbers(GUIDE, args -> {
            calls.add(List.of(args));
            return AT_60;
        });
        assertEquals(List.of(List.of("combined")), calls, "the region's run, with its block's arguments");
    }

    @Test
    void aRegionMustNameAnOutputBlockOfItsGuideAndBeClosed() {
        var noBlock = assertThrows(InputException.class, () -> Guides.staleNumbers(GUIDE.replace(
                "<!-- numbers: combined -->", "<!-- numbers: dropout -->"), args -> AT_60));
        assertTrue(noBlock.getMessage().contains("no output block of this guide has these arguments"),
                noBlock.getMessage());
        var open = assertThrows(InputException.class, () -> Guides.staleNumbers(GUIDE.replace(
                "<!-- /numbers -->", ""), args -> AT_60));
        assertTrue(open.getMessage().contains("without its <!-- /numbers -->"), open.getMessage());
    }

    /**
     * The committed guides agree with their committed outputs: each region's numbers are in the output block of the
     * same arguments (which {@code notebook --check} holds to a fresh run).
     */
    @Test
    void everyRegionOfTheCommittedGuidesMatchesItsOutputBlock() throws IOException {
        Path root = ProjectFiles.requireRoot();
        int regions = 0;
        for (Path guide : Guides.files(root)) {
            String text = ProjectFiles.readText(guide);
            Map<String, String> outputs = new java.util.HashMap<>();
            for (var block : Guides.blocks(text)) {
                if (block.kind().equals("output")) {
                    outputs.put(block.argument(), block.body().lines().skip(2).reduce("", (a, b) -> a + b + "\n"));
                }
            }
            var problems = Guides.staleNumbers(text, args -> outputs.get(String.join(" ", args)));
            assertEquals(List.of(), problems, root.relativize(guide).toString());
            regions += Pattern.compile("<!-- numbers:").matcher(text).results().count();
        }
        assertTrue(regions > 0, "the guides' run-quoting prose is marked: " + regions + " regions");
    }
}
