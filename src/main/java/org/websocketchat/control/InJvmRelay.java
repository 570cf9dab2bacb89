package org.websocketchat.control;

import java.time.Clock;

/**
 * The relay of a single node: each room orders, numbers, keeps and delivers its own events under
 * its own lock ({@link InJvmRoom}). Holds nothing else, so closing it has nothing to do.
 */
public final class InJvmRelay implements Relay {

    private final int historySize;
    private final CrowdRule crowd;
    private final Clock clock;

    public InJvmRelay(int historySize, CrowdRule crowd, Clock clock) {
        this.historySize = historySize;
        this.crowd = crowd;
        this.clock = clock;
    }

    @Override
    public Room room(String name) {
        return new InJvmRoom(name, historySize, crowd, clock);
    }

    @Override
    public void close() {
        // Rooms hold no resources beyond memory.
    }
}
