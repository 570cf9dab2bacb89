package org.websocketchat.control;

/**
 * A member's place in a relay that orders a room's events elsewhere ({@link LocalMembers}): the
 * token its claim on the name carries, the name, and whether it is a signed-in user's
 * ({@link MemberKeys}).
 */
public record Seat(String token, String name, boolean verified) {

    /** A guest's seat. */
    public Seat(String token, String name) {
        this(token, name, false);
    }
}
