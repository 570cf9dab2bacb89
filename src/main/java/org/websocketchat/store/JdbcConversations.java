package org.websocketchat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/**
 * The signed-in users' kept conversations in {@code chat_direct_message}, for {@link JdbcArchive}:
 * each message written in auto-commit before it is sent, read back by pair, newest or after an id.
 * Through the archive's connections, so a database that stops answering marks the whole store down.
 */
final class JdbcConversations {

    private static final String DIRECT = "SELECT epoch, seq, sender, recipient, verified, body, sent_at FROM chat_direct_message";

    private final JdbcArchive archive;

    JdbcConversations(JdbcArchive archive) {
        this.archive = archive;
    }

    void append(String pair, DirectMessage message) {
        long started = System.nanoTime();
        String sql = "INSERT INTO chat_direct_message (pair_key, epoch, seq, sender, recipient, verified, body, sent_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = archive.connection(); PreparedStatement insert = Sql.prepare(connection, sql)) {
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
            if (!Sql.integrity(e)) {
                archive.telemetry().stored(0, true);
                throw archive.failed("store a direct message " + message.id(), e);
            }
        }
        archive.telemetry().stored(System.nanoTime() - started, false);
    }

    List<DirectMessage> newest(String pair, int limit) {
        String sql = DIRECT + " WHERE pair_key = ? ORDER BY epoch DESC, seq DESC LIMIT ?";
        try (Connection connection = archive.connection(); PreparedStatement select = Sql.prepare(connection, sql)) {
            select.setString(1, pair);
            select.setInt(2, limit);
            List<DirectMessage> newestFirst = direct(select);
            Collections.reverse(newestFirst);
            return newestFirst;
        } catch (SQLException e) {
            throw archive.failed("read a conversation", e);
        }
    }

    Optional<List<DirectMessage>> after(String pair, EventId since, int max) {
        String kept = "SELECT 1 FROM chat_direct_message WHERE pair_key = ? AND epoch = ? AND seq = ?";
        String sql = DIRECT + " WHERE pair_key = ? AND (epoch > ? OR (epoch = ? AND seq > ?)) ORDER BY epoch, seq LIMIT ?";
        try (Connection connection = archive.connection()) {
            return Sql.afterKept(connection, kept, sql, pair, since, max, JdbcConversations::direct);
        } catch (SQLException e) {
            throw archive.failed("read a conversation", e);
        }
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
}
