package org.websocketchat.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;

import com.sun.net.httpserver.HttpServer;

/**
 * Serves the original article's page (a verbatim copy in the test resources) from another
 * origin than the chat's, on the port the build reserved and listed in chat.allowed-origins.
 * Its one change is the one the article asks for: the WebSocket URL.
 */
final class SeedPageServer implements AutoCloseable {

    private static final String ARTICLE_URL = "ws://127.0.0.1:8081";

    private final HttpServer server;

    SeedPageServer(URI chatEndpoint) {
        String page = readSeed().replace(ARTICLE_URL, chatEndpoint.toString());
        byte[] body = page.getBytes(StandardCharsets.UTF_8);
        try {
            int port = Integer.parseInt(System.getProperty("seed.page.port"));
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/chat.html", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/chat.html";
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private static String readSeed() {
        try (InputStream in = SeedPageServer.class.getResourceAsStream("/seed/chat.html")) {
            String page = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (!page.contains(ARTICLE_URL)) {
                throw new IllegalStateException("the seed page no longer holds " + ARTICLE_URL);
            }
            return page;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
