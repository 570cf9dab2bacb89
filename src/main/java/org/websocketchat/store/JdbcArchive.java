package org.websocketchat.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.websocketchat.control.Archive;
import org.websocketchat.control.Telemetry;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/**
 * The {@link Archive} in a relational database, PostgreSQL in production (H2 serves a single
 * node and the tests), through the container's {@link DataSource}; the schema is Flyway's
 * ({@link JdbcStore}). A room's messages are written in batches on the writer threads, one
 * transaction each; every other call borrows a connection for one statement in auto-commit.
 *
 * <p>While the database does not answer, every call fails at once with {@link Archive.Unavailable}
 * rather than waiting on it again: the first failure marks the store down, and {@link Upkeep}
 * marks it up once the database answers again. A statement waits at most
 * {@value Sql#TIMEOUT_SECONDS} s (the pool's own wait for a connection is the operator's setting).
 */
public final class JdbcArchive implements Archive {

    private static final Logger LOG = System.getLogger(JdbcArchive.class.getName());
    private static final String COLUMNS = "SELECT epoch, seq, sender, verified, action, body, sent_at FROM chat_message";

    private static final String INSERT = "INSERT INTO chat_message (room, epoch, seq, sender, verified, action, body, sent_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    private final DataSource dataSource;
    /** Where batches are written: the rooms' writes never wait in a room's lock or on a container's thread. */
    private final Executor writers;
    private final Telemetry telemetry;
    private final Clock clock;
    /** The signed-in users' conversations, through this archive's connections. */
    private final JdbcConversations direct = new JdbcConversations(this);
    private volatile boolean up;
    /** Whether the database has answered since start: its first answer is no news, a later one after a failure is. */
    private volatile boolean answered;

    JdbcArchive(DataSource dataSource, Executor writers, Telemetry telemetry, Clock clock) {
        this.dataSource = dataSource;
        this.writers = writers;
        this.telemetry = telemetry;
        this.clock = clock;
    }

    @Override
    public boolean keeps() {
        return true;
    }

    @Override
    public boolean reachable() {
        return up;
    }

    /**
     * On one of the writer threads. With the in-JVM relay a room has at most one batch in flight
     * (control.Journal), so rooms write side by side; behind Redis each message is a batch of its
     * own (relay.StoredMessages), and a room's may be written side by side too.
     */
    @Override
    public void append(List<ChatEvent.Message> messages, Consumer<Boolean> done) {
        try {
            writers.execute(() -> {
                boolean stored;
                try {
                    store(messages);
                    stored = true;
                } catch (Archive.Unavailable e) {
                    stored = false;
                }
                done.accept(stored);
            });
        } catch (RejectedExecutionException stopping) {
            done.accept(false);
        }
    }

    /**
     * Writes {@code messages} in one transaction: all or none, one commit for the batch. A message
     * already there (a retried write) keeps its row: the batch is then written one by one, each
     * such message counting as stored.
     */
    void store(List<ChatEvent.Message> messages) {
        long started = System.nanoTime();
        try (Connection connection = connection(); PreparedStatement insert = Sql.prepare(connection, INSERT)) {
            connection.setAutoCommit(false);
            try {
                for (ChatEvent.Message message : messages) {
                    bind(insert, message);
                    insert.addBatch();
                }
                insert.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!Sql.integrity(e)) {
                    throw e;
                }
                connection.setAutoCommit(true);
                oneByOne(insert, messages);
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            telemetry.stored(0, true);
            throw failed("store " + messages.size() + " messages of #" + messages.get(0).room(), e);
        }
        telemetry.stored(System.nanoTime() - started, false);
    }

    private static void oneByOne(PreparedStatement insert, List<ChatEvent.Message> messages) throws SQLException {
        for (ChatEvent.Message message : messages) {
            bind(insert, message);
            try {
                insert.executeUpdate();
            } catch (SQLException e) {
                if (!Sql.integrity(e)) {
                    throw e;
                }
            }
        }
    }

    private static void bind(PreparedStatement insert, ChatEvent.Message message) throws SQLException {
        insert.setString(1, message.room());
        insert.setLong(2, message.id().epoch());
        insert.setLong(3, message.id().sequence());
        insert.setString(4, message.from());
        insert.setBoolean(5, message.verified());
        insert.setBoolean(6, message.action());
        insert.setString(7, message.text());
        insert.setObject(8, OffsetDateTime.ofInstant(message.at(), ZoneOffset.UTC));
    }

