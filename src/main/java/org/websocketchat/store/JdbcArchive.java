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

import javax.sql.DataSource;

import org.websocketchat.control.Archive;
import org.websocketchat.control.Telemetry;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/**
 * The {@link Archive} in a relational database, PostgreSQL in production (H2 serves a single
 * node and the tests), through the container's {@link DataSource}; the schema is Flyway's
 * ({@link Schema}). Each call borrows a connection for one statement in auto-commit, so a
 * message is committed when {@link #append} returns.
 *
 * <p>While the database does not answer, every call fails at once with {@link Archive.Unavailable}
 * rather than waiting on it again: the first failure marks the store down, and {@link Upkeep}
 * marks it up once the database answers again. A statement waits at most
 * {@value #TIMEOUT_SECONDS} s (the pool's own wait for a connection is the operator's setting).
 */
public final class JdbcArchive implements Archive {

    private static final Logger LOG = System.getLogger(JdbcArchive.class.getName());
    static final int TIMEOUT_SECONDS = 5;
    private static final String COLUMNS = "SELECT epoch, seq, sender, verified, action, body, sent_at FROM chat_message";
    private static final String DIRECT = "SELECT epoch, seq, sender, recipient, verified, body, sent_at FROM chat_direct_message";
    /** The SQLState class of an integrity constraint violation: here, a row that is already there. */
    private static final String INTEGRITY = "23";

    private final DataSource dataSource;
    private final Telemetry telemetry;
    private final Clock clock;
    private volatile boolean up;

    JdbcArchive(DataSource dataSource, Telemetry telemetry, Clock clock) {
        this.dataSource = dataSource;
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

    @Override
    public void append(ChatEvent.Message message) {
        long started = System.nanoTime();
        String sql = "INSERT INTO chat_message (room, epoch, seq, sender, verified, action, body, sent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = connection(); PreparedStatement insert = prepare(connection, sql)) {
            insert.setString(1, message.room());
            insert.setLong(2, message.id().epoch());
            insert.setLong(3, message.id().sequence());
            insert.setString(4, message.from());
            insert.setBoolean(5, message.verified());
            insert.setBoolean(6, message.action());
            insert.setString(7, message.text());
            insert.setObject(8, OffsetDateTime.ofInstant(message.at(), ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith(INTEGRITY)) {
                telemetry.stored(0, true);
                throw failed("store #" + message.room() + " " + message.id(), e);
            }
        }
        telemetry.stored(System.nanoTime() - started, false);
    }

    @Override
    public boolean delete(String room, EventId id, String by) {
        String sql = "UPDATE chat_message SET deleted_by = ?, deleted_at = ? WHERE room = ? AND epoch = ? AND seq = ? AND deleted_at IS NULL";
        try (Connection connection = connection(); PreparedStatement update = prepare(connection, sql)) {
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
        try (Connection connection = connection(); PreparedStatement select = prepare(connection, sql)) {
            int next = bindRoomAndId(select, room, before);
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
        try (Connection connection = connection(); PreparedStatement exists = prepare(connection, kept);
                PreparedStatement select = prepare(connection, sql)) {
            exists.setString(1, room);
            exists.setLong(2, since.epoch());
            exists.setLong(3, since.sequence());
            try (ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    return Optional.empty();
                }
            }
            int next = bindRoomAndId(select, room, Optional.of(since));
            select.setInt(next, max + 1);
            List<ChatEvent.Message> missed = read(select, room);
            return missed.size() > max ? Optional.empty() : Optional.of(missed);
        } catch (SQLException e) {
            throw failed("read #" + room, e);
        }
    }

    @Override
    public void appendDirect(String pair, DirectMessage message) {
        long started = System.nanoTime();
        String sql = "INSERT INTO chat_direct_message (pair_key, epoch, seq, sender, recipient, verified, body, sent_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = connection(); PreparedStatement insert = prepare(connection, sql)) {
            insert.setString(1, pair);
            insert.setLong(2, message.id().epoch());
            insert.setLong(3, message.id().sequence());
            insert.setString(4, message.from());
            insert.setString(5, message.to());
            insert.setBoolean(6, message.verified());
            insert.setString(7, message.text());
            insert.setObject(8, OffsetDateTime.ofInstant(message.at(), ZoneOffset.UTC));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (e.getSQLState() == null || !e.getSQLState().startsWith(INTEGRITY)) {
                telemetry.stored(0, true);
                throw failed("store a direct message " + message.id(), e);
            }
        }
        telemetry.stored(System.nanoTime() - started, false);
    }

    @Override
    public List<DirectMessage> newestDirect(String pair, int limit) {
        String sql = DIRECT + " WHERE pair_key = ? ORDER BY epoch DESC, seq DESC LIMIT ?";
        try (Connection connection = connection(); PreparedStatement select = prepare(connection, sql)) {
            select.setString(1, pair);
            select.setInt(2, limit);
            List<DirectMessage> newestFirst = direct(select);
            Collections.reverse(newestFirst);
            return newestFirst;
        } catch (SQLException e) {
            throw failed("read a conversation", e);
        }
    }

    @Override
    public Optional<List<DirectMessage>> directAfter(String pair, EventId since, int max) {
        String kept = "SELECT 1 FROM chat_direct_message WHERE pair_key = ? AND epoch = ? AND seq = ?";
        String sql = DIRECT + " WHERE pair_key = ? AND (epoch > ? OR (epoch = ? AND seq > ?)) ORDER BY epoch, seq LIMIT ?";
        try (Connection connection = connection(); PreparedStatement exists = prepare(connection, kept);
                PreparedStatement select = prepare(connection, sql)) {
            exists.setString(1, pair);
            exists.setLong(2, since.epoch());
            exists.setLong(3, since.sequence());
            try (ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    return Optional.empty();
                }
            }
            int next = bindRoomAndId(select, pair, Optional.of(since));
            select.setInt(next, max + 1);
            List<DirectMessage> missed = direct(select);
            return missed.size() > max ? Optional.empty() : Optional.of(missed);
        } catch (SQLException e) {
            throw failed("read a conversation", e);
        }
    }

