package org.websocketchat.control;

import java.time.Duration;

/**
 * When a room stops telling its members of each join and leave. A room is crowded from the join
 * that takes it above {@code threshold} members until the leave that brings it down to half the
 * threshold (rounded down) or fewer. While crowded, joins and leaves are coalesced into one
 * presence update per {@link #UPDATE_INTERVAL} with the room's count; the welcome counts the
 * members instead of naming them. The gap between the two marks keeps a room that hovers around
 * the threshold from switching back and forth, and each switch costs a burst of members' frames.
 *
 * <p>The Redis relay applies the same rule in {@code chat.lua}, where the room's events are
 * ordered: the two must stay the same.
 */
public record CrowdRule(int threshold) {

    public static final int DEFAULT_THRESHOLD = 100;
    /** How often a crowded room's members hear of its joins and leaves, at most. */
    public static final Duration UPDATE_INTERVAL = Duration.ofSeconds(1);

    public CrowdRule {
        if (threshold < 1) {
            throw new IllegalArgumentException("a crowd threshold of at least 1, not " + threshold);
        }
    }

    /** Whether a room that was {@code crowded} before a join or leave is crowded with the {@code count} members it leaves. */
    public boolean crowded(boolean crowded, int count) {
        return count > (crowded ? threshold / 2 : threshold);
    }
}
