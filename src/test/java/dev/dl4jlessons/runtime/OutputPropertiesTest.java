package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;
import net.jqwik.api.constraints.IntRange;

import dev.dl4jlessons.testing.ChildJvm;

/**
 * Classes 1 and 2 as properties. Random links, directories and files planted under the outputs' names, the lock's,
 * the journal's and the temporary pattern never lead the course to touch anything outside what it wrote; and a child
 * halted at a random step of a random commit leaves the old set or the new set.
 */
class OutputPropertiesTest {
    private static final List<String> NAMES = CommitCrashTest.NAMES;
    /** Names a planted entry may take: the outputs, the lock, the journal, and stale temporary names of a dead pid. */
    private static final List<String> PLANT_NAMES = List.of("results.csv", "curves.png", "sweep.png", OutputSet.LOCK,
            OutputSet.JOURNAL, ".outputs.4000000.deadbeefdeadbeef" + AtomicFiles.TMP_SUFFIX,
            ".previous.4000000.0123456789abcdef" + AtomicFiles.TMP_SUFFIX,
            ".results.csv.4000000.00000000deadbeef" + AtomicFiles.TMP_SUFFIX);

    /** What can stand under a name before a run. */
    enum Kind { LINK_TO_VICTIM_DIR, LINK_TO_VICTIM_FILE, DANGLING_LINK, DIRECTORY_WITH_NOTES, OLD_OUTPUT }

    record Plant(String name, Kind kind) {
    }

    @Provide
    Arbitrary<List<Plant>> plants() {
        var one = Combinators.combine(Arbitraries.of(PLANT_NAMES), Arbitraries.of(Kind.class)).as(Plant::new);
        return one.list().ofMinSize(1).ofMaxSize(5).uniqueElements(Plant::name);
    }

