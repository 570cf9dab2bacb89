package org.websocketchat.node;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;

import redis.embedded.RedisServer;

/**
 * A real Redis server (the binary that embedded-redis carries) on a free port of 127.0.0.1, in a
 * process of its own, for the scale-out tests and the two-node benchmark. It keeps nothing on
 * disk, so a Redis {@link #stop}ped and {@link #restart}ed comes back empty, like a restarted cache
 * without persistence: the harder case for the nodes. Restarts use the same port.
 */
public final class RedisNode implements AutoCloseable {

    private final int port;
    private final RedisServer server;

    private RedisNode(int port) throws IOException {
        this.port = port;
        this.server = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                .setting("save \"\"").setting("appendonly no").build();
    }

    /** Starts a Redis on a free port. */
    public static RedisNode start() throws IOException {
        RedisNode node = new RedisNode(freePort());
        node.server.start();
        return node;
    }

    /** {@code redis://127.0.0.1:PORT} */
    public URI uri() {
        return URI.create("redis://127.0.0.1:" + port);
    }

    /** Stops the server process; its data is gone. */
    public void stop() {
        try {
            server.stop();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts it again, on the same port, empty. */
    public void restart() {
        try {
            server.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public boolean isActive() {
        return server.isActive();
    }

    @Override
    public void close() {
        if (server.isActive()) {
            stop();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
