package dev.dl4jlessons.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Class 8 as properties: whatever a path or value holds (newlines, escape sequences, bidirectional overrides, any
 * length), the message shows it on one line, with no control character left, a path at most
 * {@link Messages#MAX_PATH} characters and a line at most {@link Messages#MAX_LINE}.
 */
class MessagesPropertiesTest {
    /** A character a terminal acts on, or one that reorders the text around it. */
    private static boolean dangerous(int c) {
        return c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)
                || c == 0x200e || c == 0x200f || c == 0x061c;
    }

    @Provide
    Arbitrary<String> hostile() {
        var nasty = Arbitraries.of("\n", "\r", "\t", "\u001b[2J", "\u001b]0;title\u0007", "\u202e", "\u2066", "\u0000",
                "\u009b", "\u200f", "error: forged", "/", "é", "\\", "%n", "%s");
        var plain = Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(40);
        return Arbitraries.oneOf(nasty, plain, Arbitraries.strings().ofMaxLength(30)).list().ofMaxSize(60)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 300)
    void aPathIsOneSafeLineOfBoundedLength(@ForAll("hostile") String path) {
        String shown = Messages.path(path);
        assertTrue(shown.codePoints().noneMatch(MessagesPropertiesTest::dangerous), shown);
        assertTrue(shown.length() <= Messages.MAX_PATH, shown.length() + ": " + shown);
        if (Messages.escape(path).length() <= Messages.MAX_PATH) {
            assertEquals(Messages.escape(path), shown, "a short path is shown whole");
        } else {
            // cut once, in the middle: its start and its end are the path's own
            String escaped = Messages.escape(path);
            assertEquals(Messages.MAX_PATH, shown.length(), shown);
            assertTrue(escaped.startsWith(shown.substring(0, 20)) && shown.contains("...")
                    && escaped.endsWith(shown.substring(shown.length() - 40)), shown);
        }
        assertEquals(shown, Messages.path(shown), "showing a shown path again changes nothing");
    }

    @Property(tries = 300)
    void aMessageIsOneSafeLine(@ForAll("hostile") String value, @ForAll("hostile") String path) {
        String line = Messages.line("--out " + Messages.path(path) + ": " + value + value + value);
        assertEquals(1, line.lines().count(), line);
        assertTrue(line.codePoints().noneMatch(MessagesPropertiesTest::dangerous), line);
        assertTrue(line.length() <= Messages.MAX_LINE, Integer.toString(line.length()));
    }
}
