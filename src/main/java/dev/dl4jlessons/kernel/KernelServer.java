package dev.dl4jlessons.kernel;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.zeromq.SocketType;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

import dev.dl4jlessons.kernel.Wire.Bad;
import dev.dl4jlessons.kernel.Wire.Good;
import dev.dl4jlessons.kernel.Wire.Msg;

/**
 * The kernel's five ZeroMQ sockets and the threads that serve them.
 *
 * <p>One thread, {@code kernel-io}, owns the shell, control, stdin and IOPub sockets: it reads every request, hands
 * shell requests to the {@code kernel-shell} thread in order, answers control requests at once (so the stop button
 * and shutdown work while a cell runs), and sends everything the other threads queued. A cell's own thread never
 * touches a socket: what it prints is appended to a buffer that {@code kernel-io} sends in batches, so a stopped cell
 * cannot leave a socket half-written. The heartbeat echoes on its own thread.
 *
 * <p>Nothing a peer sends stops these threads: a frame larger than {@link #MAX_MESSAGE_BYTES} is refused by ZeroMQ
 * before it is read into memory (it closes that peer's connection); a message with more than {@link #MAX_FRAMES}
 * frames, without the {@code <IDS|MSG>} delimiter, unsigned or signed with another key, or whose JSON frames are not
 * objects is dropped; each kind of fault is counted and logged in one line the first time it happens on a channel.
 */
final class KernelServer {
    /** The largest frame read from a peer, in bytes. A cell's source is far below it. */
    static final long MAX_MESSAGE_BYTES = 16L * 1024 * 1024;
    /** The most frames of one message read; routing identities and buffers included. */
    static final int MAX_FRAMES = 64;
    /** How long {@code kernel-io} waits for a socket before it looks at the queued output again. */
    static final int POLL_MILLIS = 5;
    /** Printed output waits at most this long before it is sent. */
    static final long STREAM_FLUSH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Printed text is sent in messages of at most this many characters. */
    static final int STREAM_CHUNK = 256 * 1024;
    /** A cell that prints faster than the output is sent waits once this much text is pending. */
    static final int STREAM_PENDING_MAX = 4 * 1024 * 1024;
    /** How long a message waits for a client that does not read its IOPub before it is dropped and counted. */
    static final long SEND_PATIENCE_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** The protocol's side of the kernel: what the server calls for each request. */
    interface Handler {
        /** A shell request, on the {@code kernel-shell} thread, one at a time, in the order they came. */
        void shell(Msg request, KernelServer server);

        /** A control request, on the {@code kernel-io} thread: answer quickly. */
        void control(Msg request, KernelServer server);

        /** An execute request has arrived and waits behind earlier shell requests; called on {@code kernel-io}. */
        default void queued(Msg request) {
        }
    }

    private enum Channel {
        SHELL, CONTROL, STDIN, IOPUB
    }

    private record Out(Channel channel, Msg msg) {
    }

    private final ConnectionFile connection;
    private final Wire wire;
    private volatile Handler handler;
    private final CountDownLatch ready = new CountDownLatch(1);
    private final PrintStream log;
    private final ZMQ.Context context = ZMQ.context(1);
    private ZMQ.Socket shell;
    private ZMQ.Socket control;
    private ZMQ.Socket stdin;
    private ZMQ.Socket iopub;
    private ZMQ.Socket heartbeat;

    private final ConcurrentLinkedQueue<Out> outbox = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<Msg> shellQueue = new LinkedBlockingQueue<>();
    private final Map<String, Long> dropped = new TreeMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile boolean closing;
    private long undelivered;

    /** Printed text not yet sent, per stream name, and the request it belongs to; guarded by {@code this}. */
    private final StringBuilder pendingOut = new StringBuilder();
    private final StringBuilder pendingErr = new StringBuilder();
    private Msg streamParent;
    private long lastFlush = System.nanoTime();

    KernelServer(ConnectionFile connection, PrintStream log) {
        this.connection = connection;
        this.wire = new Wire(connection.signatureScheme(), connection.key());
        this.log = log;
    }

    /**
     * Hands the requests to {@code handler} from now on. Until then (JShell starting) the server already answers
     * kernel_info and shutdown, and keeps the shell requests in order for it.
     */
    void serveWith(Handler handler) {
        this.handler = handler;
        ready.countDown();
    }

