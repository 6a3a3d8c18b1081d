package dev.dl4jlessons.docs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.runtime.AtomicFiles;
import dev.dl4jlessons.runtime.OutputException;
import dev.dl4jlessons.testing.Run;

/**
 * Issue 27, class 1: the run cache is not trusted blindly. An entry is used only when it verifies (format version,
 * the key it was stored under, its length, an HMAC keyed by this user's secret outside the project); a planted,
 * tampered, truncated or corrupt entry is discarded with one line and the run is done again; a stored file name never
 * leaves its folder; and no folder on the write path is followed through a symbolic link.
 */
class RunCacheTrustTest {
    private static final List<String> DROPOUT = List.of("dropout");
    private static final String TRUE_OUTPUT = "Epoch 1, Loss: 0.5285   (epoch mean 0.8504)\n";
    private static final String PLANTED = "Epoch 1, Loss: 0.1111   (epoch mean 0.1111)\n";

    static Path project(Path dir) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("pom.xml"), "<project/>\n");
        Files.createDirectories(dir.resolve("test-data"));
        Files.writeString(dir.resolve("test-data/a.csv"), "1,2\n");
        return dir;
    }

    /** Today's entry format, before this change: the result's bytes, nothing else. */
    private static void plantRaw(Path root, String key, byte[] bytes) throws IOException {
        Files.createDirectories(root.resolve(RunCache.DIR));
        Files.write(root.resolve(RunCache.DIR).resolve(key + ".cached"), bytes);
    }

    /** Today's packed files: [count][UTF name, int length, bytes]..., names relative to the project. */
    static byte[] packed(String name, int length, byte[] bytes) throws IOException {
        var buffer = new ByteArrayOutputStream();
        try (var out = new DataOutputStream(buffer)) {
            out.writeInt(1);
            out.writeUTF(name);
            out.writeInt(length);
            out.write(bytes);
        }
        return buffer.toByteArray();
    }

    /** An entry in this change's layout, signed with a secret the attacker chose (not this user's). */
    static byte[] forged(String key, byte[] result, byte[] attackerSecret) throws Exception {
        var b = ByteBuffer.allocate(RunCache.HEADER_BYTES + result.length + 32);
        b.put(RunCache.MAGIC).putInt(RunCache.FORMAT).put(HexFormat.of().parseHex(key)).putLong(result.length)
                .put(result);
        byte[] tag;
        if (attackerSecret == null) { // a plain SHA-256 of the content, as a checksum
            var d = MessageDigest.getInstance("SHA-256");
            d.update(b.array(), 0, b.position());
            tag = d.digest();
        } else {
            var mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(attackerSecret, "HmacSHA256"));
            mac.update(b.array(), 0, b.position());
            tag = mac.doFinal();
        }
        b.put(tag);
        return b.array();
    }

    private static void assertOneDiscardLine(List<String> notes) {
        assertEquals(1, notes.size(), "one line per discarded entry: " + notes);
        assertTrue(notes.get(0).matches("run cache: discarded target/notebook-cache/[0-9a-f]{64}\\.cached \\(.{5,}\\); "
                + "running it again"), notes.get(0));
    }

    @Test
    void anEntryNamingAFileOutsideThePicturesFolderIsDiscardedAndNothingOutsideIsReturned(@TempDir Path dir)
            throws Exception {
        Path root = project(dir.resolve("project"));
        Path img = root.resolve("lessons/img");
        Map<Path, byte[]> fresh = Map.of(img.resolve("a.png"), new byte[] {1, 2, 3});
        String outside = dir.resolve("victim").toAbsolutePath().toString();
        for (String name : List.of("../../x", "lessons/img/../../../x", outside, "../victim", "a/../../b",
                "lessons\\img\\..\\..\\x", "")) {
            var notes = new ArrayList<String>();
            var cache = RunCache.open(root, true, notes::add);
            String key = cache.key(RunCache.PICTURES, List.of(), null);
            for (byte[] entry : List.of(packed(name, 3, new byte[] {6, 6, 6}),
                    cache.entry(key, packed(name, 3, new byte[] {6, 6, 6})))) { // raw, and even signed by us
                plantRaw(root, key, entry);
                notes.clear();
                var runs = new AtomicInteger();
                var cache2 = RunCache.open(root, true, notes::add);
                var files = cache2.pictures(root, () -> {
                    runs.incrementAndGet();
                    return fresh;
                });
                assertEquals(1, runs.get(), name + ": the pictures were drawn again");
                assertEquals(fresh.keySet(), files.keySet(), name);
                files.keySet().forEach(p -> assertTrue(p.normalize().startsWith(img), p + " leaves lessons/img"));
                assertOneDiscardLine(notes);
            }
        }
        assertFalse(Files.exists(dir.resolve("victim")));
    }

    @Test
    void theSameWrongNumbersPlantedInTheCacheAndInAGuideAreReportedStale(@TempDir Path dir) throws Exception {
        Path root = project(dir);
        Path guide = root.resolve("lessons/01-dropout.md");
        Files.createDirectories(guide.getParent());
        String planted = "# Lesson 1\n\n<!-- output: dropout -->\n```text\n$ mvn -q compile exec:java -Dexec.args=\""
                + "dropout\"\n" + PLANTED + "```\n<!-- /output -->\n";
        Files.writeString(guide, planted);
        String key = RunCache.open(root, true, s -> { }).key("output", DROPOUT, DROPOUT);
        byte[] wrong = PLANTED.getBytes(StandardCharsets.UTF_8);
        byte[] attacker = new byte[32];
        attacker[0] = 7;
        for (byte[] entry : List.of(wrong, forged(key, wrong, null), forged(key, wrong, attacker))) {
            plantRaw(root, key, entry);
            var notes = new ArrayList<String>();
            var runs = new AtomicInteger();
            var cache = RunCache.open(root, true, notes::add);
            String refreshed = Guides.refresh(planted, root, args -> cache.guideOutput(args, a -> {
                runs.incrementAndGet();
                return TRUE_OUTPUT;
            }));
            assertEquals(1, runs.get(), "what --check calls current it has run again");
            assertTrue(refreshed.contains(TRUE_OUTPUT) && !refreshed.contains(PLANTED));
            var stale = GeneratedFiles.stale(List.of(new GeneratedFiles.Target(guide,
                    refreshed.getBytes(StandardCharsets.UTF_8))));
            assertEquals(List.of(guide), stale.stream().map(GeneratedFiles.Target::file).toList(),
                    "the planted guide is stale");
            assertOneDiscardLine(notes);
        }
    }

    @Test
    void aTamperedEntryAloneIsNeverUsed(@TempDir Path dir) throws Exception {
        Path root = project(dir);
        var runs = new AtomicInteger();
        RunCache.open(root, true, s -> { }).guideOutput(new String[] {"dropout"}, a -> {
            runs.incrementAndGet();
            return TRUE_OUTPUT;
        });
        String key = RunCache.open(root, true, s -> { }).key("output", DROPOUT, DROPOUT);
        Path entry = root.resolve(RunCache.DIR).resolve(key + ".cached");
        byte[] bytes = Files.readAllBytes(entry);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        assertTrue(text.contains("0.5285"), "the entry holds the result");
        Files.write(entry, text.replace("0.5285", "0.1111").getBytes(StandardCharsets.ISO_8859_1)); // same length
        var notes = new ArrayList<String>();
        String out = RunCache.open(root, true, notes::add).guideOutput(new String[] {"dropout"}, a -> {
            runs.incrementAndGet();
            return TRUE_OUTPUT;
        });
        assertEquals(TRUE_OUTPUT, out, "the tampered numbers never reach a guide");
        assertEquals(2, runs.get());
        assertOneDiscardLine(notes);
        assertTrue(notes.get(0).contains("checksum does not match"), notes.get(0));
        assertEquals(TRUE_OUTPUT, RunCache.open(root, true, notes::add).guideOutput(new String[] {"dropout"},
                a -> "not run"), "the fresh result replaced it, and verifies");
    }

    @Test
    void aTruncatedOrCorruptEntrySaysSoInOneLineAndRunsAgain(@TempDir Path dir) throws Exception {
        Path root = project(dir);
        var cache = RunCache.open(root, true, s -> { });
        String textKey = cache.key("output", DROPOUT, DROPOUT);
        String picturesKey = cache.key(RunCache.PICTURES, List.of(), null);
        byte[] good = cache.entry(textKey, TRUE_OUTPUT.getBytes(StandardCharsets.UTF_8));
        var cases = new java.util.LinkedHashMap<String, byte[]>();
        cases.put("empty", new byte[0]);
        cases.put("truncated", java.util.Arrays.copyOf(good, good.length / 2));
        cases.put("one byte short", java.util.Arrays.copyOf(good, good.length - 1));
        cases.put("garbage", new byte[] {-16, -1, 0, 3, 9});
        byte[] hugeLength = good.clone();
        ByteBuffer.wrap(hugeLength).putLong(RunCache.MAGIC.length + 4 + 32, Long.MAX_VALUE);
        cases.put("a huge length", hugeLength);
        byte[] otherVersion = good.clone();
        ByteBuffer.wrap(otherVersion).putInt(RunCache.MAGIC.length, -16);
        cases.put("version -16", otherVersion);
        for (var c : cases.entrySet()) {
            plantRaw(root, textKey, c.getValue());
            var notes = new ArrayList<String>();
            assertEquals(TRUE_OUTPUT, RunCache.open(root, true, notes::add).guideOutput(new String[] {"dropout"},
                    a -> TRUE_OUTPUT), c.getKey());
            assertOneDiscardLine(notes);
            assertFalse(notes.get(0).contains("error") || notes.get(0).contains("memory"), notes.get(0));
        }
        // today's packed pictures with a length of 2^31-1: read as is, it asked the heap for 2 GB
        for (byte[] entry : List.of(packed("lessons/img/a.png", Integer.MAX_VALUE, new byte[0]),
                packed("lessons/img/a.png", -16, new byte[0]),
                cache.entry(picturesKey, packed("a.png", Integer.MAX_VALUE, new byte[0])))) {
            plantRaw(root, picturesKey, entry);
            var notes = new ArrayList<String>();
            var files = RunCache.open(root, true, notes::add).pictures(root,
                    () -> Map.of(root.resolve("lessons/img/a.png"), new byte[] {1}));
            assertArrayEquals(new byte[] {1}, files.get(root.resolve("lessons/img/a.png")));
            assertOneDiscardLine(notes);
        }
    }

    @Test
    void aSymbolicLinkOnTheWritePathIsRefusedAndNothingIsWrittenThere(@TempDir Path dir) throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        for (String link : List.of("target", RunCache.DIR, "lessons", RunCache.PICTURE_DIR, NotebookGenerator.OUT)) {
            Path root = project(Files.createDirectories(dir.resolve("p" + link.hashCode())));
            Files.createDirectories(root.resolve(link).getParent());
            Files.createSymbolicLink(root.resolve(link), elsewhere);
            var error = assertThrows(OutputException.class, () -> {
                for (String folder : GeneratedFiles.FOLDERS) {
                    AtomicFiles.requireRealFolders(root, root.resolve(folder).resolve("file"));
                }
            }, link);
            assertTrue(error.getMessage().contains("is a symbolic link (to ") && error.getMessage().contains(
                    "nothing was written there"), error.getMessage());
            if (link.startsWith("target")) {
                assertThrows(OutputException.class, () -> RunCache.open(root, true, s -> { }), link);
            }
            var back = assertThrows(OutputException.class, () -> AtomicFiles.writeUnder(root,
                    root.resolve(link).resolve("x.png"), o -> o.write(1)));
            assertTrue(back.getMessage().contains("symbolic link"), back.getMessage());
            try (var left = Files.list(elsewhere)) {
                assertEquals(0, left.count(), link + ": nothing was written through the link");
            }
        }
    }

    @Test
    void theNotebookCommandRefusesASymlinkedCacheOrPicturesFolderWithExitCode3(@TempDir Path dir)
            throws Exception {
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        for (String link : List.of(RunCache.DIR, RunCache.PICTURE_DIR)) {
            Path root = project(Files.createDirectories(dir.resolve("p" + link.hashCode())));
            Files.createDirectories(root.resolve(link).getParent());
            Files.createSymbolicLink(root.resolve(link), elsewhere);
            String before = System.getProperty("course.home");
            System.setProperty("course.home", root.toString());
            Run run;
            try {
                run = Run.course("notebook", "--check");
            } finally {
                if (before == null) {
                    System.clearProperty("course.home");
                } else {
                    System.setProperty("course.home", before);
                }
            }
            assertEquals(3, run.exitCode(), run.out() + run.err());
            assertEquals(1, run.err().lines().count(), run.err());
            assertTrue(run.err().startsWith("error: ") && run.err().contains(link + ": is a symbolic link (to "),
                    run.err());
            try (var left = Files.list(elsewhere)) {
                assertEquals(0, left.count(), link + ": nothing was written through the link");
            }
        }
    }

    @Test
    void theSecretIsThisUsersAndAnEntryFromAnotherSecretDoesNotVerify(@TempDir Path dir) throws Exception {
        Path root = project(dir);
        var cache = RunCache.open(root, true, s -> { });
        String key = cache.key("output", DROPOUT, DROPOUT);
        byte[] entry = cache.entry(key, TRUE_OUTPUT.getBytes(StandardCharsets.UTF_8));
        assertEquals(TRUE_OUTPUT, new String(cache.verify(entry, key).result(), StandardCharsets.UTF_8));
        assertTrue(cache.verify(entry, cache.key("output", List.of("batchnorm"), List.of("batchnorm"))).problem()
                .contains("another key"), "an entry copied under another key's name does not verify");
        Path secret = RunCache.Secret.location();
        assertFalse(secret.startsWith(root), "the secret lives outside the project");
        var perms = Files.getPosixFilePermissions(secret, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        assertEquals(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"), perms);
        Path shared = Files.write(dir.resolve("shared.key"), new byte[32]);
        Files.setPosixFilePermissions(shared, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        var refused = assertThrows(IOException.class, () -> RunCache.Secret.load(shared));
        assertTrue(refused.getMessage().contains("readable or writable by others"), refused.getMessage());
    }
}
