package dev.dl4jlessons.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.BaseKernelBuilder;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.harness.TrainingStoppedException;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * The course's Jupyter kernel: Java cells evaluated by the JDK's JShell, in this JVM ({@code local} execution), so
 * the course, DL4J and ND4J on the class path are the ones the cells use, charts reach the notebook as PNG
 * ({@link Charts#show}), and the JVM flags the kernelspec starts it with apply to the training. The Jupyter protocol
 * (ZeroMQ sockets, messages, display data) is the {@code jjava-jupyter} library's {@link BaseKernel}.
 *
 * <p>A cell is cut into JShell snippets (statements, declarations, expressions) and run one by one, so printed output
 * streams as it happens. The value of a trailing expression is the cell's result. A compile error stops the cell
 * before anything after it runs and names the cell's line; an exception is one block: its class, message and the
 * course and library frames, down to the cell. {@link #interrupt()} (the notebook's stop button) stops a training
 * loop before its next step.
 */
public final class CourseKernel extends BaseKernel {
    /** The display name of the kernel, as Jupyter lists it. */
    public static final String DISPLAY_NAME = "Java (DL4J course)";
    /** The plain-text stand-in sent beside a chart's {@code image/png}. */
    public static final String CHART_TEXT = "<chart>";
    /** How long an interrupt waits for a training loop to stop on its own before JShell stops the cell's thread. */
    static final long STOP_GRACE_MILLIS = 3000;
    /** Frames of an exception shown before the cell's own, at most. */
    static final int MAX_FRAMES = 8;

    /** JShell's kinds of snippet whose value is the cell's result when they come last. */
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND, Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Counts cells; an interrupt's delayed hard stop only applies to the cell it was meant for. */
    private final AtomicLong cell = new AtomicLong();
    private volatile boolean running;
    /** Set when the stop button's grace ran out and JShell stopped the running cell. */
    private volatile boolean hardStopped;
    /**
     * Where each snippet came from, by snippet id: its cell's serial number, that cell's execution count as the
     * notebook shows it ({@code In [k]}), and the cell line the snippet starts on.
     */
    private final Map<String, long[]> origins = new ConcurrentHashMap<>();

    private CourseKernel(Builder b) {
        super(b.name(), b.version(), new LanguageInfo("Java", Runtime.version().toString(), "text/x-java-source",
                        ".jshell", "java", "java", null), List.of(), b.history(), b.io(), b.comms(), b.renderer(),
                null, b.magics(), false, b.styler());
        // "local": the snippets run in this JVM, on its class path, rather than in a JVM that JShell would start
        shell = JShell.builder().executionEngine("local").build();
        String classPath = System.getProperty("java.class.path", "");
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                shell.addToClasspath(entry);
            }
        }
        analysis = shell.sourceCodeAnalysis();
    }

    /** A new kernel; {@link KernelMain} connects it to Jupyter. Tests call {@link #evalRaw} directly. */
    public static CourseKernel create() {
        return new Builder().name(KernelSpec.NAME).version("1.0").build();
    }

    @Override
    public void onStartup() {
        super.onStartup();
        Charts.displayWith(this::displayPng);
    }

    @Override
    public void onShutdown(boolean restarting) {
        Charts.displayWith(null);
        shell.close();
        super.onShutdown(restarting);
    }

    /** Shows PNG bytes below the running cell. */
    void displayPng(byte[] png) {
        var data = new DisplayData();
        data.putData("image/png", Base64.getEncoder().encodeToString(png));
        data.putText(CHART_TEXT);
        display(data);
    }

    /** One snippet of a cell and where it starts in the cell. */
    record Piece(String source, int offset) {
    }

    /** Cuts a cell into JShell snippets, each with its offset in the cell; the last may be incomplete or wrong. */
    List<Piece> pieces(String code) {
        List<Piece> pieces = new ArrayList<>();
        int consumed = 0;
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            boolean complete = info.completeness().isComplete() && info.source() != null;
            String source = complete ? info.source() : rest;
            String remaining = complete ? info.remaining() : "";
            int length = rest.length() - remaining.length();
            pieces.add(new Piece(source, consumed + start(rest.substring(0, length), source)));
            consumed += length;
            rest = remaining;
        }
        return pieces;
    }

    /**
     * Where {@code source} begins within {@code consumed}, so that a position in the source is this offset plus the
     * position: JShell's source may keep or drop the blanks and comments that lead the consumed text.
     */
    private static int start(String consumed, String source) {
        String head = source.strip();
        head = head.substring(0, Math.min(head.length(), 24));
        int at = head.isEmpty() ? -1 : consumed.indexOf(head);
        if (at >= 0) {
            return Math.max(0, at - (source.length() - source.stripLeading().length()));
        }
        int i = 0;
        while (i < consumed.length() && Character.isWhitespace(consumed.charAt(i))) {
            i++;
        }
        return i;
    }

    @Override
    public Object evalRaw(String code) {
        long serial = cell.incrementAndGet();
        int count = executionCount.get() - 1; // the library counts the cell before it evaluates it
        Trainer.clearStop();
        hardStopped = false;
        running = true;
        try {
            String value = null;
            for (Piece piece : pieces(code)) {
                value = null;
                // JShell numbers a snippet's lines from its first non-blank character
                int line = lineOf(code, piece.offset() + piece.source().length()
                        - piece.source().stripLeading().length());
                for (SnippetEvent event : shell.eval(piece.source())) {
                    if (event.causeSnippet() != null) {
                        continue; // a dependent snippet updated by this one
                    }
                    origins.put(event.snippet().id(), new long[] {serial, count, line});
                    if (event.status() == Snippet.Status.REJECTED) {
                        throw new CellError("compile error", compileError(code, piece, event.snippet()));
                    }
                    if (event.exception() instanceof EvalException stopped
                            && stopped.getExceptionClassName().equals(TrainingStoppedException.class.getName())) {
                        // the stop button did what the student asked: say so as output, not as an error
                        System.out.println(withoutClassName(stopped.getExceptionClassName(), stopped.getMessage()));
                        return null;
                    }
                    if (event.exception() != null) {
                        throw new CellError(exceptionName(event.exception()), exception(event.exception()));
                    }
                    if (VALUE_KINDS.contains(event.snippet().subKind())) {
                        value = event.value();
                    }
                }
            }
            if (hardStopped) {
                System.out.println(String.format(Locale.ROOT, "(stopped: the cell was still running %d s after the "
                        + "stop button; definitions from before the stop are kept)", STOP_GRACE_MILLIS / 1000));
                return null;
            }
            return value == null || value.isEmpty() ? null : value;
        } finally {
            running = false;
        }
    }

    @Override
    public DisplayData eval(String code) {
        Object value = evalRaw(code);
        return value == null ? null : new DisplayData(value.toString());
    }

    /** The compile error's lines: which line of the cell, the line itself with a caret, and JShell's message. */
    List<String> compileError(String code, Piece piece, Snippet snippet) {
        List<String> lines = new ArrayList<>();
        for (Diag diag : shell.diagnostics(snippet).toList()) {
            if (!diag.isError()) {
                continue;
            }
            long pos = diag.getPosition() >= 0 ? diag.getPosition() : 0;
            int at = (int) Math.min(code.length(), piece.offset() + pos);
            int lineStart = code.lastIndexOf('\n', at - 1) + 1;
            int lineEnd = code.indexOf('\n', at);
            String line = code.substring(lineStart, lineEnd < 0 ? code.length() : lineEnd);
            int lineNumber = (int) code.substring(0, lineStart).chars().filter(c -> c == '\n').count() + 1;
            lines.add(String.format(Locale.ROOT, "Compile error in line %d of this cell:", lineNumber));
            lines.add("    " + line);
            lines.add("    " + " ".repeat(Math.max(0, at - lineStart)) + "^");
            for (String message : diag.getMessage(Locale.ROOT).split("\n")) {
                lines.add(message);
            }
        }
        if (lines.isEmpty()) {
            lines.add("Compile error in this cell: JShell rejected " + piece.source().strip());
        }
        return lines;
    }

    /** The 1-based line of {@code code} that holds offset {@code at}. */
    static int lineOf(String code, int at) {
        int line = 1;
        for (int i = 0; i < Math.min(at, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** A frame of a snippet ("#12", line 3 of the snippet) as the cell line it came from. */
    String cellFrame(StackTraceElement frame) {
        String file = frame.getFileName();
        long[] origin = file == null || !file.startsWith("#") ? null : origins.get(file.substring(1));
        if (origin == null) {
            return "this cell";
        }
        long line = origin[2] + Math.max(frame.getLineNumber(), 1) - 1;
        return origin[0] == cell.get() ? "line " + line + " of this cell"
                : "line " + line + " of cell [" + origin[1] + "]";
    }

    private static String exceptionName(JShellException e) {
        if (e instanceof EvalException ee) {
            return ee.getExceptionClassName();
        }
        return "unresolved reference";
    }

    /** An exception as one block: class and message, its frames down to the cell's, then its causes. */
    List<String> exception(Throwable e) {
        List<String> lines = new ArrayList<>();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String message = t.getMessage();
            String name = t instanceof EvalException ee ? ee.getExceptionClassName()
                    : t instanceof UnresolvedReferenceException ur
                            ? "unresolved reference: " + ur.getSnippet().source().strip()
                            : t.getClass().getName();
            message = message == null ? null : withoutClassName(name, message);
            lines.add((t == e ? "" : "Caused by: ") + name + (message == null ? "" : ": " + message));
            int shown = 0;
            for (StackTraceElement frame : t.getStackTrace()) {
                if (frame.getFileName() != null && frame.getFileName().startsWith("#")) {
                    String where = cellFrame(frame);
                    lines.add("    at " + where);
                    if (where.endsWith("this cell")) {
                        break;
                    }
                    continue;
                }
                if (frame.getClassName().startsWith("REPL.") || frame.getClassName().startsWith("jdk.jshell.")) {
                    lines.add("    at this cell");
                    break;
                }
                if (shown++ == MAX_FRAMES) {
                    lines.add("    ...");
                    break;
                }
                lines.add("    at " + frame);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return lines;
    }

    /** JShell's message of a cell's exception repeats its class name ("a.B: text"): the text alone. */
    static String withoutClassName(String className, String message) {
        return message != null && message.startsWith(className + ": ") ? message.substring(className.length() + 2)
                : message;
    }

    @Override
    public List<String> formatError(Throwable e) {
        return e instanceof CellError ce ? ce.lines() : exception(e);
    }

    /**
     * The stop button: asks training loops to stop before their next step; a cell still running after
     * {@value #STOP_GRACE_MILLIS} ms (a loop of the student's own) is stopped by JShell.
     */
    @Override
    public void interrupt() {
        if (!running) {
            return;
        }
        Trainer.requestStop();
        long target = cell.get();
        Thread hard = new Thread(() -> {
            try {
                Thread.sleep(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (running && cell.get() == target) {
                hardStopped = true;
                shell.stop();
            }
        }, "kernel-stop");
        hard.setDaemon(true);
        hard.start();
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        var docs = analysis.documentation(code.substring(0, Math.min(at, code.length())), at, false);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.get(0).signature());
    }

    /** Completion of course, DL4J and JDK names, from JShell's analysis of the snippet under the cursor. */
    @Override
    public ReplacementOptions complete(String code, int at) {
        int cursor = Math.min(Math.max(at, 0), code.length());
        int start = 0;
        for (Piece piece : pieces(code.substring(0, cursor))) {
            start = piece.offset();
        }
        String snippet = code.substring(start, cursor);
        int[] anchor = new int[1];
        List<String> names = new ArrayList<>();
        for (var s : analysis.completionSuggestions(snippet, snippet.length(), anchor)) {
            if (!names.contains(s.continuation())) {
                names.add(s.continuation());
            }
        }
        return new ReplacementOptions(names, start + anchor[0], cursor);
    }

    @Override
    public String isComplete(String code) {
        return switch (analysis.analyzeCompletion(code).completeness()) {
            case COMPLETE, COMPLETE_WITH_SEMI, EMPTY -> IS_COMPLETE_YES;
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> "    ";
            case UNKNOWN -> IS_COMPLETE_BAD;
        };
    }

    /** A cell's failure, with the lines the notebook shows for it. */
    static final class CellError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<String> lines;

        CellError(String name, List<String> lines) {
            super(name + ": " + (lines.isEmpty() ? "" : lines.get(0)), null, false, false);
            this.lines = List.copyOf(lines);
        }

        List<String> lines() {
            return lines;
        }
    }

    /** The library's defaults for the protocol parts, handed to the constructor. */
    static final class Builder extends BaseKernelBuilder<Builder, CourseKernel> {
        @Override
        public CourseKernel build() {
            return new CourseKernel(this);
        }

        String name() {
            return buildName();
        }

        String version() {
            return buildVersion();
        }

        org.dflib.jjava.jupyter.kernel.history.HistoryManager history() {
            return buildHistoryManager();
        }

        org.dflib.jjava.jupyter.kernel.JupyterIO io() {
            return buildJupyterIO(buildJupyterIOEncoding());
        }

        org.dflib.jjava.jupyter.kernel.comm.CommManager comms() {
            return buildCommManager();
        }

        org.dflib.jjava.jupyter.kernel.display.Renderer renderer() {
            return buildRenderer();
        }

        org.dflib.jjava.jupyter.kernel.magic.MagicsRegistry magics() {
            return buildMagicsRegistry();
        }

        org.dflib.jjava.jupyter.kernel.util.StringStyler styler() {
            return buildErrorStyler();
        }
    }
}
