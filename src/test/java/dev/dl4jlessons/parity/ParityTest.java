package dev.dl4jlessons.parity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import dev.dl4jlessons.testing.Run;
import dev.dl4jlessons.testing.TestData;

/** The lessons' own DL4J models reproduce PyTorch's per-step losses on the committed references. */
class ParityTest {

    @ParameterizedTest
    @ValueSource(strings = {"dropout", "batchnorm", "combined", "dropout-partial", "combined-partial",
        "dropout-adam-l2", "dropout-adamw"})
    void committedReferencePasses(String name) {
        var run = Run.course("parity", TestData.file("parity/" + name).toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        String last = run.out().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("parity: PASS loss_rel="), last);
        double lossRel = Double.parseDouble(last.replaceAll(".*loss_rel=(\\S+).*", "$1"));
        double evalCorrected = Double.parseDouble(last.replaceAll(".*eval_corrected=(\\S+).*", "$1"));
        assertTrue(lossRel <= 1e-4, last);
        assertTrue(evalCorrected <= 1e-4, "inference agrees once the variance is corrected: " + last);
    }

    @Test
    void biasedVarianceExplainsTheInferenceDifference() {
        var run = Run.course("parity", TestData.file("parity/batchnorm").toString());
        String last = run.out().lines().reduce((a, b) -> b).orElseThrow();
        double eval = Double.parseDouble(last.replaceAll(".*eval=(\\S+) .*", "$1"));
        double corrected = Double.parseDouble(last.replaceAll(".*eval_corrected=(\\S+).*", "$1"));
        assertTrue(eval > 100 * corrected, "the n/(n-1) correction is what closes the gap: " + last);
        assertTrue(run.out().contains("biased batch variance (divided by n)"));
    }

    /**
     * PyTorch's Adam(weight_decay) is DL4J's L2 and AdamW is DL4J's weight decay: replaying each reference with the
     * other mapping, or with no decay, fails by far more than the tolerance.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"dropout-adam-l2, adamw, 0.1", "dropout-adamw, adam, 0.1",
        "dropout-adamw, adamw, 0.0"})
    void theOtherAdamFormFails(String name, String optimizer, String decay, @TempDir Path tmp) throws IOException {
        Path dir = copy(TestData.file("parity/" + name), tmp.resolve(name));
        Path meta = dir.resolve("meta.json");
        Files.writeString(meta, Files.readString(meta).replaceAll("\"optimizer\": \"\\w+\"", "\"optimizer\": \""
                + optimizer + "\"").replaceAll("\"weight_decay\": [0-9.]+", "\"weight_decay\": " + decay));
        var run = Run.course("parity", dir.toString());
        assertEquals(1, run.exitCode(), run.out() + run.err());
        String last = run.out().lines().reduce((a, b) -> b).orElseThrow();
        double lossRel = Double.parseDouble(last.replaceAll(".*loss_rel=(\\S+).*", "$1"));
        assertTrue(lossRel > 100 * 1e-4, "the wrong mapping is far outside the tolerance: " + last);
    }

    @Test
    void theReferencesRecordTheirOptimizer() {
        assertEquals(new Optimizer("adam", 0.1), Optimizer.of(TestData.file("parity/dropout-adam-l2")));
        assertEquals(new Optimizer("adamw", 0.1), Optimizer.of(TestData.file("parity/dropout-adamw")));
        assertEquals(Optimizer.ADAM, Optimizer.of(TestData.file("parity/dropout")), "older references: plain Adam");
    }

    /** A copy of the combined model's reference run in {@code dir}, to damage. */
    static Path copy(Path dir) throws IOException {
        return copy(TestData.file("parity/combined"), dir);
    }

    private static Path copy(Path src, Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            for (Path p : files.toList()) {
                Path to = dir.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dir;
    }

    @Test
    void malformedDirectoriesNameTheFile(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("ref"));
        Files.delete(dir.resolve("masks/dropout.npy"));
        expectError(dir, dir.resolve("masks").toString(), "model has a dropout layer but no mask file");

        dir = copy(tmp.resolve("ref2"));
        Files.delete(dir.resolve("init/fc2.weight.npy"));
        expectError(dir, dir.resolve("init/fc2.weight.npy").toString(), "missing");

        dir = copy(tmp.resolve("ref3"));
        Files.copy(dir.resolve("y.npy"), dir.resolve("X.npy"), StandardCopyOption.REPLACE_EXISTING);
        expectError(dir, dir.resolve("X.npy").toString(), "shape [100, 1], expected [any, 10]");

        dir = copy(tmp.resolve("ref4"));
        Files.writeString(dir.resolve("meta.json"), "{\"model\": \"resnet\", \"lr\": 0.01}");
        expectError(dir, dir.resolve("meta.json").toString(), "\"model\" is 'resnet'");

        dir = copy(tmp.resolve("ref5"));
        Files.writeString(dir.resolve("losses.npy"), "not numpy");
        expectError(dir, dir.resolve("losses.npy").toString(), "not a .npy file");

        dir = copy(tmp.resolve("ref6"));
        Files.delete(dir.resolve("meta.json"));
        expectError(dir, dir.resolve("meta.json").toString(), "missing");

        expectError(tmp.resolve("nowhere"), tmp.resolve("nowhere").toString(), "not a directory");
    }

