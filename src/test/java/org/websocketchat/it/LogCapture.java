package org.websocketchat.it;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Records what the embedded container and the chat log through java.util.logging (where
 * System.Logger goes by default) while a test runs in the same JVM.
 */
final class LogCapture extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private LogCapture(Logger logger) {
        this.logger = logger;
        setLevel(Level.ALL);
        logger.addHandler(this);
    }

    static LogCapture root() {
        return new LogCapture(Logger.getLogger(""));
    }

    /** Messages of records whose exception, or a cause of it, is of that type, or that name it. */
    List<String> thrown(Class<? extends Throwable> type) {
        return records.stream().filter(r -> mentions(r, type)).map(r -> r.getLoggerName() + ": " + r.getMessage()).toList();
    }

    /** Every message logged, with its exception's messages, as one text to search. */
    String text() {
        StringBuilder text = new StringBuilder();
        for (LogRecord record : records) {
            text.append(record.getMessage()).append('\n');
            for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
                text.append(t).append('\n');
            }
        }
        return text.toString();
    }

    @Override
    public void publish(LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        logger.removeHandler(this);
    }

    private static boolean mentions(LogRecord record, Class<? extends Throwable> type) {
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return record.getMessage() != null && record.getMessage().contains(type.getSimpleName());
    }
}
