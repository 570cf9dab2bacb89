package org.websocketchat.control;

import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.websocketchat.entity.RoomList;

/**
 * The relay of a single node: each room orders, numbers, keeps and delivers its own events under
 * its own lock ({@link InJvmRoom}), and stores its messages in the {@link Archive} where there is
 * one. Closing it has nothing to do: the archive is closed by whoever opened it.
 */
public final class InJvmRelay implements Relay {

    private final int historySize;
    private final Archive archive;
    private final CrowdRule crowd;
    private final Clock clock;
    private final Map<String, InJvmRoom> made = new ConcurrentHashMap<>();
    private final InJvmMail mail;

    /** Rooms that keep their messages in memory alone. */
    public InJvmRelay(int historySize, CrowdRule crowd, Clock clock) {
        this(historySize, Archive.NONE, crowd, clock);
    }

    public InJvmRelay(int historySize, Archive archive, CrowdRule crowd, Clock clock) {
        this.historySize = historySize;
        this.archive = archive;
        this.crowd = crowd;
        this.clock = clock;
        this.mail = new InJvmMail(historySize, archive, clock);
    }

    @Override
    public Mail mail() {
        return mail;
    }

    @Override
    public Room room(String name) {
        InJvmRoom room = new InJvmRoom(name, historySize, archive, crowd, clock);
        made.put(name, room);
        return room;
    }

    /** Each room's count, read without its lock: a directory never waits for a broadcast. */
    @Override
    public void directory(Consumer<List<RoomList.Entry>> answer) {
        answer.accept(made.values().stream().map(room -> new RoomList.Entry(room.name(), room.count())).filter(entry -> entry.members() > 0)
                .sorted(Comparator.comparingInt(RoomList.Entry::members).reversed().thenComparing(RoomList.Entry::room))
                .limit(RoomList.MAX_LISTED).toList());
    }

    @Override
    public Optional<String> unreachable() {
        return archive.reachable() ? Optional.empty() : Optional.of("store unreachable");
    }

    @Override
    public void close() {
        // Rooms hold no resources beyond memory.
    }
}
