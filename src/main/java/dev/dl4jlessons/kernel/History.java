package dev.dl4jlessons.kernel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The cells this kernel ran, for Jupyter's history requests (a console's up arrow, a notebook's history): by
 * execution count, with the text of each cell's result. One kernel is one session, {@link CourseKernel#SESSION}.
 */
final class History {
    /** The most entries kept; older ones are forgotten. */
    static final int MAX_ENTRIES = 10_000;

    private record Entry(int line, String input, String output) {
    }

    private final List<Entry> entries = new ArrayList<>();

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
        if (entries.size() > MAX_ENTRIES) {
            entries.remove(0);
        }
    }

    /** The content of a history_reply to a request's content: tail, range or search. */
    synchronized ObjectNode answer(ObjectNode request) {
        boolean output = request.path("output").asBoolean(false);
        List<Entry> found = switch (request.path("hist_access_type").asText("tail")) {
            case "range" -> range(request.path("session").asInt(0), request.path("start").asInt(0),
                    request.path("stop").isIntegralNumber() ? request.path("stop").asInt() : Integer.MAX_VALUE);
            case "search" -> search(request.path("pattern").asText("*"), request.path("unique").asBoolean(false),
                    request.path("n").isIntegralNumber() ? request.path("n").asInt() : Integer.MAX_VALUE);
            default -> last(new ArrayList<>(entries), request.path("n").asInt(10));
        };
        ObjectNode reply = Wire.JSON.createObjectNode();
        reply.put("status", "ok");
        ArrayNode history = reply.putArray("history");
        for (Entry e : found) {
            ArrayNode row = history.addArray();
            row.add(CourseKernel.SESSION);
            row.add(e.line());
            if (output) {
                ArrayNode pair = row.addArray();
                pair.add(e.input());
                if (e.output() == null) {
                    pair.addNull();
                } else {
                    pair.add(e.output());
                }
            } else {
                row.add(e.input());
            }
        }
        return reply;
    }

    private static List<Entry> last(List<Entry> list, int n) {
        return n <= 0 ? List.of() : List.copyOf(list.subList(Math.max(0, list.size() - n), list.size()));
    }

    /** Lines {@code start <= line < stop} of the session; 0 and negative sessions mean this one, as IPython's do. */
    private List<Entry> range(int session, int start, int stop) {
        if (session > 0 && session != CourseKernel.SESSION) {
            return List.of();
        }
        return entries.stream().filter(e -> e.line() >= start && e.line() < stop).toList();
    }

    /** The cells whose text matches a glob ({@code *}, {@code ?}), the last {@code n}, each text once if unique. */
    private List<Entry> search(String glob, boolean unique, int n) {
        Pattern pattern = glob(glob);
        List<Entry> matches = entries.stream().filter(e -> pattern.matcher(e.input()).matches()).toList();
        if (unique) {
            Map<String, Entry> latest = new LinkedHashMap<>();
            for (Entry e : matches) {
                latest.remove(e.input());
                latest.put(e.input(), e);
            }
            matches = new ArrayList<>(latest.values());
        }
        return last(new ArrayList<>(matches), n);
    }

    /** A glob as a regular expression over the whole text: {@code *} any run, {@code ?} one character. */
    static Pattern glob(String glob) {
        var regex = new StringBuilder();
        for (char ch : glob.toCharArray()) {
            switch (ch) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(ch)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
