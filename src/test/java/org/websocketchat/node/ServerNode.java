package org.websocketchat.node;

import java.io.IOException;
import java.net.URI;

/**
 * A server the tests or the benchmark started in a JVM of its own, serving one web application
 * on a free port of 127.0.0.1: a Tomcat node, or another container from its distribution.
 */
public sealed interface ServerNode extends AutoCloseable permits TomcatNode, ContainerNode {

    /** The container and its version, e.g. {@code Tomcat 11.0.24}. */
    String version() throws IOException;

    /** A WebSocket endpoint of the application, e.g. {@code chat}, or {@code websocket/chat} of the examples. */
    URI webSocket(String path);

    /** The server's JVM, for what it costs. */
    JvmProcess jvm();

    /** Stops the server cleanly, or kills it if it does not stop within 30 s. */
    @Override
    void close() throws InterruptedException;
}
