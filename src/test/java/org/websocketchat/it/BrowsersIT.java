package org.websocketchat.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The page tests share their browsers ({@link Browsers}), so what one test leaves in a browser
 * must be gone before the next gets it. A page of this test's own server leaves a cookie, an
 * entry in localStorage and one in sessionStorage, an error in the console and a phone-sized
 * window.
 */
class BrowsersIT {

    private static final String LEAVES_TRACES = "<!doctype html><title>traces</title><script>"
            + "localStorage.setItem('name', 'ana'); sessionStorage.setItem('room', 'lobby');"
            + "console.error('left behind');</script>";
    private static final String LOOKS = "<!doctype html><title>looks</title>";

    private HttpServer server;
    private String origin;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/traces", exchange -> {
            exchange.getResponseHeaders().add("Set-Cookie", "JSESSIONID=left-behind; Path=/");
            answer(exchange, LEAVES_TRACES);
        });
        server.createContext("/looks", exchange -> answer(exchange, LOOKS));
        server.start();
        origin = "http://127.0.0.1:" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void aBrowserATestClosedComesToTheNextWithNothingOfIt() {
        Browser first = Browser.open();
        first.get(origin + "/traces");
        first.resize(375, 667);
        assertEquals("ana", first.script("return localStorage.getItem('name')"), "the page left its traces");
        assertEquals("JSESSIONID=left-behind", first.script("return document.cookie"));
        // The page's own error shows the console is recorded; the second, left unread, is the wipe's to clear.
        assertEquals(1, first.consoleErrors().stream().filter(entry -> entry.contains("left behind")).count());
        first.script("console.error('also left behind')");
        first.close();

        try (Browser next = Browser.open()) {
            assertSame(first, next, "the closed browser is the one handed on");
            next.get(origin + "/looks");
            assertEquals(List.of(), next.consoleErrors(), "no console entry of the test before");
            assertEquals("", next.script("return document.cookie"));
            assertEquals(null, next.script("return localStorage.getItem('name')"));
            assertEquals(null, next.script("return sessionStorage.getItem('room')"));
            assertEquals(List.of(1280L, 800L), next.script("return [window.outerWidth, window.outerHeight]"));
        }
    }

    private static void answer(HttpExchange exchange, String html) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
