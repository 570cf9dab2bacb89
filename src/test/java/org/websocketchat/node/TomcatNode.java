package org.websocketchat.node;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
public final class TomcatNode implements AutoCloseable {

    /** The system property naming the unpacked distribution (set by the pom). */
    public static final String HOME_PROPERTY = "tomcat.home";

    private static final Set<Process> RUNNING = ConcurrentHashMap.newKeySet();
    /** JDK 17: "garbage-first heap   total 34816K, used 8571K"; JDK 25 adds "reserved …, committed". */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(Process::destroyForcibly)));
    }

    private final Process process;
    private final int port;
    private final Path base;
    private final Path home;
    private final String context;

    private TomcatNode(Process process, int port, Path base, Options options) {
        this.process = process;
        this.port = port;
        this.base = base;
        this.home = options.home();
        this.context = options.context();
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
     */
    public record Options(Path home, Path app, String context, Path base, Map<String, String> settings,
            Map<String, String> environment, List<String> jvmOptions, int maxConnections) {

        /** Absolute: the server runs in its own base folder. */
        public Options {
            home = home.toAbsolutePath();
            app = app.toAbsolutePath();
            base = base.toAbsolutePath();
        }

        /** The distribution from {@value #HOME_PROPERTY}, the WAR from {@code chat.war}, at {@code /websocket-chat}. */
        public static Options fromBuild(Path base, Map<String, String> settings) {
            return new Options(Path.of(required(HOME_PROPERTY)), Path.of(required("chat.war")), "websocket-chat", base,
                    settings, Map.of(), List.of("-Xmx1g"), 8192);
        }

        /** The distribution from {@value #HOME_PROPERTY} serving its own {@code webapps/examples}, and not our WAR. */
        public static Options examplesFromBuild(Path base) {
            Path home = Path.of(required(HOME_PROPERTY));
            return new Options(home, home.resolve("webapps/examples"), "examples", base, Map.of(), Map.of(),
                    List.of("-Xmx1g"), 8192);
        }

        public Options withEnvironment(Map<String, String> environment) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections);
        }

        public Options withJvmOptions(List<String> jvmOptions) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections);
        }

        public Options withMaxConnections(int maxConnections) {
            return new Options(home, app, context, base, settings, environment, jvmOptions, maxConnections);
        }

        private static String required(String property) {
            String value = System.getProperty(property, "");
            if (value.isBlank()) {
                throw new IllegalStateException("System property " + property + " is not set (the pom sets it)");
            }
            return value;
        }
    }

    /** Starts a node and returns once it serves the page, or fails within {@code timeout}. */
    public static TomcatNode start(Options options, Duration timeout) throws IOException, InterruptedException {
        int port = freePort();
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
        RUNNING.add(process);
        TomcatNode node = new TomcatNode(process, port, base, options);
        try {
            node.awaitPage(timeout);
        } catch (IOException | InterruptedException | RuntimeException e) {
            node.kill();
            throw e;
        }
        return node;
    }

    /** The Tomcat version, as the distribution states it (e.g. {@code 11.0.24}). */
    public String version() throws IOException {
        try (ZipFile catalina = new ZipFile(home.resolve("lib/catalina.jar").toFile())) {
            Properties info = new Properties();
            info.load(catalina.getInputStream(catalina.getEntry("org/apache/catalina/util/ServerInfo.properties")));
            return info.getProperty("server.number");
        }
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
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

    /** A WebSocket endpoint of the app, e.g. {@code websocket/chat} of the examples. */
    public URI webSocket(String path) {
        return URI.create("ws://127.0.0.1:" + port + "/" + context + "/" + path);
    }

    /** What the server printed: Tomcat's console, where the chat's System.Logger output goes. */
    public String log() throws IOException {
        return Files.readString(base.resolve("logs/console.log"), StandardCharsets.UTF_8);
    }

    /** CPU time the server process has used so far (all its threads). */
    public Duration cpuTime() {
        return process.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + pid()));
    }

    /** Live heap after a full collection, in bytes, through {@code jcmd} (no network port). */
    public long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Resident set size of the server process, in bytes (Linux). */
    public long residentBytes() throws IOException {
        return procStatus("VmRSS:") * 1024;
    }

    /** The server process's threads as Linux counts them: the JVM's own (GC, compiler) as well as Java's. */
    public long threadCount() throws IOException {
        return procStatus("Threads:");
    }

    /** The names of the server's Java threads, from a thread dump through {@code jcmd}. */
    public List<String> threadNames() throws IOException, InterruptedException {
        // Each thread's entry starts with its quoted name: "chat-send-1" #42 daemon prio=5 …
        return jcmd("Thread.print").lines().filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
    }

    /** Ends the process at once (SIGKILL): no shutdown, no close frames, as in a crash. */
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        RUNNING.remove(process);
    }

    /** Stops Tomcat cleanly (SIGTERM: the chat closes its clients with 1001), or kills it after 30 s. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
        RUNNING.remove(process);
    }

    private void awaitPage(Duration timeout) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest request = HttpRequest.newBuilder(page()).timeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYetListening) {
                // Tomcat binds its port only after it has read its configuration: poll again.
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("Tomcat did not serve " + page() + " within " + timeout + ":\n" + log());
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** The number in a line of {@code /proc/PID/status}, such as {@code VmRSS:   86016 kB}. */
    private long procStatus(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + key + " for " + pid());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
