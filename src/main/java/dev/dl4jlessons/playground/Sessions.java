package dev.dl4jlessons.playground;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import dev.dl4jlessons.runtime.InputException;
import io.vertx.core.json.JsonObject;

/**
 * The live sessions, one per open page, and the threads that train them.
 *
 * <p>Bounds: at most {@code max} sessions; one task per session queued or running at a time on a pool of
 * {@code threads} trainers (a session that cannot keep up trains fewer steps, it never queues more work); each page
 * is sent at most {@link #UPDATES_PER_SECOND} updates a second. A session ends when its page's event stream closes,
 * when no page connects within {@code connectWithin} of its creation, or after {@code idle} without a request from its
 * page; its network is dropped then.
 */
public final class Sessions implements AutoCloseable {
    /** Updates sent to a playing page per second. */
    public static final int UPDATES_PER_SECOND = 5;

    /** Where a session's updates go: its page's event stream. */
    public interface Sink {
        /** Sends one event; returns false when the page is gone. Must not block. */
        boolean send(String event, String json);

        /** Ends the stream. */
        void close();
    }

    /** Thrown when {@code max} sessions are live. */
    public static final class Full extends InputException {
        private static final long serialVersionUID = 1L;

        Full(int max) {
            super("too many playground pages are open (" + max + "); close one and reload");
        }
    }

    private final int max;
    private final PlaygroundFashion fashion;
    private final Duration idle;
    private final Duration connectWithin;
    private final Map<String, Live> live = new ConcurrentHashMap<>();
    private final ExecutorService trainers;
    private final ScheduledExecutorService ticker;
    private final SecureRandom ids = new SecureRandom();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong freed = new AtomicLong();

    /**
     * @param max           most live sessions
     * @param threads       training threads
     * @param idle          a session without a request from its page for this long ends
     * @param connectWithin a session whose page has not opened its event stream by then ends
     */
    public Sessions(int max, int threads, Duration idle, Duration connectWithin) {
        this(max, threads, idle, connectWithin, PlaygroundFashion.absent());
    }

