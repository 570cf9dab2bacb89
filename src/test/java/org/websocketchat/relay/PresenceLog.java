package org.websocketchat.relay;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * What {@link NodePresence} logs, handed over as it is logged (System.Logger writes to
 * java.util.logging in the unit tests): a test waits for the line that tells a change of state.
 */
final class PresenceLog implements AutoCloseable {

    private final Logger logger = Logger.getLogger(NodePresence.class.getName());
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    PresenceLog() {
        handler.setLevel(Level.ALL);
        logger.addHandler(handler);
    }

    /** The first line from now on that contains {@code text}, or {@code null} if none came within {@code timeout}. */
    String next(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (String line = lines.poll(timeout.toNanos(), TimeUnit.NANOSECONDS); line != null;
                line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS)) {
            if (line.contains(text)) {
                return line;
            }
        }
        return null;
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
