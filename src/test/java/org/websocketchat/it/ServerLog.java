package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

import jakarta.websocket.DeploymentException;

import org.websocketchat.node.TomcatNode;

/**
 * What the server logged while a test ran. An embedded container logs in the test's own JVM
 * through java.util.logging (where System.Logger goes by default), so the records are captured
 * there; a managed container logs to a file in its own process, which its Maven profile names
 * with the system property {@code chat.server.log}, and then the lines appended are read.
 *
 * <p>A line that is absent proves nothing by itself: the log may not be written at all
 * (GlassFish 7.0.21 wrote nothing of its own to server.log in some CI runs), or not yet. So an
 * absence is asserted only through {@link #assertNoLineContains}, which first waits for a marker
 * line the test caused at the end of its scenario, logged through the same path at a level every
 * container writes; if the marker never comes, the test fails saying the log is not being
 * written.
 */
abstract sealed class ServerLog implements AutoCloseable {

    /** How long a marker may take to reach the log: a managed server writes it from a thread of its own. */
    static final Duration MARKER_TIMEOUT = Duration.ofSeconds(30);

    /** Starts recording from now on. */
    static ServerLog start() {
        String file = System.getProperty("chat.server.log", "");
        return file.isBlank() ? new InThisJvm() : new InFile(Path.of(file));
    }

    /** Everything a separate Tomcat node has printed since it started (its {@code console.log}). */
    static ServerLog of(TomcatNode node) {
        return new OfNode(node);
    }

    /**
     * Makes the chat deployed at {@code base} log a line no one else causes, and returns its text,
     * for {@link #assertNoLineContains}. A client of its own, with a name in a room of its own,
     * sends a binary frame; the chat closes it 1003 and, as for every policy close, logs at INFO
     * {@code Closing NAME in #ROOM: 1003 binary frames are not supported}: the level every
     * container's default logging writes, through the System.Logger the chat's warnings go
     * through too. Called after everything an absence check covers.
     */
    static String causeMarker(URL base) throws DeploymentException {
        String room = Endpoints.freshRoom();
        String wanted = "log-marker-" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (ChatClient marker = ChatClient.json(Endpoints.chat(base, "name", wanted, "room", room))) {
            String name = marker.nextJson("welcome").getString("you");
            marker.sendBinary(new byte[] {'m'});
            marker.assertClosed(1003, "binary frames are not supported");
            return "Closing " + name + " in #" + room + ": 1003 binary frames are not supported";
        }
    }

    /** Everything logged since {@link #start}, messages and exceptions, as one text to search. */
    abstract String text();

    /** Where the log is read, for a failure message. */
    abstract String where();

    /**
     * Waits until {@link #text} contains {@code expected} and returns the text: a managed
     * server writes its log file from a thread of its own, a moment after the event. Fails with
     * the text seen after {@code timeout}.
     */
    String awaitContaining(String expected, Duration timeout) throws InterruptedException {
        return Poll.until("the log line " + expected, timeout, this::text, text -> text.contains(expected));
    }

    /**
     * Waits until the log holds {@code marker}, a line the test caused after everything it is
     * about to check, and returns the whole text then, which holds every line logged before the
     * marker. Fails, saying that the log is not being written, if the marker does not come within
     * {@link #MARKER_TIMEOUT}: an absence in such a log would prove nothing.
     */
    String awaitMarker(String marker) throws InterruptedException {
        try {
            return Poll.until("the marker", MARKER_TIMEOUT, this::text, text -> text.contains(marker));
        } catch (AssertionError notSeen) {
            throw new AssertionError("The server's log is not being written (or not where this test reads it: " + where()
                    + "): the marker line \"" + marker + "\", which the test caused, did not appear within "
                    + MARKER_TIMEOUT + ", so nothing can be asserted absent from it. " + whatWasRead());
        }
    }

    private String whatWasRead() {
        try {
            String text = text();
            String tail = text.length() <= 2000 ? text : "…" + text.substring(text.length() - 2000);
            return "The part read held " + text.length() + " characters" + (text.isEmpty() ? "." : ", ending with:\n" + tail);
        } catch (UncheckedIOException e) {
            return "It could not be read: " + e.getCause();
        }
    }

    /**
     * Asserts that no line of the log contains {@code forbidden}, once the log holds
     * {@code marker} ({@link #awaitMarker}): a log that is not being written fails here instead of
     * passing for lack of lines.
     */
    void assertNoLineContains(String forbidden, String marker, String what) throws InterruptedException {
        List<String> found = awaitMarker(marker).lines().filter(line -> line.contains(forbidden)).toList();
        assertEquals(List.of(), found, what);
    }

    @Override
    public void close() {
    }

    private static final class InThisJvm extends ServerLog {

        private final Logger root = Logger.getLogger("");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
        /** Only for its formatMessage: the message with its parameters filled in, as a log file shows it. */
        private final SimpleFormatter formatter = new SimpleFormatter();
        private final Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };

        InThisJvm() {
            handler.setLevel(Level.ALL);
            root.addHandler(handler);
        }

        @Override
        String text() {
            StringBuilder text = new StringBuilder();
            for (LogRecord record : records) {
                text.append(record.getLoggerName()).append(": ").append(formatter.formatMessage(record)).append('\n');
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(t).append('\n');
                }
            }
            return text.toString();
        }

        @Override
        String where() {
            return "java.util.logging in the test's JVM";
        }

        @Override
        public void close() {
            root.removeHandler(handler);
        }
    }

    private static final class InFile extends ServerLog {

        private final Path file;
        private final long from;

        InFile(Path file) {
            this.file = file;
            this.from = size(file);
        }

        @Override
        String text() {
            try {
                byte[] all = Files.readAllBytes(file);
                int start = (int) Math.min(from, all.length);
                return new String(all, start, all.length - start, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        String where() {
            return file + ", from byte " + from;
        }

        private static long size(Path file) {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private static final class OfNode extends ServerLog {

        private final TomcatNode node;

        OfNode(TomcatNode node) {
            this.node = node;
        }

        @Override
        String text() {
            try {
                return node.log();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        String where() {
            return "the console log of the Tomcat node on port " + node.port();
        }
    }
}
