package dev.dl4jlessons.playground;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import dev.dl4jlessons.runtime.InputException;
import io.vertx.core.json.JsonObject;

/** Every setting a page sends is validated: each bad value is refused with one line that names the setting. */
class PlaygroundSettingsTest {
    @Test
    void defaultsAndPresetsAreValidAndSurviveTheirJson() {
        var d = PlaygroundSettings.defaults();
        assertEquals(d, PlaygroundSettings.fromJson(d.toJson()));
        assertEquals(d, PlaygroundSettings.fromJson(new JsonObject()), "a missing setting keeps its default");
        for (Preset p : Preset.values()) {
            assertEquals(p.settings(), PlaygroundSettings.fromJson(p.settings().toJson()), p.key());
            assertEquals(p, Preset.byKey(p.key()).orElseThrow());
        }
        assertTrue(Preset.byKey("nope").isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "{\"noise\":51}|noise 51: must be in 0..50",
        "{\"noise\":-1}|noise -1: must be in 0..50",
        "{\"trainPercent\":5}|trainPercent 5: must be in 10..90",
        "{\"points\":5000}|points 5000: must be in 20..1000",
        "{\"points\":19}|points 19: must be in 20..1000",
        "{\"batchSize\":0}|batchSize 0: must be in 1..100",
        "{\"batchSize\":101}|batchSize 101: must be in 1..100",
        "{\"points\":20,\"trainPercent\":10,\"batchSize\":5}|batchSize 5: larger than the 2 training points",
        "{\"batchSize\":1,\"batchNorm\":[true,false]}|batchSize 1: must be in 2..100",
        "{\"units\":[0]}|units 0: must be in 1..32",
        "{\"units\":[33]}|units 33: must be in 1..32",
        "{\"units\":[1,1,1,1,1,1,1]}|units: 7 values; give one per hidden layer, 1..6 layers",
        "{\"units\":[]}|units: 0 values",
        "{\"units\":[8],\"dropout\":[0.1,0.1]}|dropout: 2 values for 1 hidden layers",
        "{\"units\":[8],\"batchNorm\":[true,true]}|batchNorm: 2 values for 1 hidden layers",
        "{\"dropout\":[0.95,0]}|dropout 0.95: a drop probability must be in 0..0.9",
        "{\"dropout\":[-0.1,0]}|dropout -0.1: a drop probability must be in 0..0.9",
        "{\"learningRate\":0}|learningRate 0.0: must be in 0.00001..10",
        "{\"learningRate\":11}|learningRate 11.0: must be in 0.00001..10",
        "{\"learningRate\":1e400}|learningRate Infinity: must be a finite number",
        "{\"l2\":2}|l2 2.0: must be in 0..1",
        "{\"seed\":-1}|seed -1: must be in 0..2147483647",
        "{\"seed\":99999999999}|seed 99999999999: far out of range",
        "{\"stepsPerSecond\":1000}|stepsPerSecond 1000: must be in 1..200",
        "{\"problem\":\"moon\"}|problem \"moon\": must be one of circle, xor, gaussian, spiral, plane, curve, fashion",
        "{\"problem\":\"circl\"}|did you mean 'circle'?",
        "{\"placement\":\"middle\"}|placement \"middle\": must be one of after, before",
        "{\"activation\":\"softmax\"}|activation \"softmax\": must be one of relu, tanh, sigmoid, linear",
        "{\"optimizer\":\"rmsprop\"}|optimizer \"rmsprop\": must be one of sgd, adam",
        "{\"noise\":\"ten\"}|noise \"ten\": must be a number, not text",
        "{\"noise\":2.5}|noise 2.5: must be a whole number",
        "{\"noise\":null}|noise null: must be a number, not null",
        "{\"units\":\"8\"}|units \"8\": must be a list, one value per hidden layer, not text",
        "{\"units\":[[8]]}|units [8]: must be a number, not a list",
        "{\"batchNorm\":[1,0]}|batchNorm 1: must be true or false, not a number",
        "{\"dropout\":[\"a\",0]}|dropout \"a\": must be a number, not text",
        "{\"learningRate\":true}|learningRate true: must be a number, not true/false",
        "{\"problem\":3}|problem 3: must be one of circle, xor, gaussian, spiral, plane, curve, fashion, not a number",
        "{\"colour\":\"red\"}|unknown setting \"colour\"",
        "{\"unit\":[8]}|unknown setting \"unit\"; did you mean 'units'?",
    })
    void eachBadValueIsRefusedWithOneLineNamingIt(String json, String expected) {
        var e = assertThrows(InputException.class, () -> PlaygroundSettings.fromJson(new JsonObject(json)));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void aControlCharacterInAValueIsShownAsAnEscape() {
        var e = assertThrows(InputException.class,
                () -> PlaygroundSettings.fromJson(new JsonObject().put("problem", "x\n\u001b[2J")));
        assertTrue(e.getMessage().startsWith("problem \"x\\n\\u001b[2J\""), e.getMessage());
    }

    @Test
    void wholeNumbersWrittenAsDecimalsAreAccepted() {
        var s = PlaygroundSettings.fromJson(new JsonObject("{\"noise\":20.0,\"units\":[4.0]}"));
        assertEquals(20, s.noise());
        assertEquals(List.of(4), s.units());
        assertEquals(List.of(0.0), s.dropout(), "dropout defaults to off for every layer given");
        assertEquals(List.of(false), s.batchNorm());
    }

    @Test
    void trainingAndTestRowsSplitThePoints() {
        var s = PlaygroundSettings.fromJson(new JsonObject("{\"points\":60,\"trainPercent\":50}"));
        assertEquals(30, s.trainRows());
        assertEquals(30, s.testRows());
        var d = PlaygroundData.of(s);
        assertEquals(30, d.train().numExamples());
        assertEquals(30, d.test().numExamples());
        assertEquals(d.features()[7][1], PlaygroundData.of(s).features()[7][1], "the same seed, the same points");
    }
}
