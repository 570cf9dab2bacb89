package org.websocketchat.node;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipFile;

/**
 * The WAR in a real Tomcat (the distribution, as users run it) in a JVM of its own, on a free
 * port of 127.0.0.1. Used where the server must be a separate process: the benchmark measures
 * its CPU time and heap apart from the clients', and the scale-out tests kill a node outright.
 * The benchmark also starts one with the distribution's own {@code examples} webapp instead, to
 * measure Tomcat's example chat beside ours.
 *
 * <p>Each node gets its own {@code CATALINA_BASE} (configuration, webapps, logs) under the
 * folder it is given; the distribution's {@code CATALINA_HOME} is shared and never written to.
 * Stopping sends SIGTERM, so Tomcat's shutdown hook undeploys the chat and its clients get 1001;
 * {@link #kill} sends SIGKILL, the crash a cluster must survive. A node still running when the
 * JVM that started it exits is killed, so none outlives a build.
 */
public final class TomcatNode implements ServerNode {

    /** The system property naming the unpacked distribution (set by the pom). */
    public static final String HOME_PROPERTY = "tomcat.home";
    /** The system property naming the PostgreSQL JDBC driver's jar (set by the pom). */
    public static final String DRIVER_PROPERTY = "postgresql.driver";

    private final Process process;
    private final int port;
    private final Path base;
    private final Path home;
    private final String context;
    private final JvmProcess jvm;

    private TomcatNode(Process process, int port, Path base, Options options) {
        this.process = process;
        this.port = port;
        this.base = base;
        this.home = options.home();
        this.context = options.context();
        this.jvm = new JvmProcess(process.toHandle());
    }

