package org.websocketchat.it;

import java.io.File;
import java.util.Map;

import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the integration tests deploy: the file {@code package} built, not a rebuilt copy. */
public final class Deployments {

    public static final String CONTEXT = "websocket-chat";

    private Deployments() {
    }

    public static WebArchive builtWar() {
        String path = System.getProperty("chat.war");
        if (path == null || !new File(path).isFile()) {
            throw new IllegalStateException("The built WAR is missing (chat.war=" + path + "): run ./mvnw verify");
        }
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(path));
    }

    /** The built WAR, unchanged, under another name: a second application at context root {@code /name}. */
    public static WebArchive builtWarNamed(String name) {
        return ShrinkWrap.create(WebArchive.class, name + ".war").merge(builtWar());
    }

    /**
     * The built WAR under another name, its web.xml with one context-param added: how an
     * operator configures the WAR itself (the built web.xml sets none, so the code's defaults hold).
     */
    public static WebArchive builtWarWith(String name, String key, String value) {
        return builtWarWith(name, Map.of(key, value));
    }

    /** As {@link #builtWarWith(String, String, String)}, with a context-param for each entry. */
    public static WebArchive builtWarWith(String name, Map<String, String> params) {
        WebArchive copy = builtWarNamed(name);
        String webXml = new String(readWebXml(copy), java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder added = new StringBuilder();
        params.forEach((key, value) -> {
            if (webXml.contains("<param-name>" + key + "</param-name>")) {
                throw new IllegalArgumentException("web.xml already sets " + key);
            }
            added.append("    <context-param>\n        <param-name>").append(key).append("</param-name>\n        <param-value>")
                    .append(value).append("</param-value>\n    </context-param>\n");
        });
        String changed = webXml.replace("</web-app>", added + "</web-app>");
        copy.delete("WEB-INF/web.xml");
        return copy.setWebXML(new StringAsset(changed));
    }

    private static byte[] readWebXml(WebArchive war) {
        try (var in = war.get("WEB-INF/web.xml").getAsset().openStream()) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
