package org.websocketchat.relay;

/**
 * How {@code chat.lua} holds a member's display name: a signed-in member's follows {@link #MARK},
 * a character no name may hold, so that claims, events and history say who is signed in without
 * a field of their own.
 */
final class RedisNames {

    static final char MARK = '\u0001';

    private RedisNames() {
    }

    static String display(String name, boolean verified) {
        return verified ? MARK + name : name;
    }

    static boolean verified(String display) {
        return !display.isEmpty() && display.charAt(0) == MARK;
    }

    static String name(String display) {
        return verified(display) ? display.substring(1) : display;
    }
}
