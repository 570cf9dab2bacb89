package org.websocketchat.boundary;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The handshake's query parameters, decoded here from the raw query string as UTF-8.
 * {@code Session.getRequestParameterMap()} is not used because containers decode it differently:
 * Tomcat reads percent-escapes as UTF-8, GlassFish (Tyrus over the servlet request) as
 * ISO-8859-1, so {@code name=Zo%C3%AB} would arrive there as {@code ZoÃ«} and be refused.
 */
final class QueryParameters {

    private QueryParameters() {
    }

    /**
     * {@code a=1&b=x%20y&a=2} as {@code {a=[1, 2], b=[x y]}}; {@code +} is a space, a name
     * without {@code =} has the value {@code ""}. A malformed escape keeps the raw text, which
     * the name and room rules then refuse.
     */
    static Map<String, List<String>> parse(String rawQuery) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            parameters.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
        }
        return parameters;
    }

    private static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return raw;
        }
    }
}
