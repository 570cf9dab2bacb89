package org.websocketchat.bench;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

import org.websocketchat.node.ServerNode;

/**
 * A side's server threads at one moment, summed over its servers: the process's {@code total} as
 * Linux counts it (the JVM's own GC and compiler threads too), and by name the chat's own
 * ({@code chat-…}), Lettuce's ({@code lettuce-…}, with the Redis relay only) and Tomcat's connector
 * ({@code http-nio-…}: acceptor, poller and exec pool, the container's own, which grows with load
 * whatever the application). What the chat adds to the container is {@code chat + lettuce}.
 */
record ServerThreads(long total, long chat, long lettuce, long connector) {

    /** Counts the threads now; names through a thread dump ({@code jcmd}), so a sample takes a few hundred ms. */
    static ServerThreads of(List<ServerNode> servers) throws IOException, InterruptedException {
        long total = 0;
        long chat = 0;
        long lettuce = 0;
        long connector = 0;
        for (ServerNode server : servers) {
            total += server.jvm().threadCount();
            for (String name : server.jvm().threadNames()) {
                chat += name.startsWith("chat-") ? 1 : 0;
                lettuce += name.startsWith("lettuce-") ? 1 : 0;
                connector += name.startsWith("http-nio-") ? 1 : 0;
            }
        }
        return new ServerThreads(total, chat, lettuce, connector);
    }

    /** Each count's larger value: the peaks of several samples, not necessarily all from the same one. */
    ServerThreads max(ServerThreads other) {
        return new ServerThreads(Math.max(total, other.total), Math.max(chat, other.chat), Math.max(lettuce, other.lettuce),
                Math.max(connector, other.connector));
    }

    JsonObjectBuilder json() {
        return Json.createObjectBuilder().add("total", total).add("chat", chat).add("lettuce", lettuce)
                .add("connector", connector);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%5d total %4d chat- %4d lettuce- %4d http-nio-", total, chat, lettuce, connector);
    }
}