    /**
     * What to start.
     *
     * @param home           the unpacked Tomcat distribution
     * @param app            the webapp: a WAR, or an unpacked webapp folder (copied, as {@code home} is never written to)
     * @param context        the context path {@code app} is deployed at, without slashes
     * @param base           a folder of this node's own; emptied first
     * @param settings       system properties of the server JVM, such as {@code chat.history.size}
     * @param environment    extra environment variables, such as {@code CHAT_RELAY}
     * @param jvmOptions     e.g. {@code -Xmx1g}
     * @param maxConnections Tomcat's cap on open sockets (its NIO default is 8192)
     * @param socketBuffer   the connector's per-connection socket read and write buffers in bytes
     *                       ({@code socket.appReadBufSize}, {@code appWriteBufSize}); 0 keeps Tomcat's 8192
     * @param dataSource     the server's pool behind the WAR's {@code jdbc/chat}, if any
     */
    public record Options(Path home, Path app, String context, Path base, Map<String, String> settings,
            Map<String, String> environment, List<String> jvmOptions, int maxConnections,
            int socketBuffer, Optional<DataSource> dataSource) {

        /** Absolute: the server runs in its own base folder. */
        public Options {
            home = home.toAbsolutePath();
            app = app.toAbsolutePath();
            base = base.toAbsolutePath();
        }

        /** The distribution from {@value #HOME_PROPERTY}, the WAR from {@code chat.war}, at {@code /websocket-chat}. */
        public static Options fromBuild(Path base, Map<String, String> settings) {
            return new Options(Path.of(required(HOME_PROPERTY)), Path.of(required("chat.war")), "websocket-chat", base,
                    settings, Map.of(), List.of("-Xmx1g"), 8192, 0, Optional.empty());
        }

        /** The distribution from {@value #HOME_PROPERTY} serving its own {@code webapps/examples}, and not our WAR. */
        public static Options examplesFromBuild(Path base) {
            Path home = Path.of(required(HOME_PROPERTY));
            return new Options(home, home.resolve("webapps/examples"), "examples", base, Map.of(), Map.of(),
                    List.of("-Xmx1g"), 8192, 0, Optional.empty());
        }

        public Options withEnvironment(Map<String, String> environment) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections, socketBuffer, dataSource);
        }

        public Options withJvmOptions(List<String> jvmOptions) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections, socketBuffer, dataSource);
        }

        public Options withMaxConnections(int maxConnections) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections, socketBuffer, dataSource);
        }

        public Options withSocketBuffer(int socketBuffer) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections, socketBuffer, dataSource);
        }

        /** The DataSource {@code jdbc/chat} over the driver from {@value #DRIVER_PROPERTY}, e.g. to a {@link PostgresNode}. */
        public Options withDataSource(String jdbcUrl, String user, String password) {
            DataSource source = new DataSource(jdbcUrl, user, password, Path.of(required(DRIVER_PROPERTY)));
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections, socketBuffer,
                    Optional.of(source));
        }

        private static String required(String property) {
            String value = System.getProperty(property, "");
            if (value.isBlank()) {
                throw new IllegalStateException("System property " + property + " is not set (the pom sets it)");
            }
            return value;
        }
    }

    /**
     * A pool of Tomcat's own (DBCP 2) in the server's {@code conf/context.xml}, so every webapp gets
     * it as its {@code java:comp/env/jdbc/chat}: as a user configures a container-managed DataSource.
     * Its driver is copied into the base's {@code lib/}, where the common class loader finds it.
     *
     * @param driver the JDBC driver's jar, PostgreSQL's
     */
    public record DataSource(String url, String user, String password, Path driver) {

        public DataSource {
            driver = driver.toAbsolutePath();
        }
    }

    /**
     * Starts a node and returns once it serves the page, or fails within {@code timeout}. Once that
     * node has ended, the same options start another, on a new port in a base laid out anew: a
     * server that comes back after a crash, to the same DataSource.
     */
    public static TomcatNode start(Options options, Duration timeout) throws IOException, InterruptedException {
        int port = Loopback.freePort();
        Path base = TomcatBase.prepare(options, port);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options.jvmOptions());
        // What catalina.sh passes on Java 17+, so that Tomcat can clear references at undeploy.
        command.addAll(List.of("--add-opens=java.base/java.lang=ALL-UNNAMED", "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED"));
        command.add("-Dcatalina.home=" + options.home().toAbsolutePath());
        command.add("-Dcatalina.base=" + base.toAbsolutePath());
        command.add("-Djava.io.tmpdir=" + base.resolve("temp").toAbsolutePath());
        command.add("-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager");
        command.add("-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties").toAbsolutePath());
        options.settings().forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", options.home().resolve("bin/bootstrap.jar") + File.pathSeparator
                + options.home().resolve("bin/tomcat-juli.jar"), "org.apache.catalina.startup.Bootstrap", "start"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(base.resolve("logs/console.log").toFile());
        builder.environment().putAll(options.environment());
        Process process = builder.start();
        Reaper.watch(process.toHandle());
        TomcatNode node = new TomcatNode(process, port, base, options);
        try {
            node.awaitPage(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.kill();
            throw e;
        }
        return node;
    }

    /** The Tomcat version, as the distribution states it (e.g. {@code Tomcat 11.0.24}). */
    @Override
    public String version() throws IOException {
        try (ZipFile catalina = new ZipFile(home.resolve("lib/catalina.jar").toFile())) {
            Properties info = new Properties();
            info.load(catalina.getInputStream(catalina.getEntry("org/apache/catalina/util/ServerInfo.properties")));
            return "Tomcat " + info.getProperty("server.number");
        }
    }

    public int port() {
        return port;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The app's start page, e.g. {@code http://127.0.0.1:PORT/websocket-chat/}. */
    public URI page() {
        return URI.create("http://127.0.0.1:" + port + "/" + context + "/");
    }

    /** Our chat's endpoint, {@code ws://127.0.0.1:PORT/websocket-chat/chat}. */
    public URI chat() {
        return webSocket("chat");
    }

    @Override
    public URI webSocket(String path) {
        return URI.create("ws://127.0.0.1:" + port + "/" + context + "/" + path);
    }

    /** What the server printed: Tomcat's console, where the chat's System.Logger output goes. */
    public String log() throws IOException {
        return Files.readString(base.resolve("logs/console.log"), StandardCharsets.UTF_8);
    }

    @Override
    public JvmProcess jvm() {
        return jvm;
    }

    /** Ends the process at once (SIGKILL): no shutdown, no close frames, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        Reaper.forget(process.toHandle());
    }

    /** Stops Tomcat cleanly (SIGTERM: the chat closes its clients with 1001), or kills it after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        Reaper.forget(process.toHandle());
    }

    private void awaitPage(Duration timeout) throws IOException, InterruptedException {
        Loopback.awaitPage(page(), process, timeout, "Tomcat", this::log);
    }
}
