package org.websocketchat.store;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.websocketchat.control.Archive;
import org.websocketchat.control.DaemonThreads;
import org.websocketchat.control.Telemetry;

/**
 * {@code chat.store=jdbc}: the {@link JdbcArchive} and the one thread that looks after it. That
 * thread creates or migrates the schema with Flyway (at start-up, and again until it succeeds if
 * the database was out of reach then), checks every second whether a database that stopped
 * answering is back, and purges messages older than the retention in the background, in small
 * batches that never hold the chat up.
 */
public final class JdbcStore implements AutoCloseable {

    private static final Logger LOG = System.getLogger(JdbcStore.class.getName());
    /**
     * Where the migrations are, in this WAR's classes: {@code V1__messages.sql} and its successors,
     * and the empty {@code flyway.location}, without which Flyway finds no folder through Open
     * Liberty's class loader (docs/containers.md, 39); {@code db/callback}, where Flyway always looks
     * for callbacks, holds nothing else.
     */
    static final String MIGRATIONS = "classpath:org/websocketchat/store/migration";
    /** Flyway's record of what it applied, under a name of our own so that it sits beside any other application's. */
    static final String HISTORY_TABLE = "chat_schema_history";
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);
    /** How long a start waits for the first migration before it goes on without the database. */
    private static final Duration FIRST_CHECK = Duration.ofSeconds(30);
    /** Rows deleted per statement while purging: each is a short transaction. */
    private static final int PURGE_BATCH = 1000;
    private static final int WRITERS = 4;

    private final DataSource dataSource;
    private final JdbcArchive archive;
    private final Optional<Duration> retention;
    private final Clock clock;
    private final DaemonThreads upkeepThread = new DaemonThreads("chat-store");
    private final ScheduledExecutorService upkeep;
    /**
     * The rooms' batches of messages. Each room has at most one in flight, so this many rooms write
     * at once and the queue holds at most one task per room; more threads would wait on the
     * database's commits rather than make them faster.
     */
    private final DaemonThreads writerThreads = new DaemonThreads("chat-store-writer");
    private final ExecutorService writers;
    /** Whether the schema is up to date; the upkeep thread's alone. */
    private boolean migrated;
    /** Whether a failed migration has been logged: once, not every second. */
    private boolean warned;

    private JdbcStore(DataSource dataSource, Optional<Duration> retention, Telemetry telemetry, Clock clock) {
        this.dataSource = dataSource;
        this.upkeep = Executors.newSingleThreadScheduledExecutor(upkeepThread);
        this.writers = Executors.newFixedThreadPool(WRITERS, writerThreads);
        this.archive = new JdbcArchive(dataSource, writers, telemetry, clock);
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Migrates the schema and starts the upkeep. A database out of reach does not stop the start:
     * the store is then down ({@code /health/ready} 503, messages refused) until it answers.
     */
    public static JdbcStore open(DataSource dataSource, Optional<Duration> retention, Telemetry telemetry, Clock clock) {
        JdbcStore store = new JdbcStore(dataSource, retention, telemetry, clock);
        try {
            store.upkeep.submit(store::check).get(FIRST_CHECK.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // A database that neither answers nor refuses: the start goes on, not ready, and the check with it.
            LOG.log(Level.WARNING, "The chat's database did not answer within {0} s; starting without it", FIRST_CHECK.toSeconds());
        }
        long check = CHECK_EVERY.toMillis();
        store.upkeep.scheduleWithFixedDelay(store::check, check, check, TimeUnit.MILLISECONDS);
        retention.ifPresent(keep -> {
            long every = purgeInterval(keep).toMillis();
            store.upkeep.scheduleWithFixedDelay(store::purge, every, every, TimeUnit.MILLISECONDS);
        });
        return store;
    }

    public Archive archive() {
        return archive;
    }

    /** A tenth of the retention, from a second to an hour: a message outlives it by at most that much. */
    static Duration purgeInterval(Duration retention) {
        Duration tenth = retention.dividedBy(10);
        return tenth.compareTo(CHECK_EVERY) < 0 ? CHECK_EVERY : tenth.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : tenth;
    }

    /** While the schema is not migrated or the database is down: tries again. Never throws, or the schedule would end. */
    private void check() {
        try {
            if (!migrated) {
                // A folder it cannot see fails the check, never passes it as an empty schema "up to date".
                Flyway.configure(JdbcStore.class.getClassLoader()).dataSource(dataSource).locations(MIGRATIONS)
                        .failOnMissingLocations(true)
                        .table(HISTORY_TABLE).baselineOnMigrate(true).baselineVersion("0").load().migrate();
                migrated = true;
                LOG.log(Level.INFO, "The chat's schema is up to date");
            }
            if (!archive.reachable()) {
                archive.probe();
            }
        } catch (RuntimeException e) {
            // FlywayException among them, when the database is out of reach.
            LOG.log(warned ? Level.DEBUG : Level.WARNING, "The chat's database cannot be migrated yet; trying again every second: {0}",
                    e.getMessage());
            warned = true;
        }
    }

    private void purge() {
        Duration keep = retention.orElseThrow();
        if (!archive.reachable()) {
            return;
        }
        try {
            long purged = archive.purge(clock.instant().minus(keep), PURGE_BATCH);
            if (purged > 0) {
                LOG.log(Level.INFO, "Purged {0} messages older than {1}", purged, keep);
            }
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "Purging old messages failed; trying again later: {0}", e.getMessage());
        }
    }

    /** Stops the upkeep and writer threads, which would outlive the web application; batches under way finish first. */
    @Override
    public void close() {
        upkeepThread.stop(upkeep, Duration.ofSeconds(Sql.TIMEOUT_SECONDS), true);
        writerThreads.stop(writers, Duration.ofSeconds(Sql.TIMEOUT_SECONDS), false);
    }
}
