package org.websocketchat.control;

import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Moderation;

/**
 * One chat room as its members' {@link Connection}s see it: join, speak, leave. Where its events
 * are numbered, kept and fanned out is up to the {@link Relay} that made it. Implementations are
 * thread-safe and never block a caller on a socket.
 */
public interface Room {

    String name();

    /**
     * Adds a member under {@code wanted} or, if that is taken, the first free {@code wanted-N};
     * sends it the welcome and the history ({@code since} resumes when it can), then tells the
     * others (at once while the room is small, in the next presence update while it is crowded).
     * Returns the name it got. Called by {@link Connection#join}.
     */
    String join(Connection member, String wanted, Optional<EventId> since);

    /** Removes the member and tells the others; does nothing if it is not (or no longer) here. */
    void leave(Connection member);

    /**
     * The id of the room's latest event, if it has had one: a member that leaves and joins again
     * with it as {@code since} misses nothing and is sent nothing twice (a guest's new name).
     */
    Optional<EventId> lastEventId();

    /** Posts a message from {@code member} to everyone here, the sender included; see {@link ClientCommand.Say}. */
    void say(Connection member, String text, boolean action);

    /**
     * Tells the room's other members, those that speak a wire carrying it, that {@code member} is
     * typing: nothing is kept, and nothing is sent while the room is crowded or the member muted.
     */
    void typing(Connection member);

    /**
     * Sends {@code member}, and no one else, one page of who is here: at most {@code limit} names
     * after {@code after} (from the first when empty), sorted case-insensitively by their
     * lower-case form, with the name to ask after for the next page and the room's count.
     */
    void members(Connection member, Optional<String> after, int limit);

    /**
     * Sends {@code member}, and no one else, up to {@code limit} messages older than {@code before}
     * (the newest when empty), oldest first, and whether older ones are kept: scrollback, from
     * the archive where there is one, else from what the room keeps in memory.
     */
    void history(Connection member, Optional<EventId> before, int limit);

    /**
     * Carries out a moderator's request on this room: kick, mute, ban, unban, delete (see
     * {@link Moderation}), telling the room; or tells {@code by} alone why it could not. Whether
     * {@code by} may moderate was checked by its {@link Connection}.
     */
    void moderate(Connection by, Moderation.Request request);

    /**
     * Sends a crowded room's members its joins and leaves since the last tick as one update, if
     * there were any ({@link CrowdRule}); called every {@link CrowdRule#UPDATE_INTERVAL}.
     */
    void presenceTick();

    /** Who is in the room, in the order they joined. */
    List<String> memberNames();

    /** Stops all traffic to this room's members here: at shutdown every one of them is being closed. */
    void close();
}