    private static Path tempRoot() throws IOException {
        return Files.createTempDirectory("planted");
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Everything under {@code dir} (links not followed), with each file's content or each link's target. */
    private static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.toList()) {
                String key = dir.relativize(p).toString();
                if (Files.isSymbolicLink(p)) {
                    seen.put(key, "-> " + Files.readSymbolicLink(p));
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    seen.put(key, Files.readString(p));
                } else {
                    seen.put(key, "dir");
                }
            }
        }
        return seen;
    }

    private static boolean stagingName(String name) {
        var m = AtomicFiles.TMP_NAME.matcher(name);
        return m.matches() && OutputSet.isStagingName(m.group(1));
    }

    @Property(tries = 60)
    void plantedEntriesAreNeverFollowedNorRemoved(@ForAll("plants") List<Plant> plants) throws IOException {
        Path root = tempRoot();
        try {
            Path victim = Files.createDirectories(root.resolve("victim/sub"));
            Files.writeString(root.resolve("victim/a"), "precious a");
            Files.writeString(victim.resolve("b"), "precious b");
            Path out = Files.createDirectory(root.resolve("out"));
            for (Plant p : plants) {
                Path at = out.resolve(p.name());
                switch (p.kind()) {
                    case LINK_TO_VICTIM_DIR -> Files.createSymbolicLink(at, root.resolve("victim"));
                    case LINK_TO_VICTIM_FILE -> Files.createSymbolicLink(at, root.resolve("victim/a"));
                    case DANGLING_LINK -> Files.createSymbolicLink(at, root.resolve("nowhere"));
                    case DIRECTORY_WITH_NOTES -> Files.writeString(Files.createDirectory(at).resolve("notes"), "n");
                    case OLD_OUTPUT -> Files.writeString(at, "old " + p.name());
                }
            }
            Map<String, String> victimBefore = snapshot(root.resolve("victim"));
            Map<String, String> outBefore = snapshot(out);
            boolean blocked = plants.stream().anyMatch(p -> p.kind() != Kind.OLD_OUTPUT
                    && (NAMES.contains(p.name()) || p.name().equals(OutputSet.LOCK)
                    || p.name().equals(OutputSet.JOURNAL)));

            boolean refused;
            try {
                OutputSet.requireReplaceable(out, NAMES, "--out");
                refused = false;
            } catch (OutputException e) {
                refused = true;
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
                assertTrue(e.getMessage().startsWith("--out "), e.getMessage());
            }
            assertEquals(blocked, refused, "refused exactly when something else stands under a name: " + plants);
            // Defence in depth: a run that went ahead anyway still cannot touch what it did not write.
            boolean committed;
            try (var set = OutputSet.begin(out, NAMES)) {
                for (String name : NAMES) {
                    AtomicFiles.writeString(set.file(name), "new " + name);
                }
                set.commit();
                committed = true;
            } catch (OutputException e) {
                committed = false;
            }
            assertEquals(victimBefore, snapshot(root.resolve("victim")), "the victim is untouched: " + plants);
            Map<String, String> outAfter = snapshot(out);
            for (var entry : outBefore.entrySet()) {
                String name = entry.getKey().split("/")[0];
                // The course may replace its own old outputs and remove what has its own temporary pattern, of the
                // kind it creates: a regular file, or a staging directory of a process that is gone.
                boolean ours = plants.stream().anyMatch(p -> p.name().equals(name) && (p.kind() == Kind.OLD_OUTPUT
                        || p.kind() == Kind.DIRECTORY_WITH_NOTES && stagingName(name)));
                if (!ours && !entry.getKey().isEmpty()) {
                    assertEquals(entry.getValue(), outAfter.get(entry.getKey()), "kept: " + entry.getKey());
                }
            }
            if (committed) {
                assertTrue(!blocked, "a set commits only over regular files of its own: " + plants);
                for (String name : NAMES) {
                    assertEquals("new " + name, outAfter.get(name));
                }
            }
        } finally {
            deleteTree(root);
        }
    }

    /** The child of {@link CommitCrashTest}, halted after step {@code k} of a commit over {@code old} outputs. */
    private static void crashAndRecover(int k, List<String> old) throws Exception {
        Path dir = tempRoot();
        try {
            if (!old.isEmpty()) {
                try (var set = OutputSet.begin(dir, NAMES)) {
                    for (String name : old) {
                        AtomicFiles.writeString(set.file(name), "old " + name);
                    }
                    set.commit();
                }
            }
            Map<String, String> oldSet = snapshot(dir);
            oldSet.keySet().removeIf(n -> !NAMES.contains(n));
            List<String> cmd = ChildJvm.command(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1",
                    "-Dcourse.relaunch=false"), CommitCrashTest.class.getName(), dir.toString(), Integer.toString(k));
            Process child = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            child.getInputStream().readAllBytes();
            assertTrue(child.waitFor(60, TimeUnit.SECONDS));
            try (var next = OutputSet.begin(dir, NAMES)) {
                // begins and abandons, as a run that fails before its commit would
            }
            Map<String, String> after = snapshot(dir);
            after.keySet().removeIf(n -> !NAMES.contains(n));
            Map<String, String> newSet = Map.of("results.csv", "new results", "curves.png", "new curves");
            assertTrue(after.equals(oldSet) || after.equals(newSet),
                    "halted after step " + k + " over " + old + ": " + after);
            // (the step numbers depend on how many old files there are to move aside, so which of the two sets
            // stands for a given k is CommitCrashTest's business, with all three old files)
        } finally {
            deleteTree(dir);
        }
    }

    @Provide
    Arbitrary<List<String>> oldSets() {
        return Arbitraries.of(NAMES).list().uniqueElements().ofMaxSize(3);
    }

    @Property(tries = 3)
    void aKillAtARandomStepOfARandomCommitLeavesTheOldOrTheNewSet(@ForAll @IntRange(min = 1, max = 7) int k,
            @ForAll("oldSets") List<String> old) throws Exception {
        crashAndRecover(k, old);
    }

    @Property(tries = 40)
    @Tag("soak")
    void aKillAtARandomStepOfARandomCommitLeavesTheOldOrTheNewSetSoak(@ForAll @IntRange(min = 1, max = 7) int k,
            @ForAll("oldSets") List<String> old) throws Exception {
        crashAndRecover(k, old);
    }
}
