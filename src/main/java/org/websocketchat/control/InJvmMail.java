package org.websocketchat.control;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;

/**
 * The {@link Mail} of the {@linkplain InJvmRelay in-JVM relay}: the signed-in users' open
 * connections by name, and the kept conversations between two signed-in users, at most
 * {@value #MAX_CONVERSATIONS} of them (the least recently used goes first), each the last
 * {@code historySize} messages; and, where an {@link Archive} keeps messages, every one of those
 * conversations for good, each message stored before it is sent.
 *
 * <p>Concurrency: one lock for all of it. Ids are issued, kept and handed to the outboxes under
 * it, so both sides see a conversation in id order; handing over never blocks ({@link Fanout}).
 * A room's lock may be taken inside it (to find a guest), never the other way round.
 */
final class InJvmMail implements Mail {

    /** Conversations kept in memory at most: each holds up to a room's history. */
    static final int MAX_CONVERSATIONS = 10_000;

    private final int historySize;
    private final Archive archive;
    private final Clock clock;
    private final long epoch;
    private final SignedInConnections signedIn = new SignedInConnections();
    private final Map<String, Kept> kept = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Kept> eldest) {
            return size() > MAX_CONVERSATIONS;
        }
    };
    private EventId lastIssued;

    /**
     * One conversation's last messages, and the newest id that may have been dropped from it:
     * when it was made, any earlier id may belong to a conversation of this pair since dropped.
     */
    private static final class Kept {
        final List<DirectMessage> messages = new ArrayList<>();
        EventId droppedUpTo;

        Kept(EventId droppedUpTo) {
            this.droppedUpTo = droppedUpTo;
        }
    }

    InJvmMail(int historySize, Archive archive, Clock clock) {
        this.historySize = historySize;
        this.archive = archive;
        this.clock = clock;
        this.epoch = clock.millis();
    }

    @Override
    public SignedInConnections signedIn() {
        return signedIn;
    }

    @Override
    public void send(Connection sender, ClientCommand.Dm dm, List<Room> rooms) {
        Fanout.around(() -> {
            sendHere(sender, dm, rooms);
            return null;
        });
    }

    private synchronized void sendHere(Connection sender, ClientCommand.Dm dm, List<Room> rooms) {
        Set<Connection> to = signedIn.of(DisplayNames.key(dm.to()));
        if (!to.isEmpty()) {
            String toName = to.iterator().next().name();
            deliver(sender, to, new DirectMessage(nextId(), sender.name(), toName, dm.text(), clock.instant(), sender.identity().verified()));
            return;
        }
        // The first guest of that name in the sender's rooms, in the order it joined them; as
        // seen there, and the sender as seen there too, if it is a guest.
        for (Room room : rooms) {
            Optional<Connection> guest = room instanceof InJvmRoom here ? here.guestNamed(dm.to()) : Optional.empty();
            if (guest.isPresent() && guest.get() != sender) {
                String fromName = sender.identity().verified() ? sender.name() : sender.nameIn(room.name()).orElse(sender.name());
                String toName = guest.get().nameIn(room.name()).orElse(dm.to());
                deliver(sender, Set.of(guest.get()),
                        new DirectMessage(nextId(), fromName, toName, dm.text(), clock.instant(), sender.identity().verified()));
                return;
            }
        }
        sender.tell(Mail.noSuchUser(dm.to()));
    }

    /** To the recipients and to every connection of the sender; kept if both are signed in. */
    private void deliver(Connection sender, Set<Connection> recipients, DirectMessage message) {
        Rendering rendering = new Rendering(message);
        Set<Connection> everyone = new LinkedHashSet<>(recipients);
        everyone.add(sender);
        if (sender.identity().verified()) {
            everyone.addAll(signedIn.of(DisplayNames.key(sender.name())));
            if (recipients.iterator().next().identity().verified()) {
                try {
                    archive.appendDirect(Mail.pair(message.from(), message.to()), message);
                } catch (Archive.Unavailable e) {
                    sender.tell(Mail.notStored());
                    return;
                }
                Kept conversation = kept.computeIfAbsent(Mail.pair(message.from(), message.to()), key -> new Kept(issuedBefore(message.id())));
                conversation.messages.add(message);
                if (conversation.messages.size() > historySize) {
                    conversation.droppedUpTo = conversation.messages.remove(0).id();
                }
            }
        }
        Fanout fanout = Fanout.current();
        everyone.forEach(connection -> connection.deliver(rendering.in(connection.wire()), fanout));
    }

    /** From the archive without the lock, where one keeps conversations; else from memory under it. */
    @Override
    public void conversation(Connection asker, ClientCommand.Dms request) {
        if (!asker.identity().verified()) {
            asker.tell(new ErrorReply(ErrorCode.FORBIDDEN, GUESTS_KEEP_NOTHING));
        } else if (archive.keeps()) {
            asker.tell(Mail.archived(archive, historySize, asker.name(), request));
        } else {
            kept(asker, request);
        }
    }

    private synchronized void kept(Connection asker, ClientCommand.Dms request) {
        Kept conversation = kept.get(Mail.pair(asker.name(), request.with()));
        List<DirectMessage> messages = conversation == null ? List.of() : conversation.messages;
        EventId droppedUpTo = conversation == null ? lastIssued : conversation.droppedUpTo;
        // Resumed only if `since` was issued here and nothing after it has been dropped.
        Optional<EventId> since = request.since().flatMap(EventId::parse)
                .filter(id -> id.epoch() == epoch && lastIssued != null && id.compareTo(lastIssued) <= 0)
                .filter(id -> droppedUpTo == null || id.compareTo(droppedUpTo) >= 0);
        boolean resumed = since.isPresent();
        List<DirectMessage> answer = resumed ? messages.stream().filter(m -> m.id().compareTo(since.get()) > 0).toList() : messages;
        asker.deliver(new Rendering(new Conversation(request.with(), answer, resumed)).in(asker.wire()));
    }

    /** The id issued just before {@code id}, if any: ids are one sequence for every conversation. */
    private EventId issuedBefore(EventId id) {
        return id.sequence() > 1 ? new EventId(epoch, id.sequence() - 1) : null;
    }

    private EventId nextId() {
        lastIssued = lastIssued == null ? new EventId(epoch, 1) : lastIssued.next();
        return lastIssued;
    }

}
