package org.websocketchat.node;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A web application in Jetty 12 or WildFly, each from its distribution as users run it, in a JVM
 * of its own on 127.0.0.1: what the benchmark needs to put the same load on the WAR in another
 * container than Tomcat. Each node gets a base folder of its own (Jetty's {@code jetty.base},
 * WildFly's {@code jboss.server.base.dir}); the distribution is only read. Stopping sends SIGTERM
 * to the server's JVM, whose shutdown hook undeploys the application. A node still running when
 * the JVM that started it exits is killed.
 */
public final class ContainerNode implements ServerNode {

    /** The containers, each with the system property naming its unpacked distribution (set by the pom). */
    public enum Kind {
        JETTY12("jetty.home", "Jetty"), WILDFLY("wildfly.home", "WildFly");

        private final String homeProperty;
        private final String product;

        Kind(String homeProperty, String product) {
            this.homeProperty = homeProperty;
            this.product = product;
        }
    }

    /**
     * What to start: {@code app}, a WAR, at {@code context}, with {@code settings} as system
     * properties of the server JVM and {@code jvmOptions} such as {@code -Xmx2g}.
     */
    public record Options(Kind kind, Path app, String context, Path base, Map<String, String> settings, List<String> jvmOptions) {

        public Options {
            app = app.toAbsolutePath();
            base = base.toAbsolutePath();
        }
    }

    /** WildFly binds these besides HTTP (AJP, HTTPS, management, transactions); each moves by the same offset. */
    private static final List<Integer> WILDFLY_PORTS = List.of(8009, 8080, 8443, 9990, 9993, 4712, 4713);
    private final Kind kind;
    private final Path home;
    private final Process launcher;
    private final ProcessHandle server;
    private final int port;
    private final String context;
    private final JvmProcess jvm;

    private ContainerNode(Kind kind, Path home, Process launcher, ProcessHandle server, int port, String context) {
        this.kind = kind;
        this.home = home;
        this.launcher = launcher;
        this.server = server;
        this.port = port;
        this.context = context;
        this.jvm = new JvmProcess(server);
    }

    /** Starts a node and returns once the application serves its start page, or fails within {@code timeout}. */
    public static ContainerNode start(Options options, Duration timeout) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty(options.kind().homeProperty, ""));
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("System property " + options.kind().homeProperty + " names no distribution: " + home);
        }
        Path base = options.base();
        TomcatBase.deleteTree(base);
        Files.createDirectories(base);
        List<String> command = new ArrayList<>();
        int port;
        if (options.kind() == Kind.JETTY12) {
            port = Loopback.freePort();
            command.addAll(jetty(home, options, port));
        } else {
            int offset = freeOffset();
            port = 8080 + offset;
            command.addAll(wildFly(home, options, offset));
        }
        Path console = base.resolve("console.log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(base.toFile()).redirectErrorStream(true)
                .redirectOutput(console.toFile());
        if (options.kind() == Kind.WILDFLY) {
            // standalone.sh uses JAVA_OPTS instead of its defaults when set; what it needs besides comes from its own scripts.
            builder.environment().put("JAVA_OPTS", String.join(" ", jvmArguments(options, base)));
        }
        Process launcher = builder.start();
        Reaper.watch(launcher.toHandle());
        try {
            ProcessHandle server = options.kind() == Kind.JETTY12 ? launcher.toHandle() : javaBelow(launcher, timeout);
            Reaper.watch(server);
            Loopback.awaitPage(URI.create("http://127.0.0.1:" + port + "/" + options.context() + "/"), launcher, timeout,
                    options.kind().product, () -> Files.readString(console, StandardCharsets.UTF_8));
            return new ContainerNode(options.kind(), home, launcher, server, port, options.context());
        } catch (IOException | InterruptedException | RuntimeException e) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            throw e;
        }
    }

    /** Jetty's start.jar, in this JVM's process (no module here needs a forked JVM), with a base of its own. */
    private static List<String> jetty(Path home, Options options, int port) throws IOException, InterruptedException {
        Path base = options.base();
        String startJar = home.resolve("start.jar").toString();
        Process init = new ProcessBuilder(java(), "-jar", startJar, "jetty.base=" + base,
                "--add-modules=http,ee10-deploy,ee10-annotations,ee10-websocket-jakarta").directory(base.toFile())
                .redirectErrorStream(true).redirectOutput(base.resolve("init.log").toFile()).start();
        if (!init.waitFor(2, TimeUnit.MINUTES) || init.exitValue() != 0) {
            init.destroyForcibly();
            throw new IllegalStateException("Jetty's base did not initialise: " + Files.readString(base.resolve("init.log")));
        }
        Files.createDirectories(base.resolve("work"));
        Files.copy(options.app(), base.resolve("webapps").resolve(options.context() + ".war"));
        Files.writeString(base.resolve("webapps").resolve(options.context() + ".xml"), jettyContext(options.context()));
        List<String> command = new ArrayList<>(List.of(java()));
        command.addAll(jvmArguments(options, base));
        command.addAll(List.of("-jar", startJar, "jetty.base=" + base, "jetty.http.host=127.0.0.1", "jetty.http.port=" + port));
        return command;
    }

    /**
     * The context file that deploys the WAR in Jetty, binding its {@code resource-ref} {@code jdbc/chat}
     * to nothing, as an operator without a database does: Jetty starts no WAR with an unbound one
     * (docs/containers.md, rule 36), and the benchmark's chat keeps its history in memory.
     */
    private static String jettyContext(String context) {
        return """
                <?xml version="1.0"?>
                <!DOCTYPE Configure PUBLIC "-//Jetty//Configure//EN" "https://jetty.org/configure_10_0.dtd">
                <Configure id="wac" class="org.eclipse.jetty.ee10.webapp.WebAppContext">
                  <Set name="contextPath">/%1$s</Set>
                  <Set name="war"><Property name="jetty.webapps" default="."/>/%1$s.war</Set>
                  <New class="org.eclipse.jetty.plus.jndi.Resource">
                    <Arg><Ref refid="wac"/></Arg>
                    <Arg>jdbc/chat</Arg>
                    <Arg><New class="javax.naming.LinkRef"><Arg>java:comp/env/jdbc/chat-not-configured</Arg></New></Arg>
                  </New>
                </Configure>
                """.formatted(context);
    }

    /** WildFly's standalone.sh on a copy of its {@code standalone} folder; every port moved by {@code offset}. */
    private static List<String> wildFly(Path home, Options options, int offset) throws IOException {
        Path base = options.base().resolve("standalone");
        TomcatBase.copyTree(home.resolve("standalone"), base);
        Files.copy(options.app(), base.resolve("deployments").resolve(options.context() + ".war"));
        return List.of("bash", home.resolve("bin/standalone.sh").toString(), "-Djboss.server.base.dir=" + base,
                "-Djboss.socket.binding.port-offset=" + offset, "-Djboss.bind.address=127.0.0.1",
                "-Djboss.bind.address.management=127.0.0.1");
    }

    private static List<String> jvmArguments(Options options, Path base) {
        List<String> arguments = new ArrayList<>(options.jvmOptions());
        arguments.add("-Djava.io.tmpdir=" + base.resolve("work"));
        if (options.kind() == Kind.WILDFLY) {
            // What standalone.conf sets by default, which a given JAVA_OPTS replaces.
            arguments.addAll(List.of("-Djava.net.preferIPv4Stack=true", "-Djava.awt.headless=true",
                    "-Djboss.modules.system.pkgs=org.jboss.byteman"));
        }
        options.settings().forEach((key, value) -> arguments.add("-D" + key + "=" + value));
        return arguments;
    }

    /** An offset that moves all of WildFly's ports onto ports free now. */
    private static int freeOffset() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int offset = ThreadLocalRandom.current().nextInt(20_000, 50_000);
            if (WILDFLY_PORTS.stream().allMatch(port -> isFree(port + offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no port offset with all of WildFly's ports free in 100 attempts");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException taken) {
            return false;
        }
    }

    /**
     * The server's JVM that standalone.sh starts as its child, known by the {@code -D[Standalone]}
     * it is given; the script runs other short-lived {@code java} commands before it.
     */
    private static ProcessHandle javaBelow(Process launcher, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline) && launcher.isAlive()) {
            Optional<ProcessHandle> server = launcher.descendants()
                    .filter(p -> p.info().arguments().map(List::of).orElse(List.of()).contains("-D[Standalone]")).findFirst();
            if (server.isPresent()) {
                return server.get();
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new IllegalStateException("standalone.sh started no server JVM within " + timeout);
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /** The product and the version its distribution folder names, e.g. {@code Jetty 12.0.31} from {@code jetty-home-12.0.31}. */
    @Override
    public String version() {
        String folder = home.getFileName().toString();
        return kind.product + " " + folder.substring(folder.lastIndexOf('-') + 1);
    }

    @Override
    public URI webSocket(String path) {
        return URI.create("ws://127.0.0.1:" + port + "/" + context + "/" + path);
    }

    @Override
    public JvmProcess jvm() {
        return jvm;
    }

    @Override
    public void close() throws InterruptedException {
        server.destroy();
        if (!launcher.waitFor(30, TimeUnit.SECONDS)) {
            launcher.descendants().forEach(ProcessHandle::destroyForcibly);
            launcher.destroyForcibly();
            launcher.waitFor(30, TimeUnit.SECONDS);
        }
        Reaper.forget(server);
        Reaper.forget(launcher.toHandle());
    }
}
