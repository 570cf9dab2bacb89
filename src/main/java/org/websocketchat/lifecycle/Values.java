package org.websocketchat.lifecycle;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How the text of a setting becomes its value: each parser returns the value or throws an
 * {@link IllegalArgumentException} whose message says what was expected, which
 * {@link ChatConfig} prefixes with the key, the value and where it came from.
 */
final class Values {

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern REDIS_SCHEME = Pattern.compile("rediss?");
    private static final Pattern ORIGIN = Pattern.compile("(https?)://[^/?#\\s]+");

    static URI redisUri(String text) {
        try {
            URI uri = new URI(text);
            if (uri.getScheme() != null && REDIS_SCHEME.matcher(uri.getScheme().toLowerCase(Locale.ROOT)).matches()
                    && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below
        }
        throw new IllegalArgumentException("expected a Redis URI such as redis://127.0.0.1:6379");
    }

    static int whole(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException("expected a whole number from " + min + " to " + max);
    }

    static double positive(String text, double max) {
        try {
            double value = Double.parseDouble(text);
            if (value > 0 && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new IllegalArgumentException("expected a number above 0 and at most " + (long) max);
    }

    static boolean bool(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        };
    }

    static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration such as 500ms, 30s, 5m, 1h or 30d");
        }
        long amount = Long.parseLong(m.group(1));
        Duration duration = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            default -> Duration.ofDays(amount);
        };
        if (duration.toMillis() < 100) {
            throw new IllegalArgumentException("expected at least 100ms");
        }
        return duration;
    }

    static Set<String> origins(String text) {
        Set<String> origins = new LinkedHashSet<>();
        for (String item : Arrays.stream(text.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList()) {
            String origin = item.toLowerCase(Locale.ROOT);
            if (!origin.equals("*") && !origin.equals("null") && !isOrigin(origin)) {
                throw new IllegalArgumentException("'" + item + "' is not an origin such as https://chat.example.com, null or *");
            }
            origins.add(origin);
        }
        return origins;
    }

    private static boolean isOrigin(String text) {
        if (!ORIGIN.matcher(text).matches()) {
            return false;
        }
        try {
            return URI.create(text).getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A JNDI name such as {@code java:comp/env/jdbc/chat}: no spaces, not empty. */
    static String jndiName(String text) {
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("expected a JNDI name such as java:comp/env/jdbc/chat");
        }
        return text;
    }

    private Values() {
    }
}
