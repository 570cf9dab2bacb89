package org.websocketchat.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

/** Ports of 127.0.0.1 for a server to start on, and the wait until it serves. */
final class Loopback {

    /** What a server printed so far, for the message of a start that failed. */
    @FunctionalInterface
    interface Log {
        String read() throws IOException;
    }

    private Loopback() {
    }

    /** A port free now; a server bound to it a moment later may still find it taken, and then fails to start. */
    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** Returns once {@code page} answers 200, or fails once {@code process} has exited or {@code timeout} has passed. */
    static void awaitPage(URI page, Process process, Duration timeout, String server, Log log)
            throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(page).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(server + " exited with " + process.exitValue() + ":\n" + log.read());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // A server binds its port only after it has read its configuration: poll again.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(server + " did not serve " + page + " within " + timeout + ":\n" + log.read());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }
}
