package org.websocketchat.control;

import java.util.Locale;

/**
 * What a guest, a client the container has not signed in (no principal at the handshake), may do:
 * chat like anyone ({@link #ALLOW}), only read ({@link #READ_ONLY}: its messages are answered
 * with error {@code forbidden}), or not connect at all ({@link #DENY}: closed 1008 at the door).
 */
public enum Guests {
    ALLOW,
    READ_ONLY,
    DENY;

    /** As written in the setting: {@code allow}, {@code read-only}, {@code deny}. */
    public String settingValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The policy a setting names, in any case; {@code IllegalArgumentException} for anything else. */
    public static Guests of(String settingValue) {
        for (Guests guests : values()) {
            if (guests.settingValue().equalsIgnoreCase(settingValue.trim())) {
                return guests;
            }
        }
        throw new IllegalArgumentException("expected allow, read-only or deny");
    }
}
