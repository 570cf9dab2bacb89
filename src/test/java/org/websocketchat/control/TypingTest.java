package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.CLOCK;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Moderation;
import org.websocketchat.wire.PlainWire;
import org.websocketchat.wire.Wire;

/** Typing signals in an in-JVM room with a crowd threshold of 4. */
class TypingTest {

    private static final ClientCommand.Typing TYPING = new ClientCommand.Typing(Optional.empty());

    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final Room lobby = new RoomRegistry(50, new CrowdRule(4), CLOCK).room("lobby");

    private Connection joined(RecordingPeer peer, Wire speaks, Identity identity, String name) {
        return Fakes.joined(lobby, peer, speaks, identity, nanoTime::get, name);
    }

    private void after(Duration wait) {
        nanoTime.addAndGet(wait.toNanos());
    }

    /** What {@code peer} was sent after its welcome and the joins it saw. */
    private static List<String> signals(RecordingPeer peer) {
        return peer.sent.stream().filter(frame -> frame.startsWith("typing") || frame.startsWith("error")).toList();
    }

    @Test
    void theOthersHearItOncePerSpacingButNotTheTyperItsOtherTabsOrAPlainClient() {
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer anaOtherTab = new RecordingPeer();
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer cy = new RecordingPeer();
        Identity signedIn = new Identity(true, Set.of(), true);
        Connection typer = joined(ana, wire, signedIn, "ana");
        joined(anaOtherTab, wire, signedIn, "ana");
        joined(bo, wire, Identity.GUEST, "bo");
        joined(cy, new PlainWire(true), Identity.GUEST, "cy");
        int cySent = cy.sent.size();

        typer.receive(TYPING);
        typer.receive(TYPING);
        after(Requests.TYPING_SPACING.minusNanos(1));
        typer.receive(TYPING);
        after(Duration.ofNanos(1));
        typer.receive(TYPING);

        assertEquals(List.of("typing ana✓", "typing ana✓"), signals(bo));
        assertEquals(List.of(), signals(ana));
        assertEquals(List.of(), signals(anaOtherTab), "one's own other tabs need not hear it");
        assertEquals(cySent, cy.sent.size(), "plain mode carries no typing");
    }

    @Test
    void nothingIsSentInACrowdedRoomOrForAMutedMemberOrAReadOnlyGuest() {
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer ana = new RecordingPeer();
        Connection moderator = joined(new RecordingPeer(), wire, new Identity(true, Set.of(), true, true), "mo");
        Connection typer = joined(ana, wire, Identity.GUEST, "ana");
        Connection reader = joined(new RecordingPeer(), wire, new Identity(false, Set.of(), false), "dee");
        joined(bo, wire, Identity.GUEST, "bo");

        moderator.receive(new Moderation.Request(Moderation.Action.MUTE, Optional.empty(), "ana", Duration.ofSeconds(60), ""));
        typer.receive(TYPING);
        reader.receive(TYPING);
        Connection fifth = joined(new RecordingPeer(), wire, Identity.GUEST, "eve");
        after(Duration.ofSeconds(10));
        fifth.receive(TYPING);

        assertEquals(List.of(), signals(bo));
        assertEquals(List.of(), signals(ana), "dropped without an answer, like a typing signal that came too soon");
    }

    @Test
    void typingInARoomNotJoinedIsAnswered() {
        RecordingPeer ana = new RecordingPeer();
        Connection typer = joined(ana, wire, Identity.GUEST, "ana");

        typer.receive(new ClientCommand.Typing(Optional.of("dev")));

        assertEquals(List.of("error NOT_JOINED you are not in #dev"), signals(ana));
    }
}
