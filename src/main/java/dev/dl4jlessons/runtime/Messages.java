package dev.dl4jlessons.runtime;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Makes what a message shows about a path or a value safe to print on one line: control characters (a newline that
 * would forge a second line, an escape sequence that would recolour or clear the terminal, a bidirectional override
 * that would reorder the text) are written as escapes, and a long path is shortened in the middle, once, so its
 * start and its file name both stay visible.
 */
public final class Messages {
    /** Longest path a message shows whole. */
    static final int MAX_PATH = 120;
    /** Longest error line; beyond it the line is cut, as a last guard against a flood. */
    static final int MAX_LINE = 1000;

    private Messages() {
    }

    /** {@code text} with every control and bidirectional-formatting character written as an escape. */
    public static String escape(String text) {
        var sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7f && c < 0xa0) || (c >= 0x202a && c <= 0x202e)
                            || (c >= 0x2066 && c <= 0x2069) || c == 0x200e || c == 0x200f || c == 0x061c) {
                        sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", c));
                    } else {
                        sb.appendCodePoint(c);
                    }
                }
            }
        });
        return sb.toString();
    }

    /** One error line: escaped, and cut at {@link #MAX_LINE} characters. */
    public static String line(String message) {
        String shown = escape(message == null ? "" : message);
        return shown.length() <= MAX_LINE ? shown : shown.substring(0, MAX_LINE - 3) + "...";
    }

    /** {@code path} as a message shows it: escaped, and at most {@link #MAX_PATH} characters, cut in the middle. */
    public static String path(Path path) {
        return path(path.toString());
    }

    /** A path given as text, shown as {@link #path(Path)} does. */
    public static String path(String path) {
        String shown = escape(path);
        if (shown.length() <= MAX_PATH) {
            return shown;
        }
        int tail = MAX_PATH * 2 / 3;
        return shown.substring(0, MAX_PATH - tail - 3) + "..." + shown.substring(shown.length() - tail);
    }

    /**
     * The system's reason for a failed file operation, without the path it names: the caller's message already
     * names the file, and showing a long path twice floods the line.
     */
    public static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "already exists";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "directory not empty";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    /** The candidate closest to {@code typed} by edit distance (ignoring case), or empty when there is none. */
    public static String nearest(String typed, java.util.Collection<String> candidates) {
        return candidates.stream().min(java.util.Comparator.comparingInt(c -> editDistance(typed, c))).orElse("");
    }

    /**
     * "; did you mean 'dropout'?" when one of {@code candidates} is a likely misspelling of {@code typed} (at most two
     * edits, or a third of its length), and empty otherwise, so that a name nothing resembles gets no guess.
     */
    public static String didYouMean(String typed, java.util.Collection<String> candidates) {
        String nearest = nearest(typed, candidates);
        boolean close = !nearest.isEmpty() && editDistance(typed, nearest) <= Math.max(2, typed.length() / 3);
        return close ? "; did you mean '" + nearest + "'?" : "";
    }

    /** Levenshtein distance between two strings, ignoring case. */
    public static int editDistance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
