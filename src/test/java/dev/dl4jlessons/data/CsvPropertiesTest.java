package dev.dl4jlessons.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.dl4jlessons.runtime.CourseRuntime;
import dev.dl4jlessons.runtime.InputException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;

/** The CSV loader either loads a file or rejects it with one clear line; it never throws anything else. */
class CsvPropertiesTest {

    @BeforeContainer
    static void init() {
        CourseRuntime.init(false);
    }

    private static void loadsOrRejects(byte[] content) throws IOException {
        Path file = Files.createTempFile("fuzz", ".csv");
        try {
            Files.write(file, content);
            try {
                var table = CsvData.load(file, CsvData.Spec.regression(10));
                assertEquals(10, table.data().getFeatures().columns());
                assertTrue(table.rows() > 0);
            } catch (InputException e) {
                String message = e.getMessage();
                assertTrue(message.startsWith(file + ": "), message);
                assertEquals(1, message.lines().count(), message);
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Property(tries = 300)
    void randomBytes(@ForAll byte[] bytes) throws IOException {
        loadsOrRejects(bytes);
    }

    @Property(tries = 300)
    void nearValidCsv(@ForAll("nearValid") String text) throws IOException {
        loadsOrRejects(text.getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<String> nearValid() {
        Arbitrary<String> number = Arbitraries.doubles().between(-1e6, 1e6).map(Object::toString);
        Arbitrary<String> odd = Arbitraries.of("", "abc", "NaN", "Infinity", "1e999", "\"1.5\"", "\"", "1,5", " 2 ",
                "0x10", "1d", "\t", "﻿", "−1");
        Arbitrary<String> cell = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(20, number), net.jqwik.api.Tuple.of(1, odd));
        Arbitrary<String> row = cell.list().ofMinSize(9).ofMaxSize(12).map(cells -> String.join(",", cells));
        Arbitrary<List<String>> rows = row.list().ofMinSize(0).ofMaxSize(8);
        Arbitrary<String> ending = Arbitraries.of("\n", "\r\n", "\r");
        Arbitrary<Boolean> header = Arbitraries.of(true, false);
        Arbitrary<Boolean> bom = Arbitraries.of(true, false);
        return Combinators.combine(rows, ending, header, bom).as((r, end, withHeader, withBom) -> {
            List<String> lines = new ArrayList<>();
            if (withHeader) {
                lines.add("x1,x2,x3,x4,x5,x6,x7,x8,x9,x10,y");
            }
            lines.addAll(r);
            return (withBom ? "\uFEFF" : "") + String.join(end, lines) + end;
        });
    }
}