    /**
     * @param max           most live sessions
     * @param threads       training threads
     * @param idle          a session without a request from its page for this long ends
     * @param connectWithin a session whose page has not opened its event stream by then ends
     * @param fashion       where Fashion-MNIST is, or {@link PlaygroundFashion#absent()}
     */
    public Sessions(int max, int threads, Duration idle, Duration connectWithin, PlaygroundFashion fashion) {
        this.max = max;
        this.fashion = fashion;
        this.idle = idle;
        this.connectWithin = connectWithin;
        this.trainers = Executors.newFixedThreadPool(threads, daemon("playground-trainer-"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon("playground-ticker-"));
        ticker.scheduleWithFixedDelay(this::tick, 0, 1000 / UPDATES_PER_SECOND, TimeUnit.MILLISECONDS);
    }

    /**
     * The course's defaults: 32 pages, 2 trainers, 15 minutes idle, 30 seconds to connect, Fashion-MNIST where the
     * environment or Debian's package puts it.
     */
    public static Sessions defaults() {
        return defaults(PlaygroundFashion.locate(null));
    }

    /** {@link #defaults()} with Fashion-MNIST from {@code fashion}. */
    public static Sessions defaults(PlaygroundFashion fashion) {
        return new Sessions(32, 2, Duration.ofMinutes(15), Duration.ofSeconds(30), fashion);
    }

    /** Where Fashion-MNIST is, if anywhere. */
    public PlaygroundFashion fashion() {
        return fashion;
    }

    /** The number of live sessions. */
    public int count() {
        return live.size();
    }

    /** The most live sessions. */
    public int max() {
        return max;
    }

    /** Sessions created and freed since the start. */
    public JsonObject status() {
        return new JsonObject().put("sessions", live.size()).put("maxSessions", max).put("created", created.get())
                .put("freed", freed.get());
    }

    /**
     * A new session for {@code settings}; its network is built here, on the caller's thread.
     *
     * @return its id
     * @throws Full when {@code max} sessions are live
     */
    public String create(PlaygroundSettings settings) {
        if (live.size() >= max) {
            throw new Full(max);
        }
        var session = new Live(new Session(settings, fashion));
        String id = HexFormat.of().formatHex(bytes());
        synchronized (live) {
            if (live.size() >= max) {
                throw new Full(max);
            }
            live.put(id, session);
        }
        created.incrementAndGet();
        return id;
    }

    private byte[] bytes() {
        byte[] b = new byte[16];
        ids.nextBytes(b);
        return b;
    }

    /** True if {@code id} names a live session. */
    public boolean exists(String id) {
        return live.containsKey(id);
    }

    /** The Java code of a session's configuration, or null if there is no such session. */
    public String javaCode(String id) {
        Live s = live.get(id);
        return s == null ? null : PlaygroundModel.javaCode(s.settings);
    }

    /**
     * Attaches the page's event stream: sends the points and the current state.
     *
     * @return false if there is no such session or it already has a stream
     */
    public boolean attach(String id, Sink sink) {
        Live s = live.get(id);
        if (s == null || !s.attach(sink)) {
            return false;
        }
        s.submit(false, 0);
        return true;
    }

    /** Ends a session: called when its page's stream closes. */
    public void end(String id) {
        Live s = live.remove(id);
        if (s != null) {
            s.end();
        }
    }

    /** The actions a page can take. */
    public enum Action {
        /** Train continuously. */
        PLAY,
        /** Stop training. */
        PAUSE,
        /** One training step. */
        STEP,
        /** A new network with the same settings: epoch 0. */
        RESET
    }

    /**
     * Applies {@code action} to session {@code id}.
     *
     * @return false if there is no such session
     */
    public boolean act(String id, Action action) {
        Live s = live.get(id);
        if (s == null) {
            return false;
        }
        s.touch();
        switch (action) {
            case PLAY -> s.playing = true;
            case PAUSE -> {
                s.playing = false;
                s.submit(false, 0);
            }
            case STEP -> {
                s.playing = false;
                s.submit(false, 1);
            }
            case RESET -> s.reset(s.settings);
        }
        return true;
    }

    /**
     * New settings for session {@code id}: a new network and data, paused at epoch 0.
     *
     * @return false if there is no such session
     */
    public boolean change(String id, PlaygroundSettings settings) {
        Live s = live.get(id);
        if (s == null) {
            return false;
        }
        s.touch();
        s.reset(settings);
        return true;
    }

    private void tick() {
        long now = System.nanoTime();
        for (var e : live.entrySet()) {
            Live s = e.getValue();
            boolean unconnected = s.sink == null && now - s.createdAt > connectWithin.toNanos();
            if (unconnected || now - s.touchedAt > idle.toNanos()) {
                if (s.sink != null) {
                    s.sink.send("closed", new JsonObject().put("type", "closed").put("reason",
                            "this page was idle for " + idle.toMinutes() + " minutes; reload it to play again")
                            .encode());
                    s.sink.close();
                }
                end(e.getKey());
            } else if (s.playing && s.sink != null) {
                s.submit(true, 0);
            }
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        for (String id : live.keySet()) {
            end(id);
        }
        trainers.shutdownNow();
    }

    private static ThreadFactory daemon(String prefix) {
        var n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** A session with its page and its scheduling state. */
    private final class Live {
        private final long createdAt = System.nanoTime();
        private final AtomicBoolean busy = new AtomicBoolean();
        private volatile long touchedAt = createdAt;
        private volatile Sink sink;
        private volatile boolean playing;
        private volatile PlaygroundSettings settings;
        private volatile PlaygroundSettings pending;  // new settings waiting for the trainer
        private volatile boolean ended;
        private volatile boolean sendPoints;  // the page has connected and not yet had the points
        private Session session;  // touched only by the task holding busy
        private double budget;  // steps owed to a playing page, carried between ticks

        Live(Session session) {
            this.session = session;
            this.settings = session.settings();
        }

        void touch() {
            touchedAt = System.nanoTime();
        }

        synchronized boolean attach(Sink s) {
            if (sink != null || ended) {
                return false;
            }
            sink = s;
            sendPoints = true;
            touch();
            return true;
        }

        void reset(PlaygroundSettings next) {
            playing = false;
            settings = next;
            pending = next;
            submit(false, 0);
        }

        void end() {
            ended = true;
            playing = false;
            submit(false, 0);  // frees the network on the trainer, after any running step
        }

        /**
         * Runs one task for this session unless one is queued or running: the pending reset, then {@code steps}
         * steps (or, when {@code playing}, the steps a tick owes), then one update to the page.
         */
        void submit(boolean play, int steps) {
            if (!busy.compareAndSet(false, true)) {
                if (!play) {  // a click or a reset must not be lost: retry shortly
                    ticker.schedule(() -> submit(false, steps), 20, TimeUnit.MILLISECONDS);
                }
                return;
            }
            try {
                trainers.execute(() -> run(play, steps));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                busy.set(false);
            }
        }

        private void run(boolean play, int steps) {
            try {
                if (ended) {
                    if (session != null) {
                        session.free();
                        session = null;
                        freed.incrementAndGet();
                    }
                    return;
                }
                var next = pending;
                if (next != null) {
                    pending = null;
                    session = new Session(next, fashion);
                    budget = 0;
                    sendPoints = true;
                }
                Sink out = sink;
                if (out != null && sendPoints) {
                    sendPoints = false;
                    out.send("data", session.points().encode());
                }
                int n = steps;
                if (play && playing) {
                    budget = Math.min(budget + (double) session.settings().stepsPerSecond() / UPDATES_PER_SECOND,
                            PlaygroundSettings.MAX_STEPS_PER_SECOND);
                    n = (int) budget;
                    budget -= n;
                }
                for (int i = 0; i < n; i++) {
                    session.step(i == n - 1);
                }
                Sink s = sink;
                if (s != null && !s.send("state", session.snapshot(playing).encode())) {
                    Sessions.this.end(idOf(this));
                }
            } catch (RuntimeException e) {
                playing = false;
                Sink s = sink;
                if (s != null) {
                    s.send("failure", new JsonObject().put("type", "failure").put("message",
                            "training stopped: " + dev.dl4jlessons.runtime.Messages.line(String.valueOf(e.getMessage()))).encode());
                }
            } finally {
                busy.set(false);
                if (ended && session != null) {
                    submit(false, 0);
                }
            }
        }
    }

    private String idOf(Live s) {
        for (var e : live.entrySet()) {
            if (e.getValue() == s) {
                return e.getKey();
            }
        }
        return "";
    }
}
