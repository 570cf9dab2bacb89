package org.websocketchat.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Tomcat's examples chat ({@code websocket.chat.ChatAnnotation}) as a WAR of its own, for
 * containers that do not ship it: its compiled classes as the Tomcat distribution ships them,
 * the one helper class it calls, and Tomcat's logging API it logs through. Assembled at run time
 * from the unpacked distribution; nothing of Tomcat's is kept in this repository. The endpoint
 * runs unchanged at {@code /examples/websocket/chat}; an {@code index.html} is added only so that a
 * started server can be seen to serve the application.
 */
public final class ExamplesWar {

    private static final String CLASSES = "webapps/examples/WEB-INF/classes/";
    private static final List<String> SHIPPED = List.of("websocket/chat/ChatAnnotation.class", "util/HTMLFilter.class");

    private ExamplesWar() {
    }

    /** Writes the WAR to {@code war} from the distribution at {@code tomcatHome}; returns {@code war}. */
    public static Path assemble(Path tomcatHome, Path war) throws IOException {
        Files.createDirectories(war.toAbsolutePath().getParent());
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(war))) {
            for (String name : SHIPPED) {
                add(zip, "WEB-INF/classes/" + name, Files.readAllBytes(tomcatHome.resolve(CLASSES + name)));
            }
            add(zip, "WEB-INF/lib/tomcat-juli.jar", Files.readAllBytes(tomcatHome.resolve("bin/tomcat-juli.jar")));
            add(zip, "index.html", "<!doctype html><title>examples chat</title><p>ws: websocket/chat</p>\n"
                    .getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    private static void add(ZipOutputStream zip, String name, byte[] content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content);
        zip.closeEntry();
    }
}
