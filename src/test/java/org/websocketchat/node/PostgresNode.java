package org.websocketchat.node;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A real PostgreSQL (Debian's package, the newest version under {@code /usr/lib/postgresql}) on a
 * free port of 127.0.0.1, in a process of its own, with a cluster of its own in a fresh temporary
 * folder: for the tests of history kept in PostgreSQL through the container's DataSource. It holds
 * a role {@code chat} (not a superuser, so the WAR gets no rights a real deployment would not give
 * it) with a password, which TCP connections must give, and a database {@code chat} it owns.
 *
 * <p>Unlike a {@link RedisNode}, it keeps its data: {@link #restart} comes back on the same port
 * with what was committed before {@link #stop}, as {@code fsync} stays on. {@link #close} stops it
 * and deletes the folder. A node still running when the JVM that started it exits is killed; its
 * folder then stays behind.
 *
 * <p>PostgreSQL refuses to run as root. As root (CI), {@code initdb} and the server run as the
 * {@code postgres} account through {@code setpriv}, which execs the server in its own place, where
 * {@code runuser} would fork it off as a child: so the process started is the postmaster itself,
 * the one {@link #stop} signals and the one {@link Reaper} kills. One test thread drives a node.
 */
public final class PostgresNode implements AutoCloseable {

    private static final Path INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final String ACCOUNT = "postgres";
    private static final String CHAT = "chat";
    private static final Duration START = Duration.ofSeconds(30);
    /** What the postmaster logs once it accepts connections (the messages are English: initdb --locale=C). */
    private static final String READY = "database system is ready to accept connections";
    private static final Duration STOP = Duration.ofSeconds(30);

    private final Path bin;
    /** Holds the cluster ({@code data/}), the Unix socket and {@code postgres.log}. */
    private final Path folder;
    private final int port;
    private final String superuserPassword;
    private final String password;
    private Process process;

    private PostgresNode(Path bin, Path folder, int port, String password) {
        this.bin = bin;
        this.folder = folder;
        this.port = port;
        this.superuserPassword = secret();
        this.password = password;
    }

    /** Creates a cluster with the role and database {@code chat}, and starts it on a free port. */
    public static PostgresNode start() throws IOException, InterruptedException {
        return start(Loopback.freePort(), secret());
    }

    /**
     * As {@link #start()}, on {@code port} with {@code password} for {@code chat}: for a server whose
     * DataSource was configured before the database existed, on a port the build reserved.
     */
    public static PostgresNode start(int port, String password) throws IOException, InterruptedException {
        PostgresNode node = new PostgresNode(newestBin(), folder(), port, password);
        try {
            node.initdb();
            node.launch();
            node.asSuperuser("CREATE ROLE chat LOGIN PASSWORD '" + node.password + "'");
            node.asSuperuser("CREATE DATABASE chat OWNER chat");
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                node.close();
            } catch (IOException | InterruptedException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        }
        return node;
    }

    /** {@code jdbc:postgresql://127.0.0.1:PORT/chat} */
    public String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + CHAT;
    }

    public String user() {
        return CHAT;
    }

    public String password() {
        return password;
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /**
     * Runs {@code sql} as {@code chat} in its database and returns the rows it answered, each value
     * as text ({@code null} for SQL NULL); a statement that answers no rows (DDL, INSERT) returns none.
     * A statement refused throws {@link IllegalStateException}: a failure, never an answer to wait past.
     */
    public List<List<String>> rows(String sql) {
        try (Connection connection = connect(CHAT, password, CHAT); Statement statement = connection.createStatement()) {
            if (!statement.execute(sql)) {
                return List.of();
            }
            List<List<String>> rows = new ArrayList<>();
            try (ResultSet result = statement.getResultSet()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    String[] row = new String[columns];
                    for (int column = 0; column < columns; column++) {
                        row[column] = result.getString(column + 1);
                    }
                    rows.add(Arrays.asList(row));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** As {@link #rows}, the first column of each. */
    public List<String> column(String sql) {
        return rows(sql).stream().map(row -> row.get(0)).toList();
    }

    /**
     * Fast shutdown (SIGINT: open sessions are ended, committed work is kept) within 30 s. A server
     * that has not stopped by then is killed, and the stop fails with its log.
     */
    public void stop() throws IOException, InterruptedException {
        if (!isRunning()) {
            throw new IllegalStateException("PostgreSQL is not running:\n" + logTail());
        }
        // pg_ctl, as procps' kill may not be installed, and Java sends no SIGINT.
        run(Duration.ofSeconds(10), bin.resolve("pg_ctl").toString(), "kill", "INT", Long.toString(process.pid()));
        boolean stopped = process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        if (!stopped) {
            process.destroyForcibly();
            process.waitFor(STOP.toSeconds(), TimeUnit.SECONDS);
        }
        Reaper.forget(process.toHandle());
        if (!stopped) {
            throw new IllegalStateException("PostgreSQL did not stop within " + STOP + ", killed:\n" + logTail());
        }
    }

    /** Starts it again after {@link #stop}: the same port, the same data. */
    public void restart() throws IOException, InterruptedException {
        if (isRunning()) {
            throw new IllegalStateException("PostgreSQL is running");
        }
        launch();
    }

    /** Stops it if it runs, and deletes its folder with the data. */
    @Override
    public void close() throws IOException, InterruptedException {
        try {
            if (isRunning()) {
                stop();
            }
        } finally {
            TomcatBase.deleteTree(folder);
        }
    }

    private Path data() {
        return folder.resolve("data");
    }

    private Path log() {
        return folder.resolve("postgres.log");
    }

    /** The superuser {@code postgres} gets a password (as host connections need one), never written to the log. */
    private void initdb() throws IOException, InterruptedException {
        Path passwordFile = folder.resolve("superuser-password");
        Files.writeString(passwordFile, superuserPassword, StandardCharsets.UTF_8);
        own(passwordFile);
        try {
            // --no-sync: the data is lost only if the machine stops, which no test does; the server syncs.
            run(Duration.ofSeconds(60), bin.resolve("initdb").toString(), "--pgdata=" + data(), "--username=" + ACCOUNT,
                    "--pwfile=" + passwordFile, "--encoding=UTF8", "--locale=C", "--auth-local=trust",
                    "--auth-host=scram-sha-256", "--no-sync");
        } finally {
            Files.delete(passwordFile);
        }
    }

    /**
     * The postmaster itself, not {@code pg_ctl}, which would leave it running in the background, out
     * of reach. Returns once it says it accepts connections and the superuser has connected; fails
     * once it has exited or {@link #START} has passed.
     */
    private void launch() throws IOException, InterruptedException {
        process = asAccount(bin.resolve("postgres").toString(), "-D", data().toString(), "-p", Integer.toString(port),
                "-k", folder.toString(), "-c", "listen_addresses=127.0.0.1", "-c", "fsync=on").redirectOutput(Redirect.PIPE).start();
        Reaper.watch(process.toHandle());
        CompletableFuture<Boolean> ready = follow(process);
        try {
            if (!ready.get(START.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("PostgreSQL exited with " + process.waitFor() + ":\n" + logTail());
            }
            connect(ACCOUNT, superuserPassword, ACCOUNT).close();
        } catch (TimeoutException e) {
            throw new IllegalStateException("PostgreSQL was not ready within " + START + ":\n" + logTail(), e);
        } catch (ExecutionException | SQLException e) {
            throw new IllegalStateException("PostgreSQL did not let the superuser in:\n" + logTail(), e);
        }
    }

    /**
     * Copies the postmaster's output into its log as it comes; the answer is true once it says it
     * accepts connections, false if its output ends (it exited) before.
     */
    private CompletableFuture<Boolean> follow(Process postmaster) {
        CompletableFuture<Boolean> ready = new CompletableFuture<>();
        Thread copier = new Thread(() -> {
            try (BufferedReader output = postmaster.inputReader(StandardCharsets.UTF_8);
                    BufferedWriter log = Files.newBufferedWriter(log(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                            StandardOpenOption.APPEND)) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    log.write(line);
                    log.newLine();
                    log.flush();
                    if (line.contains(READY)) {
                        ready.complete(true);
                    }
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.complete(false);
        }, "postgres-log-" + port);
        copier.setDaemon(true);
        copier.start();
        return ready;
    }

    private void asSuperuser(String sql) {
        try (Connection connection = connect(ACCOUNT, superuserPassword, ACCOUNT);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL refused " + sql.replace(password, "***") + ": " + e.getMessage(), e);
        }
    }

    private Connection connect(String user, String secret, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", secret);
        // Bounds the whole login, not only the connect: a port taken meanwhile by a server that accepts
        // and never answers would otherwise hold the wait for a start forever.
        properties.setProperty("loginTimeout", "5");
        return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/" + database, properties);
    }

    /** Runs {@code command} to its end, which must come within {@code timeout} and be a success. */
    private void run(Duration timeout, String... command) throws IOException, InterruptedException {
        Process run = asAccount(command).start();
        if (!run.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new IllegalStateException(command[0] + " did not finish within " + timeout + ":\n" + logTail());
        }
        if (run.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " exited with " + run.exitValue() + ":\n" + logTail());
        }
    }

    /** {@code command} as the {@code postgres} account if this JVM runs as root, its output appended to the log. */
    private ProcessBuilder asAccount(String... command) {
        List<String> line = new ArrayList<>();
        if (isRoot()) {
            line.addAll(List.of("setpriv", "--reuid=" + ACCOUNT, "--regid=" + ACCOUNT, "--init-groups", "--"));
        }
        line.addAll(List.of(command));
        // The working folder too must be one the account can enter: initdb fails where it cannot.
        return new ProcessBuilder(line).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log().toFile()));
    }

    private String logTail() throws IOException {
        if (!Files.exists(log())) {
            return "(no log)";
        }
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    private static Path newestBin() throws IOException {
        if (!Files.isDirectory(INSTALLATIONS)) {
            throw new IllegalStateException("No PostgreSQL under " + INSTALLATIONS + " (.ci/run installs Debian's postgresql)");
        }
        try (Stream<Path> versions = Files.list(INSTALLATIONS)) {
            return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
                    .filter(version -> Files.isExecutable(version.resolve("bin/postgres")))
                    .max(Comparator.comparingInt(version -> Integer.parseInt(version.getFileName().toString())))
                    .map(version -> version.resolve("bin"))
                    .orElseThrow(() -> new IllegalStateException("No PostgreSQL server under " + INSTALLATIONS));
        }
    }

    /**
     * A new folder the server's account owns. As root, under {@code /tmp}: the build's temporary
     * folder is inside the checkout, whose parents the {@code postgres} account may not be let into.
     */
    private static Path folder() throws IOException {
        if (!isRoot()) {
            return Files.createTempDirectory("postgres-node-");
        }
        Path folder = Files.createTempDirectory(Path.of("/tmp"), "postgres-node-");
        own(folder);
        return folder;
    }

    private static void own(Path path) throws IOException {
        if (isRoot()) {
            Files.setOwner(path, path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(ACCOUNT));
        }
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String secret() {
        byte[] bytes = new byte[16];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
