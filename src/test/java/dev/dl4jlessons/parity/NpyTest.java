package dev.dl4jlessons.parity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import dev.dl4jlessons.runtime.ProjectFiles;
import dev.dl4jlessons.testing.TestData;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * The .npy reader reads what numpy writes exactly, in every dtype, byte order, memory order and format version it
 * supports, and refuses every malformed file with one line naming it. Validation is in Java and ND4J only receives
 * arrays built in Java ({@link #noMainCodeHandsFileBytesToNd4j}), so none of these cases can reach native code;
 * {@link #noCrashFile} checks that no JVM crash report appeared all the same.
 */
class NpyTest {
    private static final long START = System.currentTimeMillis();

    @BeforeContainer
    static void init() {
        CourseRuntime.init(false);
    }

    private static INDArray read(byte[] bytes) throws IOException {
        Path file = Files.createTempFile("npy", ".npy");
        try {
            Files.write(file, bytes);
            return Npy.read(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Reads {@code bytes}, expecting a refusal whose one line names the file and contains {@code problem}. */
    private static String refusal(byte[] bytes, String problem) throws IOException {
        Path file = Files.createTempFile("npy bad", ".npy");
        try {
            Files.write(file, bytes);
            var e = assertThrows(InputException.class, () -> Npy.read(file));
            String message = e.getMessage();
            assertTrue(message.startsWith(file + ": "), message);
            assertEquals(1, message.lines().count(), message);
            assertTrue(message.length() < 300, "short: " + message);
            assertTrue(message.contains(problem), message + " should say " + problem);
            return message;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void committedReferenceFilesReadAsNd4jReadsThem() throws IOException {
        List<Path> files;
        try (Stream<Path> walk = Files.walk(TestData.file("parity"))) {
            files = walk.filter(p -> p.toString().endsWith(".npy")).toList();
        }
        assertTrue(files.size() > 100, "all five references");
        for (Path f : files) {
            INDArray ours = Npy.read(f);
            // these files are well-formed little-endian f4 and i8, which ND4J's native reader handles
            INDArray theirs = Nd4j.createFromNpyFile(f.toFile());
            theirs = theirs.dataType().isIntType() ? theirs.castTo(DataType.INT64) : theirs.castTo(DataType.FLOAT);
            assertArrayEquals(theirs.shape(), ours.shape(), f.toString());
            assertEquals(theirs, ours, f.toString());
        }
    }

    static final List<String> DTYPES = List.of("<f4", ">f4", "<f8", ">f8", "|i1", "<i2", ">i2", "<i4", ">i4", "<i8",
            ">i8", "|u1", "<u2", ">u4", "|b1");

    @Property(tries = 200)
    void everySupportedLayoutReadsExactly(@ForAll("shapes") long[] shape, @ForAll("dtypes") String descr,
            @ForAll boolean fortran, @ForAll @IntRange(min = 1, max = 3) int version) throws IOException {
        int n = (int) Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        double[] values = new double[n];
        for (int i = 0; i < n; i++) {
            // small integers: exact in every dtype (b1 holds 0 and 1)
            values[i] = descr.endsWith("b1") ? i % 2 : (i * 7 % 23) - (descr.contains("u") ? 0 : 11);
        }
        byte[] bytes = NpyFiles.file(version, NpyFiles.dict(descr, fortran, shape),
                NpyFiles.data(values, shape, descr, fortran));
        INDArray a = read(bytes);
        assertArrayEquals(shape, a.shape());
        assertEquals(descr.contains("f") ? DataType.FLOAT : DataType.INT64, a.dataType());
        double[] got = a.dup('c').reshape(n).toDoubleVector();
        assertArrayEquals(values, got, "C order whatever the file's order");
    }

    @Provide
    Arbitrary<long[]> shapes() {
        return Arbitraries.longs().between(1, 5).array(long[].class).ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> dtypes() {
        return Arbitraries.of(DTYPES);
    }

    @Test
    void fortranOrderIsNotReadTransposed() throws IOException {
        double[] c = {1, 2, 3, 4, 5, 6};
        long[] shape = {2, 3};
        byte[] bytes = NpyFiles.file(1, NpyFiles.dict("<f4", true, shape), NpyFiles.data(c, shape, "<f4", true));
        INDArray a = read(bytes);
        assertEquals(Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c'), a);
    }

    /** What is wrong with a file, made from a valid one. */
    enum Defect {
        MAGIC, VERSION, HEADER_LENGTH, DTYPE, FORTRAN_LITERAL, SHAPE_TEXT, SHAPE_TOO_LARGE, SHAPE_TOO_SMALL,
        TRUNCATED, NOT_A_DICT, NAN, BEYOND_FLOAT32, EMPTY, NEGATIVE_DIM
    }

    @Property(tries = 300)
    void malformedFilesAreRefusedWithOneLine(@ForAll Defect defect, @ForAll("dtypes") String descr,
            @ForAll("badDtypes") String badDtype, @ForAll @IntRange(min = 1, max = 3) int version,
            @ForAll @IntRange(min = 0, max = 1000) int cut) throws IOException {
        long[] shape = {4, 3};
        double[] values = new double[12];
        Arrays.setAll(values, i -> i);
        byte[] data = NpyFiles.data(values, shape, descr, false);
        byte[] good = NpyFiles.file(version, NpyFiles.dict(descr, false, shape), data);
        switch (defect) {
            case MAGIC -> {
                good[1 + cut % 5] = 'X';
                refusal(good, "not a .npy file");
            }
            case VERSION -> {
                good[6] = (byte) (4 + cut % 250);
                refusal(good, "version");
            }
            case HEADER_LENGTH -> {
                good[8] = (byte) 0xff;
                good[9] = (byte) 0xff;
                if (version > 1) {
                    good[10] = (byte) 0xff;
                }
                refusal(good, "header");
            }
            case DTYPE -> refusal(NpyFiles.file(version, NpyFiles.dict(badDtype, false, shape), data), "dtype");
            case FORTRAN_LITERAL -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, shape)
                    .replace("False", cut % 2 == 0 ? "'no'" : "0"), data), "fortran_order");
            case SHAPE_TEXT -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, shape)
                    .replace("(4, 3)", cut % 2 == 0 ? "(4, x)" : "(4.5, 3)"), data), "shape");
            case SHAPE_TOO_LARGE -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, 4, 3 + 1 + cut), data),
                    "truncated");
            case SHAPE_TOO_SMALL -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, 2, 3), data),
                    "bytes after the end of the array");
            case TRUNCATED -> refusal(Arrays.copyOf(good, cut % (good.length - 1)), "");
            case NOT_A_DICT -> refusal(NpyFiles.file(version, "[1, 2, 3]", data), "header is not numpy's dict");
            case NAN -> {
                double[] bad = values.clone();
                bad[cut % 12] = cut % 2 == 0 ? Double.NaN : Double.POSITIVE_INFINITY;
                refusal(NpyFiles.file(version, NpyFiles.dict("<f8", false, shape), NpyFiles.data(bad, shape, "<f8",
                        false)), "finite");
            }
            case BEYOND_FLOAT32 -> {
                double[] bad = values.clone();
                bad[cut % 12] = 1e39 * (cut % 2 == 0 ? 1 : -1);
                refusal(NpyFiles.file(version, NpyFiles.dict(">f8", false, shape), NpyFiles.data(bad, shape, ">f8",
                        false)), "outside float32's range");
            }
            case EMPTY -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, 0, 3), new byte[0]),
                    "holds no values");
            case NEGATIVE_DIM -> refusal(NpyFiles.file(version, NpyFiles.dict(descr, false, shape)
                    .replace("(4, 3)", "(-4, 3)"), data), "shape");
            default -> throw new IllegalStateException(defect.name());
        }
    }

    /** Dtypes numpy writes that the course does not read: ND4J's native reader crashes or aborts on several. */
    @Provide
    Arbitrary<String> badDtypes() {
        return Arbitraries.of("|O", "<c8", "<c16", ">c8", "<U3", "|S4", "|V8", "<f2", ">f2", "<f16", "<m8[s]",
                "<M8[D]", "<u8", "f4x", "", "<f999999999999");
    }

    @Property(tries = 300)
    void randomByteFlipsNeverEscapeAsAnythingButOneLine(@ForAll @IntRange(min = 0, max = 300) int position,
            @ForAll byte value, @ForAll("dtypes") String descr) throws IOException {
        long[] shape = {5, 2};
        double[] values = new double[10];
        byte[] bytes = NpyFiles.file(1, NpyFiles.dict(descr, false, shape), NpyFiles.data(values, shape, descr,
                false));
        bytes[position % bytes.length] = value;
        Path file = Files.createTempFile("npy", ".npy");
        try {
            Files.write(file, bytes);
            try {
                INDArray a = Npy.read(file);
                assertTrue(a.length() > 0);
            } catch (InputException e) {
                assertTrue(e.getMessage().startsWith(file + ": "), e.getMessage());
                assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Example
    void specialFilesAreRefused() throws IOException {
        var e = assertThrows(InputException.class, () -> Npy.read(Path.of("/dev/zero")));
        assertTrue(e.getMessage().startsWith("/dev/zero: not a regular file"), e.getMessage());
        Path dir = Files.createTempDirectory("npy");
        try {
            assertTrue(assertThrows(InputException.class, () -> Npy.read(dir)).getMessage().contains(
                    "not a regular file"));
        } finally {
            Files.delete(dir);
        }
    }

    @Test
    void noMainCodeHandsFileBytesToNd4j() throws IOException {
        Path main = ProjectFiles.requireRoot().resolve("src/main/java");
        try (Stream<Path> walk = Files.walk(main)) {
            for (Path f : walk.filter(p -> p.toString().endsWith(".java")).toList()) {
                String text = Files.readString(f);
                assertTrue(!text.contains("createFromNpy") && !text.contains("readNumpy"),
                        f + " must read .npy files through parity.Npy");
            }
        }
    }

    @AfterContainer
    static void noCrashFile() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("."))) {
            List<Path> crashes = files.filter(p -> p.getFileName().toString().startsWith("hs_err_pid"))
                    .filter(p -> p.toFile().lastModified() >= START).toList();
            assertTrue(crashes.isEmpty(), "JVM crash reports: " + crashes);
        }
    }
}
