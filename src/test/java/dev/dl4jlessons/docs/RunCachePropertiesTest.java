package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random corruption of a run-cache entry (bytes flipped, cut off, inserted, or the entry replaced by today's packed
 * format naming a random path) never yields a file outside the pictures folder, never a result the run did not
 * produce (which {@code notebook --check} would call current), and never a message without text.
 */
class RunCachePropertiesTest {
    private static Path root;
    private static Path img;
    private static final Map<Path, byte[]> DRAWN = new java.util.LinkedHashMap<>();
    /** One cache for all tries (opening one reads every class); each call reads its entry from disk again. */
    private static RunCache cache;
    private static final List<String> NOTES = new ArrayList<>();
    private static final String OUTPUT = "Epoch 1, Loss: 0.5285   (epoch mean 0.8504)\nverdict: helps\n";

    @BeforeContainer
    static void project() throws IOException {
        root = RunCacheTrustTest.project(Files.createTempDirectory("run-cache-props"));
        img = root.resolve(RunCache.PICTURE_DIR);
        DRAWN.put(img.resolve("dropout-masks.png"), new byte[] {1, 2, 3, 4});
        DRAWN.put(img.resolve("dropout.gif"), "GIF89a".getBytes(StandardCharsets.US_ASCII));
        cache = RunCache.open(root, true, NOTES::add);
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** One change to an entry's bytes. */
    record Change(int kind, int position, byte value, int length) {
        byte[] apply(byte[] entry) {
            int at = entry.length == 0 ? 0 : Math.floorMod(position, entry.length);
            return switch (kind) {
                case 0 -> { // flip a byte
                    byte[] b = entry.clone();
                    if (b.length > 0) {
                        b[at] = (byte) (b[at] ^ (value == 0 ? 1 : value));
                    }
                    yield b;
                }
                case 1 -> Arrays.copyOf(entry, at); // cut off
                case 2 -> { // insert bytes
                    byte[] b = new byte[entry.length + length];
                    System.arraycopy(entry, 0, b, 0, at);
                    Arrays.fill(b, at, at + length, value);
                    System.arraycopy(entry, at, b, at + length, entry.length - at);
                    yield b;
                }
                default -> { // overwrite a run of bytes
                    byte[] b = entry.clone();
                    Arrays.fill(b, at, Math.min(b.length, at + length), value);
                    yield b;
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Change>> changes() {
        var one = Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers(),
                Arbitraries.bytes(), Arbitraries.integers().between(1, 64)).as(Change::new);
        return one.list().ofMinSize(1).ofMaxSize(4);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.oneOf(Arbitraries.of("../../x", "/etc/passwd", "a/../../b", "..", ".", "", "a//b",
                "lessons/img/../../../x", "dropout.gif", "ok.png"),
                Arbitraries.strings().withChars("./\\abc~$\u0000").ofMaxLength(12));
    }

    private static void plant(String key, byte[] bytes) throws IOException {
        Files.createDirectories(root.resolve(RunCache.DIR));
        Files.write(root.resolve(RunCache.DIR).resolve(key + ".cached"), bytes);
    }

    private static void assertNotes(List<String> notes) {
        assertTrue(notes.size() <= 1, notes.toString());
        notes.forEach(n -> assertTrue(n.matches("run cache: discarded \\S+ \\(.{5,}\\); running it again"), n));
    }

    @Property(tries = 150)
    void aCorruptedPicturesEntryNeverLeavesItsFolder(@ForAll("changes") List<Change> changes) throws IOException {
        String key = cache.key(RunCache.PICTURES, List.of(), null);
        byte[] good = cache.entry(key, RunCache.pack(img, DRAWN));
        byte[] bad = good;
        for (Change c : changes) {
            bad = c.apply(bad);
        }
        plant(key, bad);
        NOTES.clear();
        var notes = NOTES;
        var runs = new AtomicInteger();
        var files = cache.pictures(root, () -> {
            runs.incrementAndGet();
            return DRAWN;
        });
        files.keySet().forEach(p -> assertTrue(p.normalize().startsWith(img), p.toString()));
        assertEquals(DRAWN.keySet(), files.keySet());
        DRAWN.forEach((p, b) -> assertArrayEquals(b, files.get(p)));
        assertEquals(Arrays.equals(good, bad) ? 0 : 1, runs.get(), "a changed entry is drawn again");
        assertEquals(Arrays.equals(good, bad) ? 0 : 1, notes.size());
        assertNotes(notes);
    }

    @Property(tries = 150)
    void aCorruptedTextEntryIsNeverCalledCurrent(@ForAll("changes") List<Change> changes) throws IOException {
        String key = cache.key("output", List.of("combined"), List.of("combined"));
        byte[] good = cache.entry(key, OUTPUT.getBytes(StandardCharsets.UTF_8));
        byte[] bad = good;
        for (Change c : changes) {
            bad = c.apply(bad);
        }
        plant(key, bad);
        NOTES.clear();
        var notes = NOTES;
        String out = cache.guideOutput(new String[] {"combined"}, a -> OUTPUT);
        assertEquals(OUTPUT, out, "only what the run prints");
        assertEquals(Arrays.equals(good, bad) ? 0 : 1, notes.size());
        assertNotes(notes);
    }

    @Property(tries = 100)
    void aPlantedNameInTodaysFormatNeverLeavesItsFolder(@ForAll("names") String name,
            @ForAll("changes") List<Change> changes) throws IOException {
        String key = cache.key(RunCache.PICTURES, List.of(), null);
        byte[] planted = RunCacheTrustTest.packed(name, 3, new byte[] {6, 6, 6});
        for (byte[] entry : List.of(planted, changes.get(0).apply(planted), cache.entry(key, planted))) {
            plant(key, entry);
            NOTES.clear();
            var notes = NOTES;
            var files = cache.pictures(root, () -> DRAWN);
            files.keySet().forEach(p -> assertTrue(p.normalize().startsWith(img), name + " -> " + p));
            assertNotes(notes);
        }
    }
}
