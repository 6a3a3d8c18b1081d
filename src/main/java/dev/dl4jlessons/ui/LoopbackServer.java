package dev.dl4jlessons.ui;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;

import org.deeplearning4j.ui.VertxUIServer;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

/**
 * DL4J's UI server, listening on the loopback interface only, behind the {@link UiGate}, and keeping what it writes in
 * the run's private directory.
 *
 * <p>{@link VertxUIServer#start} opens its socket with Vert.x 3.9's {@code HttpServer.listen(port, handler)}, which
 * always binds {@code 0.0.0.0} (every interface), and neither DL4J nor Vert.x has a setting to change that. So this
 * subclass hands the inherited {@code start} a view of Vert.x in which {@code createHttpServer} returns a server whose
 * {@code listen(port, ...)} binds {@value #HOST} and whose {@code requestHandler(router)} puts the {@link UiGate} in
 * front of DL4J's router; everything else goes straight to the real objects.
 */
final class LoopbackServer extends VertxUIServer {
    /** The only address the UI listens on. */
    static final String HOST = "127.0.0.1";

    private final Path privateDir;

    /** A server whose start puts DL4J's upload directory in {@code privateDir}. */
    LoopbackServer(Path privateDir) {
        this.privateDir = privateDir;
    }

    /**
     * DL4J's start, with {@code java.io.tmpdir} pointing at the run's private directory while it runs: the start makes
     * its {@code DL4JUI_<millis>} upload directory there (by that property, with no setting of its own), so the
     * directory is neither shared with other users nor left behind. Only this start runs then: the launcher waits for
     * it before training begins.
     */
    @Override
    public void start(Promise<Void> startCallback) throws Exception {
        String tmpdir = System.getProperty("java.io.tmpdir");
        System.setProperty("java.io.tmpdir", privateDir.toString());
        try {
            super.start(startCallback);
        } finally {
            System.setProperty("java.io.tmpdir", tmpdir);
        }
    }

    @Override
    public void init(Vertx vertx, Context context) {
        super.init(view(vertx, Vertx.class, LoopbackServer::onVertx), context);
    }

    /** Wraps the servers that {@code createHttpServer(...)} returns. */
    private static Object onVertx(Object real, Method method, Object[] args) throws Throwable {
        Object result = invoke(real, method, args);
        if (method.getName().equals("createHttpServer")) {
            return view((HttpServer) result, HttpServer.class, LoopbackServer::onServer);
        }
        return result;
    }

    /**
     * Turns {@code listen(port)} and {@code listen(port, handler)} into the same calls with {@link #HOST}, and puts
     * the {@link UiGate} in front of the request handler (DL4J's router).
     */
    @SuppressWarnings("unchecked")
    private static Object onServer(Object real, Method method, Object[] args) throws Throwable {
        Class<?>[] types = method.getParameterTypes();
        if (method.getName().equals("requestHandler") && types.length == 1 && args[0] != null) {
            return invoke(real, method, new Object[] {new UiGate((Handler<HttpServerRequest>) args[0])});
        }
        if (method.getName().equals("listen") && types.length >= 1 && types[0] == int.class
                && (types.length == 1 || types[1] != String.class)) {
            Object[] withHost = new Object[args.length + 1];
            withHost[0] = args[0];
            withHost[1] = HOST;
            System.arraycopy(args, 1, withHost, 2, args.length - 1);
            Class<?>[] withHostTypes = new Class<?>[types.length + 1];
            withHostTypes[0] = int.class;
            withHostTypes[1] = String.class;
            System.arraycopy(types, 1, withHostTypes, 2, types.length - 1);
            return invoke(real, HttpServer.class.getMethod("listen", withHostTypes), withHost);
        }
        return invoke(real, method, args);
    }

    /** What a {@link #view} does with each call. */
    @FunctionalInterface
    private interface Call {
        Object on(Object real, Method method, Object[] args) throws Throwable;
    }

    /**
     * A proxy for {@code real} with every interface its class has (Vert.x casts to its internal interfaces), routing
     * calls through {@code call}. Fluent methods return the proxy, not {@code real}, so a chain of calls stays in it.
     */
    private static <T> T view(T real, Class<T> type, Call call) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = call.on(real, method, args == null ? new Object[0] : args);
            return result == real ? proxy : result;
        };
        var interfaces = new LinkedHashSet<Class<?>>();
        for (Class<?> c = real.getClass(); c != null; c = c.getSuperclass()) {
            interfaces.addAll(Arrays.asList(c.getInterfaces()));
        }
        return type.cast(Proxy.newProxyInstance(LoopbackServer.class.getClassLoader(),
                interfaces.toArray(Class<?>[]::new), handler));
    }

    private static Object invoke(Object real, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(real, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
