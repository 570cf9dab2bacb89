package org.websocketchat.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.EventId;

/** What every statement of the store shares: its timeout, how ids are bound, what a duplicate row looks like. */
final class Sql {

    /** The longest a statement may run; a database that does not answer within it is down. */
    static final int TIMEOUT_SECONDS = 5;
    /** The SQLState class of an integrity constraint violation: here, a row that is already there. */
    private static final String INTEGRITY = "23";

    /** Reads the rows a query selects. */
    interface Rows<T> {
        List<T> read(PreparedStatement select) throws SQLException;
    }

    private Sql() {
    }

    /**
     * The rows of {@code key} after {@code since}, oldest first, if {@code kept} finds {@code since}
     * and {@code select} (bound by {@link #bindKeyAndId}, then a limit) finds at most {@code max}.
     */
    static <T> Optional<List<T>> afterKept(Connection connection, String kept, String select, String key, EventId since, int max,
            Rows<T> rows) throws SQLException {
        try (PreparedStatement exists = prepare(connection, kept); PreparedStatement after = prepare(connection, select)) {
            exists.setString(1, key);
            exists.setLong(2, since.epoch());
            exists.setLong(3, since.sequence());
            try (ResultSet found = exists.executeQuery()) {
                if (!found.next()) {
                    return Optional.empty();
                }
            }
            after.setInt(bindKeyAndId(after, key, Optional.of(since)), max + 1);
            List<T> missed = rows.read(after);
            return missed.size() > max ? Optional.empty() : Optional.of(missed);
        }
    }

    /** Whether {@code e}, or the first failure of a batch, is a row that is already there. */
    static boolean integrity(SQLException e) {
        for (SQLException each = e; each != null; each = each.getNextException()) {
            if (each.getSQLState() != null && each.getSQLState().startsWith(INTEGRITY)) {
                return true;
            }
        }
        return false;
    }

    /** A statement that gives up after {@link #TIMEOUT_SECONDS}. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        statement.setQueryTimeout(TIMEOUT_SECONDS);
        return statement;
    }

    /** Binds the room (or pair) and, if present, the id as "older/newer than" (epoch, epoch, seq); returns the next index. */
    static int bindKeyAndId(PreparedStatement statement, String key, Optional<EventId> id) throws SQLException {
        statement.setString(1, key);
        if (id.isEmpty()) {
            return 2;
        }
        statement.setLong(2, id.get().epoch());
        statement.setLong(3, id.get().epoch());
        statement.setLong(4, id.get().sequence());
        return 5;
    }
}
