package org.websocketchat.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.control.Archive;
import org.websocketchat.control.Telemetry;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/**
 * The archive on H2, the single node's database (PostgreSQL is tested through a container in
 * StoreIT): the schema Flyway creates, and every query the rooms make of it.
 */
class JdbcArchiveTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-12-04T10:00:00Z");
    private static final long EPOCH = NOW.toEpochMilli();

    private final Switchable dataSource = new Switchable(h2());
    private final JdbcStore store = JdbcStore.open(dataSource, Optional.empty(), Telemetry.NONE, Clock.fixed(NOW, ZoneOffset.UTC));
    private final JdbcArchive archive = (JdbcArchive) store.archive();

    @AfterEach
    void close() {
        store.close();
    }

    private static DataSource h2() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:archive" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
        return h2;
    }

    private static ChatEvent.Message message(String room, long epoch, long sequence, Instant at) {
        return new ChatEvent.Message(new EventId(epoch, sequence), room, "ana", "m" + sequence, at, sequence % 2 == 0, sequence == 3);
    }

    private void append(String room, int count) {
        for (int i = 1; i <= count; i++) {
            archive.store(List.of(message(room, EPOCH, i, NOW.plusMillis(i))));
        }
    }

    private static List<String> texts(List<ChatEvent.Message> messages) {
        return messages.stream().map(ChatEvent.Message::text).toList();
    }

    @Test
    void aStoredMessageReadsBackAsItWasWritten() {
        ChatEvent.Message written = message("lobby", EPOCH, 3, NOW.plusMillis(3));
        archive.store(List.of(written));

        assertEquals(new Archive.Page(List.of(written), false), archive.before("lobby", Optional.empty(), 50));
        assertTrue(archive.reachable());
    }

    @Test
    void pagesGoBackFromTheNewestOldestFirstAndSayWhetherThereIsMore() {
        append("lobby", 5);
        append("dev", 2);

        assertEquals(List.of("m4", "m5"), texts(archive.before("lobby", Optional.empty(), 2).messages()));
        assertTrue(archive.before("lobby", Optional.empty(), 2).more());
        Archive.Page last = archive.before("lobby", Optional.of(new EventId(EPOCH, 3)), 2);
        assertEquals(new Archive.Page(archive.before("lobby", Optional.of(new EventId(EPOCH, 3)), 5).messages(), false), last);
        assertEquals(List.of("m1", "m2"), texts(last.messages()));
    }

    @Test
    void anEarlierRunsIdsComeBeforeThisRunsWhateverTheirSequence() {
        archive.store(List.of(message("lobby", EPOCH - 1000, 9, NOW.minusSeconds(60))));
        archive.store(List.of(message("lobby", EPOCH, 1, NOW)));

        assertEquals(List.of("m9", "m1"), texts(archive.before("lobby", Optional.empty(), 50).messages()));
        assertEquals(Optional.of(List.of("m1")), archive.after("lobby", new EventId(EPOCH - 1000, 9), 10).map(JdbcArchiveTest::texts));
    }

    @Test
    void afterResumesOnlyFromAKeptIdAndOnlyWhenFewEnoughFollow() {
        append("lobby", 5);

        assertEquals(Optional.of(List.of("m3", "m4", "m5")), archive.after("lobby", new EventId(EPOCH, 2), 3).map(JdbcArchiveTest::texts));
        assertEquals(Optional.empty(), archive.after("lobby", new EventId(EPOCH, 1), 3));
        assertEquals(Optional.empty(), archive.after("lobby", new EventId(EPOCH, 99), 3));
        assertEquals(Optional.empty(), archive.after("dev", new EventId(EPOCH, 2), 3));
    }

    @Test
    void aDeletedMessageIsNeverReadAgainButItsIdStillResumes() {
        append("lobby", 3);

        assertTrue(archive.delete("lobby", new EventId(EPOCH, 2), "mo"));
        assertFalse(archive.delete("lobby", new EventId(EPOCH, 2), "mo"));
        assertFalse(archive.delete("lobby", new EventId(EPOCH, 7), "mo"));

        assertEquals(List.of("m1", "m3"), texts(archive.before("lobby", Optional.empty(), 50).messages()));
        assertEquals(Optional.of(List.of("m3")), archive.after("lobby", new EventId(EPOCH, 2), 10).map(JdbcArchiveTest::texts));
    }

    @Test
    void aRetriedWriteKeepsOneRow() {
        ChatEvent.Message once = message("lobby", EPOCH, 1, NOW);
        archive.store(List.of(once));
        archive.store(List.of(once));

        assertEquals(List.of(once), archive.before("lobby", Optional.empty(), 50).messages());
    }

    @Test
    void aPurgeDeletesWhatWasSentBeforeTheCutoffInBatches() throws SQLException {
        for (int i = 1; i <= 7; i++) {
            archive.store(List.of(message("lobby", EPOCH, i, NOW.minus(Duration.ofDays(10 - i)))));
        }

        long purged = archive.purge(NOW.minus(Duration.ofDays(5)), 2);

        assertEquals(4, purged);
        assertEquals(List.of("m5", "m6", "m7"), texts(archive.before("lobby", Optional.empty(), 50).messages()));
    }

    @Test
    void aBatchIsWrittenOnAWriterThreadAllOrNoneAndADuplicateInItKeepsOneRow() throws Exception {
        ChatEvent.Message first = message("lobby", EPOCH, 1, NOW);
        archive.store(List.of(first));
        CompletableFuture<Boolean> done = new CompletableFuture<>();

        archive.append(List.of(first, message("lobby", EPOCH, 2, NOW), message("lobby", EPOCH, 3, NOW)), done::complete);

        assertTrue(done.get(10, TimeUnit.SECONDS));
        assertEquals(List.of("m1", "m2", "m3"), texts(archive.before("lobby", Optional.empty(), 50).messages()));
        dataSource.failing = true;
        CompletableFuture<Boolean> refused = new CompletableFuture<>();
        archive.append(List.of(message("lobby", EPOCH, 4, NOW)), refused::complete);
        assertFalse(refused.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aDatabaseThatFailsMarksTheStoreDownAtOnceAndItComesBackWhenItAnswers() {
        dataSource.failing = true;

        assertThrows(Archive.Unavailable.class, () -> archive.store(List.of(message("lobby", EPOCH, 1, NOW))));
        assertFalse(archive.reachable());
        int asked = dataSource.asked.get();
        assertThrows(Archive.Unavailable.class, () -> archive.before("lobby", Optional.empty(), 5));
        assertEquals(asked, dataSource.asked.get(), "a store that is down does not wait on the database again");

        assertFalse(archive.probe());
        dataSource.failing = false;
        assertTrue(archive.probe());
        archive.store(List.of(message("lobby", EPOCH, 1, NOW)));
        assertEquals(List.of("m1"), texts(archive.before("lobby", Optional.empty(), 5).messages()));
    }

    @Test
    void aConversationIsKeptUnderItsPairAndReadNewestOrAfterAKeptId() {
        for (int i = 1; i <= 4; i++) {
            archive.appendDirect("ana\nbo", new DirectMessage(new EventId(EPOCH, i), i % 2 == 0 ? "bo" : "ana", i % 2 == 0 ? "ana" : "bo",
                    "d" + i, NOW.plusMillis(i), true));
        }
        archive.appendDirect("ana\ncy", new DirectMessage(new EventId(EPOCH, 5), "cy", "ana", "other", NOW, true));

        List<DirectMessage> newest = archive.newestDirect("ana\nbo", 2);
        assertEquals(List.of("d3", "d4"), newest.stream().map(DirectMessage::text).toList());
        assertEquals(new DirectMessage(new EventId(EPOCH, 4), "bo", "ana", "d4", NOW.plusMillis(4), true), newest.get(1));
        assertEquals(Optional.of(List.of("d2", "d3", "d4")),
                archive.directAfter("ana\nbo", new EventId(EPOCH, 1), 10).map(list -> list.stream().map(DirectMessage::text).toList()));
        assertEquals(Optional.empty(), archive.directAfter("ana\nbo", new EventId(EPOCH, 5), 10), "an id of another conversation");
    }

    @Test
    void aPurgeTakesOldDirectMessagesToo() throws SQLException {
        archive.appendDirect("ana\nbo", new DirectMessage(new EventId(EPOCH, 1), "ana", "bo", "old", NOW.minus(Duration.ofDays(9)), true));
        archive.appendDirect("ana\nbo", new DirectMessage(new EventId(EPOCH, 2), "ana", "bo", "new", NOW, true));

        assertEquals(1, archive.purge(NOW.minus(Duration.ofDays(5)), 10));
        assertEquals(List.of("new"), archive.newestDirect("ana\nbo", 10).stream().map(DirectMessage::text).toList());
    }

    @Test
    void thePurgeRunsATenthOfTheRetentionApartWithinASecondAndAnHour() {
        assertEquals(Duration.ofHours(1), JdbcStore.purgeInterval(Duration.ofDays(30)));
        assertEquals(Duration.ofMinutes(6), JdbcStore.purgeInterval(Duration.ofHours(1)));
        assertEquals(Duration.ofSeconds(1), JdbcStore.purgeInterval(Duration.ofSeconds(2)));
    }

    /** A DataSource whose connections can be refused, as a database out of reach refuses them. */
    private static final class Switchable implements DataSource {

        private final DataSource target;
        final AtomicInteger asked = new AtomicInteger();
        volatile boolean failing;

        Switchable(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws SQLException {
            asked.incrementAndGet();
            if (failing) {
                throw new SQLException("Connection refused", "08001");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String username, String password) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() throws SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(PrintWriter out) throws SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getLogger("org.websocketchat.store");
        }

        @Override
        public <T> T unwrap(Class<T> type) throws SQLException {
            return target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws SQLException {
            return target.isWrapperFor(type);
        }
    }
}