    /** Deletes, in batches of {@code batch} rows, every message and direct message sent before {@code cutoff}; returns how many. */
    long purge(Instant cutoff, int batch) throws SQLException {
        long purged = 0;
        try (Connection connection = connection()) {
            for (String table : List.of("chat_message", "chat_direct_message")) {
                String sql = "DELETE FROM " + table + " WHERE id IN (SELECT id FROM " + table + " WHERE sent_at < ? ORDER BY id LIMIT ?)";
                try (PreparedStatement delete = prepare(connection, sql)) {
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

    /** Whether the database answers; marks the store up or down accordingly. Called by {@link Upkeep}. */
    boolean probe() {
        try (Connection connection = dataSource.getConnection()) {
            boolean valid = connection.isValid(TIMEOUT_SECONDS);
            if (valid && !up) {
                LOG.log(Level.INFO, "The chat's database answers: messages are stored again");
            }
            up = valid;
        } catch (SQLException e) {
            up = false;
        }
        return up;
    }

    private Connection connection() throws SQLException {
        if (!up) {
            throw new SQLException("the database did not answer; checked again every second");
        }
        return dataSource.getConnection();
    }

    private static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(TIMEOUT_SECONDS);
        return statement;
    }

    /** Binds the room (or pair) and, if present, the id as "older/newer than" (epoch, epoch, seq); returns the next index. */
    private static int bindRoomAndId(PreparedStatement statement, String key, Optional<EventId> id) throws SQLException {
        statement.setString(1, key);
        if (id.isEmpty()) {
            return 2;
        }
        statement.setLong(2, id.get().epoch());
        statement.setLong(3, id.get().epoch());
        statement.setLong(4, id.get().sequence());
        return 5;
    }

    private static List<DirectMessage> direct(PreparedStatement select) throws SQLException {
        List<DirectMessage> messages = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                messages.add(new DirectMessage(new EventId(rows.getLong(1), rows.getLong(2)), rows.getString(3), rows.getString(4),
                        rows.getString(6), rows.getObject(7, OffsetDateTime.class).toInstant(), rows.getBoolean(5)));
            }
        }
        return messages;
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
    private Archive.Unavailable failed(String what, SQLException e) {
        if (up) {
            up = false;
            LOG.log(Level.ERROR, "The chat's database failed to " + what + "; messages are refused until it answers", e);
        }
        return new Archive.Unavailable("the database cannot " + what + ": " + e.getMessage(), e);
    }
}
