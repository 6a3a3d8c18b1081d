package dev.dl4jlessons.harness;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import dev.dl4jlessons.data.CsvData;
import dev.dl4jlessons.data.CsvWriter;
import dev.dl4jlessons.runtime.CourseRuntime;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Class 4 as a property: under any of the JVM's locales as the default (every category, so even code that forgot
 * {@code Locale.ROOT} would show it), what the course prints and writes is the same as under {@code Locale.ROOT}, and
 * a CSV it writes reads back to the same values.
 */
class LocalePropertiesTest {
    @BeforeContainer
    static void init() {
        CourseRuntime.init(false);
    }

    @Provide
    Arbitrary<Locale> locales() {
        // Arabic-Indic, Persian, Devanagari and Thai digits, decimal commas, Turkish casing, among all the others
        return Arbitraries.oneOf(Arbitraries.of(Locale.getAvailableLocales()),
                Arbitraries.of(Locale.forLanguageTag("ar-EG"), Locale.forLanguageTag("fa-IR"),
                        Locale.forLanguageTag("hi-IN-u-nu-deva"), Locale.forLanguageTag("th-TH-u-nu-thai"),
                        Locale.forLanguageTag("de-DE"), Locale.forLanguageTag("tr-TR")));
    }

    @Provide
    Arbitrary<double[]> losses() {
        return Arbitraries.doubles().between(-1e9, 1e9).withSpecialValue(Double.NaN)
                .withSpecialValue(Double.POSITIVE_INFINITY).withSpecialValue(1e-7).array(double[].class)
                .ofMinSize(2).ofMaxSize(6);
    }

    private static <T> T under(Locale locale, Callable<T> body) throws Exception {
        Locale saved = Locale.getDefault();
        Locale format = Locale.getDefault(Locale.Category.FORMAT);
        Locale display = Locale.getDefault(Locale.Category.DISPLAY);
        try {
            Locale.setDefault(locale);
            return body.call();
        } finally {
            Locale.setDefault(saved);
            Locale.setDefault(Locale.Category.FORMAT, format);
            Locale.setDefault(Locale.Category.DISPLAY, display);
        }
    }

    private static String printed(double[] losses) {
        var epochs = new java.util.ArrayList<History.Epoch>();
        var sb = new StringBuilder();
        for (int i = 0; i < losses.length; i++) {
            var e = new History.Epoch(i + 1, losses[i], losses[losses.length - 1 - i]);
            epochs.add(e);
            sb.append(Report.epochLine(e)).append('\n').append(Report.fixed(losses[i])).append('\n');
        }
        sb.append(Stat.of(Arrays.stream(losses).boxed().toList())).append('\n');
        var table = new ByteArrayOutputStream();
        Report.comparison(List.of(new History("model", Arrays.stream(losses).boxed().toList(), epochs, List.of())),
                new PrintStream(table, true, StandardCharsets.UTF_8));
        return sb.append(table.toString(StandardCharsets.UTF_8)).toString();
    }

    @Property(tries = 200)
    void whatIsPrintedDoesNotDependOnTheLocale(@ForAll("locales") Locale locale, @ForAll("losses") double[] losses)
            throws Exception {
        String root = under(Locale.ROOT, () -> printed(losses));
        String local = under(locale, () -> printed(losses));
        assertEquals(root, local, locale.toLanguageTag());
        assertTrue(local.codePoints().allMatch(c -> c < 0x80 || c == '±' || c == '∞' || c == '\uFFFD'),
                "ASCII digits and signs only: " + local);
    }

    @Property(tries = 15)
    void aCsvWrittenUnderAnyLocaleReadsBackTheSame(@ForAll("locales") Locale locale) throws Exception {
        float[][] x = new float[60][10];
        float[][] y = new float[60][1];
        var random = new java.util.Random(locale.toLanguageTag().hashCode());
        for (int r = 0; r < 60; r++) {
            for (int c = 0; c < 10; c++) {
                x[r][c] = (float) (random.nextGaussian() * 1000);
            }
            y[r][0] = (float) random.nextGaussian();
        }
        Path file = Files.createTempFile("locale", ".csv");
        try {
            under(locale, () -> {
                CsvWriter.write(file, new DataSet(Nd4j.create(x), Nd4j.create(y)));
                return null;
            });
            String text = Files.readString(file);
            assertTrue(text.chars().allMatch(c -> c < 0x80), "ASCII: " + locale.toLanguageTag());
            var table = under(locale, () -> CsvData.load(file, CsvData.Spec.regression(10)));
            assertArrayEquals(Nd4j.create(x).data().asFloat(), table.data().getFeatures().data().asFloat(),
                    locale.toLanguageTag());
        } finally {
            Files.deleteIfExists(file);
        }
    }
}
