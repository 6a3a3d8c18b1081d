package dev.dl4jlessons.kernel;

import java.io.File;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

import dev.dl4jlessons.harness.Charts;
import dev.dl4jlessons.harness.Trainer;
import dev.dl4jlessons.harness.TrainingStoppedException;
import dev.dl4jlessons.kernel.Wire.Msg;
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
 * (sockets, signing, the order of messages) is {@link KernelServer}'s; this class answers the requests.
 *
 * <p>A cell is cut into JShell snippets (statements, declarations, expressions) and run one by one, so printed output
 * streams as it happens. The value of a trailing expression is the cell's result. A compile error stops the cell
 * before anything after it runs and names the cell's line; an exception is one block: its class, message and the
 * course and library frames, down to the cell. {@link #interrupt()} (the notebook's stop button) stops a training
 * loop before its next step. {@code name?} shows the name's documentation in the pager.
 */
public final class CourseKernel implements KernelServer.Handler {
    /** The display name of the kernel, as Jupyter lists it. */
    public static final String DISPLAY_NAME = "Java (DL4J course)";
    /** The plain-text stand-in sent beside a chart's {@code image/png}. */
    public static final String CHART_TEXT = "<chart>";
    /** The language's name, as {@code language_info} and the kernelspec both say it. */
    public static final String LANGUAGE = "java";
    /** The file extension of the language, as {@code language_info} says it. */
    public static final String FILE_EXTENSION = ".java";
    /** How long an interrupt waits for a training loop to stop on its own before JShell stops the cell's thread. */
    static final long STOP_GRACE_MILLIS = 3000;
    /** Frames of an exception shown before the cell's own, at most. */
    static final int MAX_FRAMES = 8;
    /** The history session of this kernel: Jupyter's history requests name it, or 0 for "the current one". */
    static final int SESSION = 1;

    /** JShell's kinds of snippet whose value is the cell's result when they come last. */
    private static final Set<Snippet.SubKind> VALUE_KINDS = Set.of(Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND,
            Snippet.SubKind.VAR_VALUE_SUBKIND, Snippet.SubKind.OTHER_EXPRESSION_SUBKIND);
    /** {@code name?} or {@code a.b.name?}: the pager request. */
    private static final Pattern PAGER = Pattern.compile("\\s*([\\p{javaJavaIdentifierPart}.]+)\\s*\\?\\s*");

    private final JShell shell;
    private final SourceCodeAnalysis analysis;
    /** Counts cells; an interrupt's delayed hard stop only applies to the cell it was meant for. */
    private final AtomicLong cell = new AtomicLong();
    private volatile boolean running;
    /** Set when the stop button's grace ran out and JShell stopped the running cell. */
    private volatile boolean hardStopped;
    /** The notebook's {@code In [k]}: the next execution count. */
    private int executionCount = 1;
    /**
     * Where each snippet came from, by snippet id: its cell's serial number, that cell's execution count as the
     * notebook shows it ({@code In [k]}), and the cell line the snippet starts on.
     */
    private final Map<String, long[]> origins = new ConcurrentHashMap<>();
    private final History history = new History();
    private SourceDocs sourceDocs;

    /** Execute requests received by the server, numbered as they arrived; an interrupt stops all up to then. */
    private final AtomicLong received = new AtomicLong();
    private final Map<String, Long> arrival = new ConcurrentHashMap<>();
    private volatile long stopUpTo;
    /** The arrival number of the execute request running now, or 0. */
    private volatile long current;
    /** Stop presses on the running cell: the second one stops it at once. */
    private final AtomicLong presses = new AtomicLong();
    private volatile KernelServer server;
    private volatile Msg request;
    private PrintStream realOut = System.out;
    private PrintStream realErr = System.err;

    private CourseKernel() {
        // "local": the snippets run in this JVM, on its class path, rather than in a JVM that JShell would start
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : classPath()) {
            shell.addToClasspath(entry);
        }
        analysis = shell.sourceCodeAnalysis();
        // the first analysis and parse load javac: done now, so a console's first is_complete is answered in time
        analysis.analyzeCompletion("1");
        Syntax.parses(List.of("1"));
    }

    /**
     * The JVM's class path as JShell's compiler needs it: the kernelspec starts the kernel with {@code -jar} on a jar
     * whose manifest lists the real entries ({@code Class-Path}), so those entries are added one by one.
     */
    static List<String> classPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path", "").split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            entries.add(entry);
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (var jar = new java.util.jar.JarFile(entry)) {
                var manifest = jar.getManifest();
                String listed = manifest == null ? null
                        : manifest.getMainAttributes().getValue(java.util.jar.Attributes.Name.CLASS_PATH);
                if (listed == null) {
                    continue;
                }
                java.net.URI base = java.nio.file.Path.of(entry).toAbsolutePath().toUri();
                for (String url : listed.trim().split("\\s+")) {
                    java.net.URI uri = base.resolve(url);
                    if ("file".equals(uri.getScheme())) {
                        entries.add(java.nio.file.Path.of(uri).toString());
                    }
                }
            } catch (java.io.IOException | IllegalArgumentException e) {
                // not a readable jar: JShell gets the entry as it is
            }
        }
        return entries;
    }

    /** A new kernel; {@link KernelMain} connects it to Jupyter. Tests call {@link #evalRaw} directly. */
    public static CourseKernel create() {
        return new CourseKernel();
    }

    /**
     * Serves Jupyter on {@code server}: from now on {@code System.out} and {@code System.err} go to the running
     * cell (or, between cells, to the kernel's own terminal), and charts and displays reach the notebook.
     */
    void serve(KernelServer server) {
        this.server = server;
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(new CellStream(false), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new CellStream(true), true, StandardCharsets.UTF_8));
        Charts.displayWith(this::displayPng);
        Display.plug(this::display);
    }

    /** Closes JShell and unplugs the displays. */
    public void onShutdown(boolean restarting) {
        Charts.displayWith(null);
        Display.plug(null);
        shell.close();
    }

    /** What a cell prints: to the running cell's output, or to the kernel's terminal between cells. */
    private final class CellStream extends OutputStream {
        private final boolean err;

        CellStream(boolean err) {
            this.err = err;
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            String text = new String(b, off, len, StandardCharsets.UTF_8);
            KernelServer s = server;
            if (s == null || !s.stream(err, text)) {
                (err ? realErr : realOut).print(text);
            }
        }
    }

    /** Shows PNG bytes below the running cell. */
    void displayPng(byte[] png) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("image/png", Base64.getEncoder().encodeToString(png));
        data.put("text/plain", CHART_TEXT);
        display(new Display.Output(Display.Kind.SHOW, data, null));
    }

    /** Sends a display, an update of one or a clear_output for the running cell; none between cells. */
    void display(Display.Output output) {
        KernelServer s = server;
        Msg parent = request;
        if (s == null || parent == null) {
            return;
        }
        ObjectNode content = Wire.JSON.createObjectNode();
        if (output.kind() == Display.Kind.CLEAR) {
            content.put("wait", output.data().containsKey("wait"));
            s.publish(parent, "clear_output", content);
            return;
        }
        ObjectNode data = content.putObject("data");
        output.data().forEach(data::put);
        content.putObject("metadata");
        if (output.id() != null) {
            content.putObject("transient").put("display_id", output.id());
        }
        s.publish(parent, output.kind() == Display.Kind.UPDATE ? "update_display_data" : "display_data", content);
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

    /**
     * Runs a cell: its snippets in order, printed output streaming as it happens.
     *
     * @return the text of the trailing expression's value, or null
     * @throws CellError for a compile error or an exception, with the lines the notebook shows
     */
    public Object evalRaw(String code) {
        long serial = cell.incrementAndGet();
        int count = executionCount - 1; // counted before the cell runs, as the notebook shows it
        hardStopped = false;
        Trainer.clearStop();
        presses.set(0);
        running = true;
        try {
            // a stop pressed after the request came but before this line: running was still false then
            if (current != 0 && current <= stopUpTo) {
                throw new CellError("Interrupted", "the stop button was pressed before this cell started; nothing "
                        + "in it ran", List.of("Interrupted: the stop button was pressed before this cell started; "
                                + "nothing in it ran"));
            }
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
                        List<String> lines = compileError(code, piece, event.snippet());
                        throw new CellError("CompileError", lines.size() > 3 ? lines.get(3) : lines.get(0), lines);
                    }
                    if (event.exception() instanceof EvalException stopped
                            && stopped.getExceptionClassName().equals(TrainingStoppedException.class.getName())) {
                        // the stop button did what the student asked: say so as output, not as an error
                        System.out.println(withoutClassName(stopped.getExceptionClassName(), stopped.getMessage()));
                        return null;
                    }
                    if (event.exception() != null) {
                        throw new CellError(simpleName(exceptionName(event.exception())),
                                message(event.exception()), exception(event.exception()));
                    }
                    if (VALUE_KINDS.contains(event.snippet().subKind())) {
                        value = event.value();
                    }
                }
                if (hardStopped) {
                    break;
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

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1).replace('$', '.');
    }

    /** An exception's message without its class name in front, or "" when it has none. */
    private static String message(JShellException e) {
        if (e instanceof UnresolvedReferenceException ur) {
            return "a definition this cell uses is not complete: " + ur.getSnippet().source().strip();
        }
        String name = exceptionName(e);
        String message = withoutClassName(name, e.getMessage());
        return message == null ? "" : message;
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

    // ---- the protocol's requests ----

    @Override
    public void queued(Msg msg) {
        arrival.put(msg.id(), received.incrementAndGet());
    }

    @Override
    public void control(Msg msg, KernelServer server) {
        switch (msg.type()) {
            case "interrupt_request" -> {
                interrupt();
                server.reply(msg, true, "interrupt_reply", ok());
            }
            case "shutdown_request" -> shutdown(msg, server, true);
            default -> {
                // debug requests and others: this kernel has no debugger
            }
        }
    }

    @Override
    public void shell(Msg msg, KernelServer server) {
        if (msg.type().equals("shutdown_request")) {
            shutdown(msg, server, false);
            return;
        }
        if (msg.type().startsWith("comm_msg") || msg.type().equals("comm_close")) {
            return; // no comms are ever open
        }
        server.publish(msg, "status", status("busy"));
        try {
            ObjectNode c = msg.content();
            switch (msg.type()) {
                case "execute_request" -> execute(msg, server);
                case "comm_info_request" -> {
                    ObjectNode reply = ok();
                    reply.putObject("comms");
                    server.reply(msg, false, "comm_info_reply", reply);
                }
                case "comm_open" -> {
                    // no comm targets: the protocol's answer is to close the comm at once
                    ObjectNode close = Wire.JSON.createObjectNode();
                    close.put("comm_id", c.path("comm_id").asText());
                    close.putObject("data");
                    server.publish(msg, "comm_close", close);
                }
                case "complete_request" -> {
                    String code = c.path("code").asText();
                    int at = c.path("cursor_pos").asInt(code.length());
                    Completion completion = complete(code, at);
                    ObjectNode reply = ok();
                    ArrayNode matches = reply.putArray("matches");
                    completion.matches().forEach(matches::add);
                    reply.put("cursor_start", completion.start());
                    reply.put("cursor_end", completion.end());
                    reply.putObject("metadata");
                    server.reply(msg, false, "complete_reply", reply);
                }
                case "inspect_request" -> {
                    String code = c.path("code").asText();
                    String doc = inspect(code, c.path("cursor_pos").asInt(code.length()),
                            c.path("detail_level").asInt(0) > 0);
                    ObjectNode reply = ok();
                    reply.put("found", doc != null);
                    ObjectNode data = reply.putObject("data");
                    if (doc != null) {
                        data.put("text/plain", doc);
                    }
                    reply.putObject("metadata");
                    server.reply(msg, false, "inspect_reply", reply);
                }
                case "is_complete_request" -> {
                    String verdict = isComplete(c.path("code").asText());
                    ObjectNode reply = Wire.JSON.createObjectNode();
                    if (verdict.isBlank()) {
                        reply.put("status", "incomplete");
                        reply.put("indent", verdict);
                    } else {
                        reply.put("status", verdict);
                    }
                    server.reply(msg, false, "is_complete_reply", reply);
                }
                case "history_request" -> server.reply(msg, false, "history_reply", history.answer(c));
                default -> realErr.println("kernel: ignored a request of unknown type '" + msg.type() + "'");
            }
        } finally {
            server.publish(msg, "status", status("idle"));
        }
    }

    private void shutdown(Msg msg, KernelServer server, boolean control) {
        ObjectNode reply = ok();
        reply.put("restart", msg.content().path("restart").asBoolean(false));
        server.reply(msg, control, "shutdown_reply", reply);
        Trainer.requestStop();
        server.close();
    }

    private static ObjectNode ok() {
        ObjectNode node = Wire.JSON.createObjectNode();
        node.put("status", "ok");
        return node;
    }

    private static ObjectNode status(String state) {
        ObjectNode node = Wire.JSON.createObjectNode();
        node.put("execution_state", state);
        return node;
    }

    /** The kernel_info_reply's content; the server answers it at once, even while JShell starts. */
    static ObjectNode kernelInfo() {
        ObjectNode info = ok();
        info.put("protocol_version", Wire.PROTOCOL_VERSION);
        info.put("implementation", KernelSpec.NAME);
        info.put("implementation_version", "1.0");
        ObjectNode language = info.putObject("language_info");
        language.put("name", LANGUAGE);
        language.put("version", String.valueOf(Runtime.version().feature()));
        language.put("mimetype", "text/x-java-source");
        language.put("file_extension", FILE_EXTENSION);
        language.put("pygments_lexer", "java");
        language.put("codemirror_mode", "java");
        info.put("banner", DISPLAY_NAME + ": Java " + Runtime.version() + " in JShell, with the course, DL4J and "
                + "ND4J on the class path. name? shows a name's documentation.");
        info.put("debugger", false);
        info.putArray("help_links");
        return info;
    }

    private void execute(Msg msg, KernelServer server) {
        ObjectNode c = msg.content();
        String code = c.path("code").asText("");
        boolean silent = c.path("silent").asBoolean(false);
        boolean store = c.path("store_history").asBoolean(true) && !silent;
        // an execute request that came while JShell started has no number: a stop button then stops it running
        Long number = arrival.remove(msg.id());
        long arrived = number == null ? Long.MAX_VALUE : number;
        int count = store ? executionCount++ : Math.max(1, executionCount - 1);
        if (!silent) {
            ObjectNode input = Wire.JSON.createObjectNode();
            input.put("code", code);
            input.put("execution_count", count);
            server.publish(msg, "execute_input", input);
        }
        long undelivered = server.undelivered();
        current = arrived;
        request = msg;
        server.streamTo(msg);
        ObjectNode reply;
        String result = null;
        try {
            reply = ok();
            ArrayNode payload = reply.putArray("payload");
            var pager = PAGER.matcher(code);
            if (pager.matches()) {
                String name = pager.group(1);
                String doc = inspect(name, name.length(), true);
                ObjectNode page = payload.addObject();
                page.put("source", "page");
                page.putObject("data").put("text/plain", doc != null ? doc : "No documentation found for " + name);
                page.put("start", 0);
            } else {
                Object value = evalRaw(code);
                result = value == null ? null : value.toString();
            }
            server.streamTo(null);
            if (result != null && !silent) {
                ObjectNode out = Wire.JSON.createObjectNode();
                out.put("execution_count", count);
                out.putObject("data").put("text/plain", result);
                out.putObject("metadata");
                server.publish(msg, "execute_result", out);
            }
            reply.put("execution_count", count);
            reply.putObject("user_expressions");
        } catch (CellError e) {
            server.streamTo(null);
            ObjectNode error = Wire.JSON.createObjectNode();
            error.put("ename", e.ename());
            error.put("evalue", e.evalue());
            ArrayNode traceback = error.putArray("traceback");
            e.lines().forEach(traceback::add);
            server.publish(msg, "error", error);
            reply = error.deepCopy();
            reply.put("status", "error");
            reply.put("execution_count", count);
        } finally {
            server.streamTo(null);
            request = null;
            current = 0;
        }
        long lost = server.undelivered() - undelivered;
        if (lost > 0) {
            realErr.println("kernel: " + lost + " output messages of cell [" + count + "] were not delivered: the "
                    + "client did not read them within " + KernelServer.SEND_PATIENCE_NANOS / 1_000_000_000L + " s");
            ObjectNode note = Wire.JSON.createObjectNode();
            note.put("name", "stderr");
            note.put("text", "(kernel: " + lost + " output messages of this cell were dropped: the notebook did not "
                    + "read them in time)\n");
            server.publish(msg, "stream", note);
        }
        if (store) {
            history.add(count, code, result);
        }
        server.reply(msg, false, "execute_reply", reply);
    }

    /**
     * The stop button: asks training loops to stop before their next step; a cell still running after
     * {@value #STOP_GRACE_MILLIS} ms (a loop of the student's own), or pressed a second time, is stopped by JShell.
     * Execute requests that arrived before the press and have not started yet do not run.
     */
    public void interrupt() {
        stopUpTo = Math.max(stopUpTo, received.get());
        if (!running) {
            return; // a cell about to start sees stopUpTo when it does
        }
        Trainer.requestStop();
        long target = cell.get();
        if (presses.incrementAndGet() > 1) {
            hardStop(target);
            return;
        }
        Thread hard = new Thread(() -> {
            try {
                Thread.sleep(STOP_GRACE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            hardStop(target);
        }, "kernel-stop");
        hard.setDaemon(true);
        hard.start();
    }

    private void hardStop(long target) {
        if (running && cell.get() == target) {
            hardStopped = true;
            shell.stop();
        }
    }

    /**
     * The documentation of the name before {@code at}: its signature and its Javadoc's summary (its first sentence),
     * or with {@code detail} the whole Javadoc; or null. JDK names are documented by JShell from the JDK's
     * {@code src.zip}; course and library names by {@link SourceDocs}, from their sources.
     */
    public String inspect(String code, int at, boolean detail) {
        int cursor = Math.min(Math.max(at, 0), code.length());
        // the name under the cursor counts as a whole, as a click on it means
        while (cursor < code.length() && Character.isJavaIdentifierPart(code.charAt(cursor))) {
            cursor++;
        }
        int start = 0;
        for (Piece piece : pieces(code.substring(0, cursor))) {
            start = piece.offset();
        }
        String snippet = code.substring(start, cursor);
        List<SourceCodeAnalysis.Documentation> docs = documentation(snippet);
        String name = trailingName(snippet);
        if (docs.isEmpty() && !name.isEmpty() && !name.equals(snippet)) {
            // a type's name where JShell reads an expression (var x = a.b.Type): the qualified name alone
            docs = documentation(name);
        }
        if (docs.isEmpty()) {
            return null;
        }
        var text = new StringBuilder();
        for (var doc : docs) {
            if (text.length() > 0) {
                text.append("\n\n");
            }
            text.append(doc.signature());
            String javadoc = doc.javadoc();
            if (javadoc == null || javadoc.isBlank()) {
                javadoc = sourceDocs().javadoc(doc.signature(), imports());
            }
            if (javadoc != null && !javadoc.isBlank()) {
                String shown = detail ? javadoc.strip() : SourceDocs.summary(javadoc);
                if (!shown.isEmpty()) {
                    text.append("\n").append(shown);
                }
            }
        }
        return text.toString();
    }

    /** JShell's documentation of the snippet's end; for a method's name alone, from inside its call's parentheses. */
    private List<SourceCodeAnalysis.Documentation> documentation(String snippet) {
        List<SourceCodeAnalysis.Documentation> docs = analysis.documentation(snippet, snippet.length(), true);
        return docs.isEmpty() ? analysis.documentation(snippet + "(", snippet.length() + 1, true) : docs;
    }

    /** The qualified name that ends {@code snippet}: identifiers and dots. */
    static String trailingName(String snippet) {
        int i = snippet.length();
        while (i > 0 && (Character.isJavaIdentifierPart(snippet.charAt(i - 1)) || snippet.charAt(i - 1) == '.')) {
            i--;
        }
        return snippet.substring(i);
    }

    /** The sources of the course and its libraries, found once, on the first inspection that needs them. */
    private synchronized SourceDocs sourceDocs() {
        if (sourceDocs == null) {
            Path home = dev.dl4jlessons.runtime.ProjectFiles.root().orElse(null);
            sourceDocs = SourceDocs.of(classPath(), home,
                    Path.of(System.getProperty("user.home"), ".m2", "repository"));
        }
        return sourceDocs;
    }

    /** The notebook's imports: packages imported on demand, and single types by their full names. */
    private List<String> imports() {
        return shell.imports().filter(i -> !i.isStatic()).map(i -> i.fullname().endsWith(".*")
                ? i.fullname().substring(0, i.fullname().length() - 2) : i.fullname()).toList();
    }

    /** What a completion request gets: the names, and the part of the cell they replace. */
    public record Completion(List<String> matches, int start, int end) {
    }

    /** Completion of course, DL4J and JDK names, from JShell's analysis of the snippet under the cursor. */
    public Completion complete(String code, int at) {
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
        return new Completion(names, start + anchor[0], cursor);
    }

    /**
     * Whether a console may run the code: {@code complete}, {@code invalid} (it cannot parse), or for an unclosed
     * block the indent of the next line.
     */
    public String isComplete(String code) {
        return switch (analysis.analyzeCompletion(code).completeness()) {
            case EMPTY -> "complete";
            case DEFINITELY_INCOMPLETE, CONSIDERED_INCOMPLETE -> indent(code);
            case UNKNOWN -> "invalid";
            case COMPLETE, COMPLETE_WITH_SEMI -> Syntax.parses(pieces(code).stream().map(Piece::source).toList())
                    ? "complete" : "invalid";
        };
    }

    /** The next line's indent: the last line's, one level deeper when the code opens more blocks than it closes. */
    static String indent(String code) {
        String last = code.substring(code.lastIndexOf('\n') + 1);
        String own = last.substring(0, last.length() - last.stripLeading().length());
        long open = code.chars().filter(ch -> ch == '{' || ch == '(').count()
                - code.chars().filter(ch -> ch == '}' || ch == ')').count();
        String trimmed = last.strip();
        boolean deeper = open > 0 && (trimmed.endsWith("{") || trimmed.endsWith("(") || own.isEmpty());
        return deeper ? own + "    " : (own.isEmpty() ? "    " : own);
    }

    /** A cell's failure: the exception's simple class name, its message once, and the lines the notebook shows. */
    static final class CellError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String ename;
        private final String evalue;
        private final transient List<String> lines;

        CellError(String ename, String evalue, List<String> lines) {
            super(ename + ": " + evalue, null, false, false);
            this.ename = ename;
            this.evalue = evalue;
            this.lines = List.copyOf(lines);
        }

        String ename() {
            return ename;
        }

        String evalue() {
            return evalue;
        }

        List<String> lines() {
            return lines;
        }
    }

    /** The traceback lines of a cell's failure (the notebook's red block). */
    public List<String> formatError(Throwable e) {
        return e instanceof CellError ce ? ce.lines() : exception(e);
    }
}
