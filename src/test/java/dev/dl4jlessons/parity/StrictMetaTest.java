package dev.dl4jlessons.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tag;

/**
 * Strict parsing of a reference: a {@code meta.json} value of the wrong type is an error naming the field, never a
 * default (Jackson's {@code asDouble} made {@code "abc"}, {@code null} and {@code true} into 0.0 or 1.0); a byte-order
 * mark or UTF-16 gets its reason; {@code order.npy} must hold integers.
 */
class StrictMetaTest {
    private static final Map<String, String> FIELDS = new LinkedHashMap<>();

    static {
        FIELDS.put("model", "\"combined\"");
        FIELDS.put("lr", "0.01");
        FIELDS.put("epochs", "5");
        FIELDS.put("batch_size", "10");
        FIELDS.put("seed", "0");
        FIELDS.put("optimizer", "\"adam\"");
        FIELDS.put("weight_decay", "0.0");
    }

    @TempDir
    Path tmp;

    private static Path copy(Path dir) throws IOException {
        return ParityTest.copy(dir);
    }

    private static String meta(String field, String value) {
        return FIELDS.entrySet().stream().map(e -> "\"" + e.getKey() + "\": "
                + (e.getKey().equals(field) ? value : e.getValue())).collect(Collectors.joining(", ", "{", "}"));
    }

    private static void expectError(Path dir, String file, String problem) {
        var run = Run.course("parity", dir.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: " + file + ": "), run.err());
        assertTrue(run.err().contains(problem), run.err());
        assertEquals("", run.out(), "nothing trained");
    }

    @Test
    void aWeightDecayOrOptimizerOfTheWrongTypeIsRefusedNamingTheField() throws IOException {
        String[][] cases = {
            {"weight_decay", "\"abc\"", "\"weight_decay\" is \"abc\"; expected a number"},
            {"weight_decay", "null", "\"weight_decay\" is null; expected a number"},
            {"weight_decay", "true", "\"weight_decay\" is true; expected a number"},
            {"optimizer", "5", "\"optimizer\" is 5; expected a string"},
            {"optimizer", "null", "\"optimizer\" is null; expected a string"},
            {"lr", "\"0.01\"", "\"lr\" is \"0.01\"; expected a number"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path dir = copy(tmp.resolve("case" + i));
            Files.writeString(dir.resolve("meta.json"), meta(cases[i][0], cases[i][1]));
            expectError(dir, dir.resolve("meta.json").toString(), cases[i][2]);
        }
    }

    @Test
    void aByteOrderMarkOrUtf16IsNamedAsTheEncoding() throws IOException {
        String json = meta(null, null);
        Path bom = copy(tmp.resolve("bom"));
        byte[] utf8 = json.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xef;
        withBom[1] = (byte) 0xbb;
        withBom[2] = (byte) 0xbf;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        Files.write(bom.resolve("meta.json"), withBom);
        expectError(bom, bom.resolve("meta.json").toString(), "starts with a UTF-8 byte-order mark; save it as UTF-8");

        Path utf16 = copy(tmp.resolve("utf16"));
        Files.write(utf16.resolve("meta.json"), json.getBytes(StandardCharsets.UTF_16)); // with its BOM
        expectError(utf16, utf16.resolve("meta.json").toString(), "is UTF-16 text");

        Path utf16le = copy(tmp.resolve("utf16le"));
        Files.write(utf16le.resolve("meta.json"), json.getBytes(StandardCharsets.UTF_16LE)); // no BOM
        expectError(utf16le, utf16le.resolve("meta.json").toString(), "holds zero bytes, as UTF-16");
    }

    @Test
    void anOrderWithFractionalRowIndicesIsRefused() throws IOException {
        Path dir = copy(tmp.resolve("float-order"));
        var order = Npy.read(dir.resolve("order.npy"));
        long[] shape = order.shape();
        double[] values = order.dup('c').reshape(order.length()).toDoubleVector();
        for (int i = 0; i < values.length; i++) {
            values[i] += 0.7;
        }
        Files.write(dir.resolve("order.npy"), NpyFiles.file(1, NpyFiles.dict("<f8", false, shape),
                NpyFiles.data(values, shape, "<f8", false)));
        expectError(dir, dir.resolve("order.npy").toString(), "expected integer row indices");
    }

    @Provide
    Arbitrary<String> wrongTyped() {
        return Arbitraries.of("\"abc\"", "null", "true", "false", "[]", "{}", "[0.01]", "{\"v\": 1}", "\"\"");
    }

    @Provide
    Arbitrary<String> field() {
        return Arbitraries.of(FIELDS.keySet());
    }

    /** Any field given any value of another JSON type is refused with one line naming meta.json and the field. */
    @Property(tries = 12)
    void everyWrongTypedFieldIsRefused(@ForAll("field") String field, @ForAll("wrongTyped") String value)
            throws IOException {
        check(field, value);
    }

    /** The same, longer: mvn test -Dtest=StrictMetaTest -Dtest.excludedGroups=none. */
    @Tag("soak")
    @Property(tries = 300)
    void everyWrongTypedFieldIsRefusedSoak(@ForAll("field") String field, @ForAll("wrongTyped") String value)
            throws IOException {
        check(field, value);
    }

    private static void check(String field, String value) throws IOException {
        boolean textual = field.equals("model") || field.equals("optimizer");
        if (textual && value.startsWith("\"")) {
            value = "1.5"; // a string is the right type for these: give a number instead
        }
        Path dir = copy(Files.createTempDirectory("strict-meta"));
        try {
            Files.writeString(dir.resolve("meta.json"), meta(field, value));
            expectError(dir, dir.resolve("meta.json").toString(), "\"" + field + "\"");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
