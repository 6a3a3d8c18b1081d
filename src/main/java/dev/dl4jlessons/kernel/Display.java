package dev.dl4jlessons.kernel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Rich output of a notebook cell in the course's kernel: show text, HTML or any MIME bundle below the cell, replace
 * a shown output in place by its display id (a progress line, a chart that redraws), and clear the cell's output.
 * Outside the kernel (a {@code jshell} script) {@link #show} prints the plain text and the rest do nothing.
 */
public final class Display {
    private Display() {
    }

    /** What a display call asks the kernel for. */
    enum Kind {
        SHOW, UPDATE, CLEAR
    }

    /** One display call: its kind, its MIME bundle (for clear: {@code wait} present or not) and its display id. */
    record Output(Kind kind, Map<String, String> data, String id) {
    }

    private static volatile Consumer<Output> sink;

    static void plug(Consumer<Output> kernel) {
        sink = kernel;
    }

    /** Whether a kernel shows the displays (false in a plain JShell or a lesson's {@code main}). */
    public static boolean inKernel() {
        return sink != null;
    }

    /**
     * Shows a MIME bundle ({@code "text/plain"}, {@code "text/html"}, {@code "image/png"} as Base64...) below the
     * running cell.
     *
     * @return its display id, for {@link #update}
     */
    public static String show(Map<String, String> data) {
        String id = UUID.randomUUID().toString();
        send(new Output(Kind.SHOW, bundle(data), id));
        return id;
    }

    /** Shows one line of text; see {@link #show(Map)}. */
    public static String text(String text) {
        return show(Map.of("text/plain", text));
    }

    /** Replaces the output shown under {@code id}, wherever it is in the notebook. */
    public static void update(String id, Map<String, String> data) {
        send(new Output(Kind.UPDATE, bundle(data), Objects.requireNonNull(id, "id")));
    }

    /** Replaces the text shown under {@code id}. */
    public static void updateText(String id, String text) {
        update(id, Map.of("text/plain", text));
    }

    /**
     * Clears the running cell's output; with {@code wait}, only when the next output arrives (no flicker).
     */
    public static void clear(boolean wait) {
        send(new Output(Kind.CLEAR, wait ? Map.of("wait", "true") : Map.of(), null));
    }

    private static Map<String, String> bundle(Map<String, String> data) {
        Map<String, String> copy = new LinkedHashMap<>(data);
        if (copy.isEmpty()) {
            throw new IllegalArgumentException("a display needs at least one MIME type");
        }
        return copy;
    }

    private static void send(Output output) {
        Consumer<Output> kernel = sink;
        if (kernel != null) {
            kernel.accept(output);
        } else if (output.kind() == Kind.SHOW && output.data().containsKey("text/plain")) {
            System.out.println(output.data().get("text/plain"));
        }
    }
}
