package org.websocketchat.control;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/** The rules for member names and room names. */
public final class DisplayNames {

    public static final int MAX_LENGTH = 32;
    public static final String DEFAULT_ROOM = "lobby";

    private static final Pattern ROOM = Pattern.compile("[a-z0-9_-]{1," + MAX_LENGTH + "}");

    private DisplayNames() {
    }

    /**
     * The name as it will be shown: trimmed and NFC-normalised; 1 to 32 characters, each a
     * Unicode letter or digit, a space, or one of {@code . _ -}. Empty if it breaks a rule.
     */
    public static Optional<String> member(String wanted) {
        String name = Normalizer.normalize(wanted.strip(), Normalizer.Form.NFC);
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_LENGTH) {
            return Optional.empty();
        }
        boolean valid = name.codePoints().allMatch(c -> Character.isLetterOrDigit(c) || c == ' ' || c == '.' || c == '_' || c == '-');
        return valid ? Optional.of(name) : Optional.empty();
    }

    /** The room name, lower-cased; empty unless it is 1 to 32 of {@code [a-z0-9_-]}. */
    public static Optional<String> room(String wanted) {
        String room = wanted.strip().toLowerCase(Locale.ROOT);
        return ROOM.matcher(room).matches() ? Optional.of(room) : Optional.empty();
    }

    public static String guest(RandomGenerator random) {
        return "guest-" + (1000 + random.nextInt(9000));
    }

    /** The key under which names are unique: case-insensitive. */
    public static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * {@code name} itself if it is free, otherwise the first free of {@code name-2},
     * {@code name-3}, …, shortened so that the result still fits in 32 characters.
     */
    public static String unique(String name, Predicate<String> taken) {
        for (int n = 1; ; n++) {
            String candidate = candidate(name, n);
            if (!taken.test(key(candidate))) {
                return candidate;
            }
        }
    }

    /**
     * The {@code n}th name {@link #unique} tries: {@code name} itself for 1, then {@code name-2},
     * {@code name-3}, … shortened to fit. For a relay that claims names elsewhere.
     */
    public static String candidate(String name, int n) {
        if (n == 1) {
            return name;
        }
        String suffix = "-" + n;
        return truncate(name, MAX_LENGTH - suffix.length()) + suffix;
    }

    private static String truncate(String name, int codePoints) {
        if (name.codePointCount(0, name.length()) <= codePoints) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, codePoints)).strip();
    }
}
