package org.websocketchat.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;

/**
 * A node's own {@code CATALINA_BASE}: the distribution's configuration, a {@code server.xml} of its
 * own and the one webapp it serves; given a DataSource, a {@code context.xml} that declares it and
 * its driver in {@code lib/}. The webapp is copied in too, so that nodes started from the
 * same distribution share nothing they could write to, and {@code CATALINA_HOME} is only read.
 */
final class TomcatBase {

    private TomcatBase() {
    }

    /** Empties {@code options.base()} and lays out the base there; returns it. */
    static Path prepare(TomcatNode.Options options, int port) throws IOException {
        Path base = options.base();
        deleteTree(base);
        for (String folder : List.of("conf", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(folder));
        }
        for (String file : List.of("web.xml", "catalina.properties", "logging.properties")) {
            Files.copy(options.home().resolve("conf").resolve(file), base.resolve("conf").resolve(file),
                    StandardCopyOption.REPLACE_EXISTING);
        }
        Files.writeString(base.resolve("conf/server.xml"), serverXml(port, options.maxConnections(), options.socketBuffer()), StandardCharsets.UTF_8);
        if (options.dataSource().isPresent()) {
            TomcatNode.DataSource source = options.dataSource().get();
            Files.writeString(base.resolve("conf/context.xml"), contextXml(options.home(), source), StandardCharsets.UTF_8);
            Files.createDirectories(base.resolve("lib"));
            Files.copy(source.driver(), base.resolve("lib").resolve(source.driver().getFileName()));
        }
        Path webapps = base.resolve("webapps");
        if (Files.isDirectory(options.app())) {
            copyTree(options.app(), webapps.resolve(options.context()));
        } else {
            Files.copy(options.app(), webapps.resolve(options.context() + ".war"));
        }
        return base;
    }

    /** Deletes {@code root} and all below it, if it exists. */
    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    /**
     * The distribution's {@code context.xml} with the pool added, where a user adds it. The attributes
     * are those of Tomcat 11's JNDI DataSource HOW-TO for DBCP 2; each borrowed connection is checked
     * first, so the pool hands out none that a restarted database has closed.
     */
    private static String contextXml(Path home, TomcatNode.DataSource source) throws IOException {
        String original = Files.readString(home.resolve("conf/context.xml"), StandardCharsets.UTF_8);
        int end = original.indexOf("</Context>");
        if (end < 0 || end != original.lastIndexOf("</Context>")) {
            throw new IllegalStateException("Not one </Context> in " + home.resolve("conf/context.xml"));
        }
        String resource = """
                    <Resource name="jdbc/chat" auth="Container" type="javax.sql.DataSource"
                              driverClassName="org.postgresql.Driver" url="%s" username="%s" password="%s"
                              maxTotal="20" maxIdle="5" maxWaitMillis="5000" validationQuery="SELECT 1" testOnBorrow="true"/>
                </Context>""".formatted(attribute(source.url()), attribute(source.user()), attribute(source.password()));
        return original.substring(0, end) + resource + original.substring(end + "</Context>".length());
    }

    private static String attribute(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace("\"", "&quot;");
    }

    /** No shutdown port (SIGTERM stops it), one connector on loopback, no auto-deploy scanning. */
    private static String serverXml(int port, int maxConnections, int socketBuffer) {
        String buffers = socketBuffer > 0
                ? " socket.appReadBufSize=\"%d\" socket.appWriteBufSize=\"%d\"".formatted(socketBuffer, socketBuffer) : "";
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                <Server port="-1" shutdown="SHUTDOWN">
                  <Service name="Catalina">
                    <Connector address="127.0.0.1" port="%d" protocol="HTTP/1.1" maxConnections="%d"
                               connectionTimeout="20000"%s/>
                    <Engine name="Catalina" defaultHost="localhost">
                      <Host name="localhost" appBase="webapps" unpackWARs="true" autoDeploy="false"/>
                    </Engine>
                  </Service>
                </Server>
                """.formatted(port, maxConnections, buffers);
    }
}