    @Override
    public boolean delete(String room, EventId id, String by) {
        String sql = "UPDATE chat_message SET deleted_by = ?, deleted_at = ? WHERE room = ? AND epoch = ? AND seq = ? AND deleted_at IS NULL";
        try (Connection connection = connection(); PreparedStatement update = Sql.prepare(connection, sql)) {
            update.setString(1, by);
            update.setObject(2, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            update.setString(3, room);
            update.setLong(4, id.epoch());
            update.setLong(5, id.sequence());
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw failed("delete #" + room + " " + id, e);
        }
    }

    @Override
    public Page before(String room, Optional<EventId> before, int limit) {
        String older = before.isPresent() ? " AND (epoch < ? OR (epoch = ? AND seq < ?))" : "";
        String sql = COLUMNS + " WHERE room = ? AND deleted_at IS NULL" + older + " ORDER BY epoch DESC, seq DESC LIMIT ?";
        try (Connection connection = connection(); PreparedStatement select = Sql.prepare(connection, sql)) {
            int next = Sql.bindKeyAndId(select, room, before);
            select.setInt(next, limit + 1);
            List<ChatEvent.Message> newestFirst = read(select, room);
            boolean more = newestFirst.size() > limit;
            List<ChatEvent.Message> page = new ArrayList<>(newestFirst.subList(0, Math.min(limit, newestFirst.size())));
            Collections.reverse(page);
            return new Page(page, more);
        } catch (SQLException e) {
            throw failed("read #" + room, e);
        }
    }

    @Override
    public Optional<List<ChatEvent.Message>> after(String room, EventId since, int max) {
        String kept = "SELECT 1 FROM chat_message WHERE room = ? AND epoch = ? AND seq = ?";
        String sql = COLUMNS + " WHERE room = ? AND deleted_at IS NULL AND (epoch > ? OR (epoch = ? AND seq > ?)) ORDER BY epoch, seq LIMIT ?";
        try (Connection connection = connection()) {
            return Sql.afterKept(connection, kept, sql, room, since, max, select -> read(select, room));
        } catch (SQLException e) {
            throw failed("read #" + room, e);
        }
    }

    @Override
    public void appendDirect(String pair, DirectMessage message) {
        direct.append(pair, message);
    }

    @Override
    public List<DirectMessage> newestDirect(String pair, int limit) {
        return direct.newest(pair, limit);
    }

    @Override
    public Optional<List<DirectMessage>> directAfter(String pair, EventId since, int max) {
        return direct.after(pair, since, max);
    }

    /** Deletes, in batches of {@code batch} rows, every message and direct message sent before {@code cutoff}; returns how many. */
    long purge(Instant cutoff, int batch) throws SQLException {
        long purged = 0;
        try (Connection connection = connection()) {
            for (String table : List.of("chat_message", "chat_direct_message")) {
                String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE sent_at < ? ORDER BY id LIMIT ?)";
                try (PreparedStatement delete = Sql.prepare(connection, sql)) {
                    delete.setObject(1, OffsetDateTime.ofInstant(cutoff, ZoneOffset.UTC));
                    delete.setInt(2, batch);
                    for (int deleted = batch; deleted == batch; purged += deleted) {
                        deleted = delete.executeUpdate();
                    }
                }
            }
        }
        return purged;
    }

    Telemetry telemetry() {
        return telemetry;
    }

    /** Whether the database answers; marks the store up or down accordingly. Called by {@link Upkeep}. */
    boolean probe() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(Sql.TIMEOUT_SECONDS);
            if (valid && !up && answered) {
                LOG.log(Level.INFO, "The chat's database answers: messages are stored again");
            }
            answered |= valid;
            up = valid;
        } catch (SQLException e) {
            up = false;
        }
        return up;
    }

    Connection connection() throws SQLException {
        if (!up) {
            throw new SQLException("the database did not answer; checked again every second");
        }
        return dataSource.getConnection();
    }

    private static List<ChatEvent.Message> read(PreparedStatement select, String room) throws SQLException {
        List<ChatEvent.Message> messages = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(new ChatEvent.Message(new EventId(rows.getLong(1), rows.getLong(2)), room, rows.getString(3),
                        rows.getString(6), rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getBoolean(4), rows.getBoolean(5)));
            }
        }
        return messages;
    }

    /** Marks the store down (unless it was already) and says why the call was not carried out. */
    Archive.Unavailable failed(String what, SQLException e) {
        if (up) {
            up = false;
            LOG.log(Level.ERROR, "The chat's database failed to " + what + "; messages are refused until it answers", e);
        }
        return new Archive.Unavailable("the database cannot " + what + ": " + e.getMessage(), e);
    }
}
