package dev.dl4jlessons.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/** Ports for tests that start servers: the UI, Jupyter's notebook server, a kernel, Chromium's devtools. */
public final class Ports {
    private Ports() {
    }

    /** A loopback port nothing listens on right now. */
    public static int free() {
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
