package org.websocketchat.control;

import java.util.NavigableMap;

/**
 * The keys a room holds its members under, in both relays. The rule they keep: a name in a room
 * belongs to one identity. A guest's key is its name's ({@link DisplayNames#key}), so guests'
 * names are unique as before. A signed-in user's connections each have a key of their own, the
 * name's followed by {@link #SEPARATOR} and something unique to the join, so that all of them
 * show the principal's name. A guest is never given a name a signed-in member holds; a signed-in
 * user who joins where a guest holds its name takes it over, and that guest is closed
 * {@code 4001} to come back under another (as a registered nick is taken back on IRC).
 */
public final class MemberKeys {

    /** Sorts before every character a name may hold, so a name's keys sit together in key order. */
    public static final char SEPARATOR = '\u0001';
    /** The close reason of a guest whose name a signed-in user has taken over. */
    public static final String TAKEN_REASON = "a signed-in user has this name: reconnect for another";

    private MemberKeys() {
    }

    /** The key of one connection of a signed-in user: {@code unique} tells it from the user's others. */
    public static String verified(String name, String unique) {
        return DisplayNames.key(name) + SEPARATOR + unique;
    }

    /** Whether a member holds the name of {@code nameKey}: a guest under it, or a signed-in user. */
    static boolean taken(NavigableMap<String, ?> sorted, String nameKey) {
        if (sorted.containsKey(nameKey)) {
            return true;
        }
        String verified = nameKey + SEPARATOR;
        String next = sorted.ceilingKey(verified);
        return next != null && next.startsWith(verified);
    }

    /**
     * The key to page on from after {@code name}: past its guest's key and every connection of a
     * signed-in user of that name, which follow the name's key with {@link #SEPARATOR} and digits.
     */
    public static String pageAfter(String name) {
        return DisplayNames.key(name) + SEPARATOR + Character.MAX_VALUE;
    }

    static <V> NavigableMap<String, V> after(NavigableMap<String, V> sorted, String name) {
        return sorted.tailMap(pageAfter(name), false);
    }
}