    /** Rewrites a reference's .npy file in another layout numpy can write: the same values, read the same. */
    private static void rewrite(Path file, String descr, boolean fortran, int version) throws IOException {
        var a = Npy.read(file);
        long[] shape = a.shape();
        double[] values = a.dup('c').reshape(a.length()).toDoubleVector();
        Files.write(file, NpyFiles.file(version, NpyFiles.dict(descr, fortran, shape),
                NpyFiles.data(values, shape, descr, fortran)));
    }

    @Test
    void bigEndianFortranAndFloat64ReferencesReplayTheSame(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("ref"));
        rewrite(dir.resolve("X.npy"), ">f4", true, 2);
        rewrite(dir.resolve("order.npy"), ">i8", false, 1);
        rewrite(dir.resolve("losses.npy"), "<f8", false, 3);
        rewrite(dir.resolve("init/fc1.weight.npy"), "<f8", true, 1);
        var run = Run.course("parity", dir.toString());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        var reference = Run.course("parity", TestData.file("parity/combined").toString());
        assertEquals(reference.out().replace(TestData.file("parity/combined").toString(), "DIR"),
                run.out().replace(dir.toString(), "DIR"), "read exactly as the original");
    }

    @Test
    void unreadableDtypesAndTruncationsNameTheFile(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("obj"));
        Files.write(dir.resolve("X.npy"), NpyFiles.file(1, NpyFiles.dict("|O", false, 100, 10), new byte[800]));
        expectError(dir, dir.resolve("X.npy").toString(), "dtype '|O' is not supported");

        dir = copy(tmp.resolve("complex"));
        Files.write(dir.resolve("X.npy"), NpyFiles.file(1, NpyFiles.dict("<c8", false, 100, 10), new byte[8000]));
        expectError(dir, dir.resolve("X.npy").toString(), "dtype '<c8' is not supported");

        dir = copy(tmp.resolve("trunc"));
        byte[] x = Files.readAllBytes(dir.resolve("X.npy"));
        Files.write(dir.resolve("X.npy"), java.util.Arrays.copyOf(x, x.length - 7));
        expectError(dir, dir.resolve("X.npy").toString(), "truncated: 3993 bytes of data");
    }

    @Test
    void aOneDimensionalInitialWeightIsReportedAgainstItsOwnFile(@TempDir Path tmp) throws IOException {
        Path dir = copy(tmp.resolve("ref"));
        var w = Npy.read(dir.resolve("init/fc1.weight.npy"));
        Files.write(dir.resolve("init/fc1.weight.npy"), NpyFiles.file(1, NpyFiles.dict("<f4", false, w.length()),
                NpyFiles.data(w.reshape(w.length()).toDoubleVector(), new long[] {w.length()}, "<f4", false)));
        expectError(dir, dir.resolve("init/fc1.weight.npy").toString(), "shape [500] has 1 dimension; PyTorch's "
                + "fc1.weight has 2");
    }

    @Test
    void metaJsonValuesAreCheckedAsMetaJsonFields(@TempDir Path tmp) throws IOException {
        String[][] cases = {
            {"\"epochs\": 5.9", "\"epochs\" is 5.9; expected a whole number from 1 to 1000000"},
            {"\"epochs\": 5", "\"lr\" is Infinity; expected a finite number above 0"},
            {"\"epochs\": 1e12", "\"epochs\" is 1.0E12; expected a whole number"},
            {"\"epochs\": 5, \"seed\": \"x\"", "\"seed\" is \"x\"; expected an integer"},
        };
        for (int i = 0; i < cases.length; i++) {
            Path dir = copy(tmp.resolve("meta" + i));
            String lr = i == 1 ? "1e999" : "0.01";
            Files.writeString(dir.resolve("meta.json"), "{\"model\": \"combined\", \"lr\": " + lr + ", "
                    + cases[i][0] + ", \"batch_size\": 10}");
            var run = expectError(dir, dir.resolve("meta.json").toString(), cases[i][1]);
            assertTrue(!run.err().contains("--"), "no option the user never gave: " + run.err());
        }
        Path dir = copy(tmp.resolve("array"));
        Files.writeString(dir.resolve("meta.json"), "[1, 2]");
        expectError(dir, dir.resolve("meta.json").toString(), "expected a JSON object");
    }

    private static Run expectError(Path dir, String file, String problem) {
        var run = Run.course("parity", dir.toString());
        assertEquals(2, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().startsWith("error: " + file), run.err());
        assertTrue(run.err().contains(problem), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        return run;
    }
}
