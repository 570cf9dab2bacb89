package org.websocketchat.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What the server logged while a test ran. An embedded container logs in the test's own JVM
 * through java.util.logging (where System.Logger goes by default), so the records are captured
 * there; a managed container logs to a file in its own process, which its Maven profile names
 * with the system property {@code chat.server.log}, and then the lines appended are read.
 */
abstract sealed class ServerLog implements AutoCloseable {

    /** Starts recording from now on. */
    static ServerLog start() {
        String file = System.getProperty("chat.server.log", "");
        return file.isBlank() ? new InThisJvm() : new InFile(Path.of(file));
    }

    /** Everything logged since {@link #start}, messages and exceptions, as one text to search. */
    abstract String text();

    /**
     * Waits until {@link #text} contains {@code expected} and returns the text: a managed
     * server writes its log file from a thread of its own, a moment after the event. Fails with the text seen after {@code timeout}.
     */
    String awaitContaining(String expected, Duration timeout) throws InterruptedException {
        return Poll.until("the log line " + expected, timeout, this::text, text -> text.contains(expected));
    }

    /** The lines of {@link #text} that mention {@code type} by name. */
    List<String> lines(Class<? extends Throwable> type) {
        return text().lines().filter(line -> line.contains(type.getName())).toList();
    }

    @Override
    public void close() {
    }

    private static final class InThisJvm extends ServerLog {

        private final Logger root = Logger.getLogger("");
        private final List<LogRecord> records = new CopyOnWriteArrayList<>();
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
                text.append(record.getLoggerName()).append(": ").append(record.getMessage()).append('\n');
                for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                    text.append(t).append('\n');
                }
            }
            return text.toString();
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

        private static long size(Path file) {
            try {
                return Files.exists(file) ? Files.size(file) : 0;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