    /** Thrown by {@link #bind} when a port cannot be bound: nothing is left open. */
    static final class BindFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindFailure(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Binds all five sockets, or none: when one port is taken (another program got it between Jupyter choosing it and
     * the kernel starting), every socket opened so far is closed and {@link BindFailure} names the port.
     */
    void bind() {
        List<ZMQ.Socket> opened = new ArrayList<>();
        try {
            shell = open(SocketType.ROUTER, connection.shellPort(), "shell", opened);
            control = open(SocketType.ROUTER, connection.controlPort(), "control", opened);
            stdin = open(SocketType.ROUTER, connection.stdinPort(), "stdin", opened);
            iopub = open(SocketType.XPUB, connection.iopubPort(), "iopub", opened);
            heartbeat = open(SocketType.REP, connection.hbPort(), "heartbeat", opened);
        } catch (BindFailure e) {
            for (ZMQ.Socket s : opened) {
                s.close();
            }
            context.close();
            throw e;
        }
    }

    private ZMQ.Socket open(SocketType type, int port, String name, List<ZMQ.Socket> opened) {
        ZMQ.Socket socket = context.socket(type);
        opened.add(socket);
        socket.setLinger(type == SocketType.XPUB ? 1000 : 0);
        socket.setMaxMsgSize(MAX_MESSAGE_BYTES);
        if (type == SocketType.XPUB) {
            socket.setSndHWM(100_000);
            socket.setXpubVerbose(true); // every client's subscription arrives, so each gets its iopub_welcome
            socket.setXpubNoDrop(true); // a full queue is an error the kernel counts, not a silent loss
        }
        if (type == SocketType.ROUTER) {
            socket.setRouterMandatory(false);
        }
        String address = connection.address(port);
        try {
            if (!socket.bind(address)) {
                throw new BindFailure(bindMessage(name, address, "bind failed"));
            }
        } catch (ZMQException e) {
            throw new BindFailure(bindMessage(name, address,
                    e.getErrorCode() == zmq.ZError.EADDRINUSE ? "address in use" : e.getMessage()));
        } catch (IllegalArgumentException e) {
            throw new BindFailure(bindMessage(name, address, e.getMessage()));
        }
        return socket;
    }

    private static String bindMessage(String name, String address, String reason) {
        return "error: the kernel cannot start: its " + name + " port " + address + " cannot be bound ("
                + (reason == null ? "in use" : reason.toLowerCase(Locale.ROOT)) + "); another program may hold it. "
                + "Start the kernel again: Jupyter chooses new ports.";
    }

    /** Starts serving on the bound sockets. */
    void start() {
        Thread io = new Thread(this::ioLoop, "kernel-io");
        Thread worker = new Thread(this::shellLoop, "kernel-shell");
        Thread hb = new Thread(this::heartbeatLoop, "kernel-heartbeat");
        for (Thread t : List.of(io, worker, hb)) {
            t.setDaemon(true);
            t.start();
        }
    }

    /** Waits until {@link #close} has run. */
    void awaitClose() throws InterruptedException {
        closed.await();
    }

    /** Stops serving: the output queued so far is sent, then every socket closes. */
    void close() {
        closing = true;
    }

    /** The dropped messages so far, by channel and kind of fault ({@code "shell: unsigned"}). */
    synchronized Map<String, Long> dropped() {
        return new TreeMap<>(dropped);
    }

    private void drop(String channel, String kind) {
        long count;
        synchronized (this) {
            count = dropped.merge(channel + ": " + kind, 1L, Long::sum);
        }
        if (count == 1) {
            log.println("kernel: dropped a message on " + channel + ": " + kind + " (further ones of this kind are "
                    + "counted, not logged)");
        }
    }

    // ---- reading ----

    /** All frames of the next message on a socket, or null when it had too many (read and discarded). */
    private List<byte[]> receive(ZMQ.Socket socket) {
        List<byte[]> frames = new ArrayList<>();
        boolean tooMany = false;
        do {
            byte[] frame = socket.recv(ZMQ.DONTWAIT);
            if (frame == null) {
                break;
            }
            if (frames.size() < MAX_FRAMES) {
                frames.add(frame);
            } else {
                tooMany = true;
            }
        } while (socket.hasReceiveMore());
        return tooMany ? null : frames;
    }

    private Msg read(ZMQ.Socket socket, String channel) {
        List<byte[]> frames = receive(socket);
        if (frames == null) {
            drop(channel, "more than " + MAX_FRAMES + " frames");
            return null;
        }
        if (frames.isEmpty()) {
            return null;
        }
        var parsed = wire.parse(frames);
        if (parsed instanceof Bad bad) {
            drop(channel, bad.kind());
            return null;
        }
        return ((Good) parsed).msg();
    }

    private void ioLoop() {
        ZMQ.Poller poller = context.poller(4);
        int shellAt = poller.register(shell, ZMQ.Poller.POLLIN);
        int controlAt = poller.register(control, ZMQ.Poller.POLLIN);
        int stdinAt = poller.register(stdin, ZMQ.Poller.POLLIN);
        int iopubAt = poller.register(iopub, ZMQ.Poller.POLLIN);
        try {
            while (!closing) {
                poller.poll(POLL_MILLIS);
                try {
                    if (poller.pollin(iopubAt)) {
                        subscriptions();
                    }
                    if (poller.pollin(shellAt)) {
                        Msg msg = read(shell, "shell");
                        if (msg != null && !answeredAtOnce(msg, false)) {
                            Handler h = handler;
                            if (h != null && msg.type().equals("execute_request")) {
                                h.queued(msg);
                            }
                            shellQueue.add(msg);
                        }
                    }
                    if (poller.pollin(controlAt)) {
                        Msg msg = read(control, "control");
                        if (msg != null && !answeredAtOnce(msg, true)) {
                            Handler h = handler;
                            if (h != null) {
                                h.control(msg, this);
                            }
                        }
                    }
                    if (poller.pollin(stdinAt)) {
                        read(stdin, "stdin"); // input replies: the course's cells do not read System.in
                    }
                    sendQueued(false);
                } catch (RuntimeException | StackOverflowError e) {
                    // a handler's fault must not end the loop: the kernel would look alive and answer nothing
                    drop("a channel", "a request the kernel failed on (" + e.getClass().getSimpleName() + ")");
                }
            }
            sendQueued(true);
        } finally {
            poller.close();
            for (ZMQ.Socket s : new ZMQ.Socket[] {shell, control, stdin, iopub}) {
                s.close();
            }
            heartbeat.close();
            context.close();
            closed.countDown();
        }
    }

    /**
     * kernel_info at once (a client waits for it to know the kernel is up); history (empty) and shutdown before the
     * handler exists.
     */
    private boolean answeredAtOnce(Msg msg, boolean onControl) {
        if (msg.type().equals("kernel_info_request")) {
            reply(msg, onControl, "kernel_info_reply", CourseKernel.kernelInfo());
            return true;
        }
        if (msg.type().equals("history_request") && handler == null) {
            // JShell is still starting, so no cell has run: a console asks this at start and must not wait for it
            ObjectNode content = Wire.JSON.createObjectNode();
            content.put("status", "ok");
            content.putArray("history");
            reply(msg, onControl, "history_reply", content);
            return true;
        }
        if (msg.type().equals("shutdown_request") && handler == null) {
            ObjectNode content = Wire.JSON.createObjectNode();
            content.put("status", "ok");
            content.put("restart", msg.content().path("restart").asBoolean(false));
            reply(msg, onControl, "shutdown_reply", content);
            close();
            return true;
        }
        return false;
    }

    /** Each new IOPub subscription gets an {@code iopub_welcome} (protocol 5.4) naming its topic. */
    private void subscriptions() {
        byte[] frame;
        while ((frame = iopub.recv(ZMQ.DONTWAIT)) != null) {
            if (frame.length >= 1 && frame[0] == 1) {
                ObjectNode content = Wire.JSON.createObjectNode();
                content.put("subscription", new String(frame, 1, frame.length - 1, StandardCharsets.UTF_8));
                sendFrames(iopub, wire.frames(wire.message(null, "iopub_welcome", content, List.of())), true);
            }
        }
    }

    private void shellLoop() {
        try {
            ready.await();
        } catch (InterruptedException e) {
            return;
        }
        while (!closing) {
            Msg msg;
            try {
                msg = shellQueue.poll(100, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                return;
            }
            if (msg == null) {
                continue;
            }
            try {
                handler.shell(msg, this);
            } catch (RuntimeException | StackOverflowError e) {
                drop("shell", "a request the kernel failed on (" + e.getClass().getSimpleName() + ")");
            }
        }
    }

    private void heartbeatLoop() {
        try {
            ZMQ.Poller poller = context.poller(1);
            poller.register(heartbeat, ZMQ.Poller.POLLIN);
            while (!closing) {
                if (poller.poll(100) > 0) {
                    byte[] ping = heartbeat.recv(ZMQ.DONTWAIT);
                    if (ping != null) {
                        heartbeat.send(ping, 0);
                    }
                }
            }
            poller.close();
        } catch (ZMQException | IllegalStateException e) {
            // closing
        }
    }

    // ---- sending ----

    /** Sends a reply on the channel the request came on. */
    void reply(Msg request, boolean control, String type, ObjectNode content) {
        outbox.add(new Out(control ? Channel.CONTROL : Channel.SHELL,
                wire.message(request, type, content, request.identities())));
    }

    /** Publishes on IOPub, after any printed text that came before it. */
    void publish(Msg parent, String type, ObjectNode content) {
        publish(wire.message(parent, type, content, List.of(type.getBytes(StandardCharsets.UTF_8))));
    }

    /** Publishes a message made with {@link Wire#message}, after any printed text that came before it. */
    synchronized void publish(Msg msg) {
        flushStreams();
        outbox.add(new Out(Channel.IOPUB, msg));
    }

    /** The message that printed text belongs to from now on; null drops it (no cell is running). */
    synchronized void streamTo(Msg parent) {
        flushStreams();
        streamParent = parent;
        notifyAll();
    }

    /**
     * Appends printed text for the running cell. Waits while too much text is pending (a cell printing faster than
     * Jupyter reads), so that nothing is lost; returns false when no cell is running and the text was dropped.
     */
    synchronized boolean stream(boolean err, String text) {
        if (streamParent == null) {
            return false;
        }
        StringBuilder pending = err ? pendingErr : pendingOut;
        while (pendingOut.length() + pendingErr.length() > STREAM_PENDING_MAX && streamParent != null && !closing) {
            try {
                wait(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        pending.append(text);
        return true;
    }

    /** Turns pending text into stream messages on the outbox; caller holds the lock. */
    private void flushStreams() {
        lastFlush = System.nanoTime();
        for (boolean err : new boolean[] {false, true}) {
            StringBuilder pending = err ? pendingErr : pendingOut;
            for (int from = 0; from < pending.length(); from += STREAM_CHUNK) {
                ObjectNode content = Wire.JSON.createObjectNode();
                content.put("name", err ? "stderr" : "stdout");
                content.put("text", pending.substring(from, Math.min(pending.length(), from + STREAM_CHUNK)));
                outbox.add(new Out(Channel.IOPUB, wire.message(streamParent, "stream", content,
                        List.of("stream".getBytes(StandardCharsets.UTF_8)))));
            }
            pending.setLength(0);
        }
        notifyAll();
    }

    /** How many IOPub messages a client that stopped reading made the kernel drop so far. */
    synchronized long undelivered() {
        return undelivered;
    }

    private void sendQueued(boolean all) {
        synchronized (this) {
            if (all || System.nanoTime() - lastFlush > STREAM_FLUSH_NANOS
                    || pendingOut.length() + pendingErr.length() > STREAM_CHUNK) {
                flushStreams();
            }
        }
        Out out;
        while ((out = outbox.poll()) != null) {
            ZMQ.Socket socket = switch (out.channel()) {
                case SHELL -> shell;
                case CONTROL -> control;
                case STDIN -> stdin;
                case IOPUB -> iopub;
            };
            List<byte[]> frames = wire.frames(out.msg());
            if (!sendFrames(socket, frames, out.channel() == Channel.IOPUB)) {
                synchronized (this) {
                    undelivered++;
                }
            }
        }
    }

    /** Sends one message; IOPub waits up to {@link #SEND_PATIENCE_NANOS} for a slow client. */
    private boolean sendFrames(ZMQ.Socket socket, List<byte[]> frames, boolean patient) {
        long deadline = System.nanoTime() + SEND_PATIENCE_NANOS;
        while (true) {
            // ZeroMQ queues all parts of a message or none, so a first part refused leaves nothing half-sent
            if (socket.send(frames.get(0), ZMQ.DONTWAIT | (frames.size() > 1 ? ZMQ.SNDMORE : 0))) {
                for (int i = 1; i < frames.size(); i++) {
                    socket.send(frames.get(i), i < frames.size() - 1 ? ZMQ.SNDMORE : 0);
                }
                return true;
            }
            if (!patient || System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
