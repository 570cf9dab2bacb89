package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.say;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Moderation.Action;

/** A moderator's requests on an in-JVM room ({@link RoomModeration}), and everyone else's. */
class ModerationTest {

    private static final Identity MODERATOR = new Identity(true, Set.of("chat-moderator"), true, true);
    private static final Identity SIGNED_IN = new Identity(true, Set.of(), true);

    private final MutableClock clock = new MutableClock();
    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final Room lobby = new RoomRegistry(50, Fakes.CROWD, clock).room("lobby");

    private Connection joined(RecordingPeer peer, Identity identity, String wanted) {
        return Fakes.joined(lobby, peer, wire, identity, nanoTime::get, wanted);
    }

    private static ClientCommand request(Action action, String target, long seconds, String reason) {
        return new Moderation.Request(action, Optional.of("lobby"), target, Duration.ofSeconds(seconds), reason);
    }

    private static String last(RecordingPeer peer) {
        return peer.sent.get(peer.sent.size() - 1);
    }

    @Test
    void aKickClosesEveryConnectionOfTheNameWith4002AndTheRoomHearsOfItWhileNobodyElseIsClosed() {
        RecordingPeer mo = new RecordingPeer();
        Connection moderator = joined(mo, MODERATOR, "mo");
        RecordingPeer tab = new RecordingPeer();
        RecordingPeer otherTab = new RecordingPeer();
        joined(tab, SIGNED_IN, "bo");
        joined(otherTab, SIGNED_IN, "bo");
        RecordingPeer cy = new RecordingPeer();
        joined(cy, Identity.GUEST, "cy");

        moderator.receive(request(Action.KICK, "BO", 0, "spam"));

        assertEquals(List.of("KICKED spam"), tab.closes);
        assertEquals(List.of("KICKED spam"), otherTab.closes);
        assertEquals(List.of(), cy.closes);
        assertEquals(List.of(), mo.closes);
        assertEquals(List.of("mo✓", "cy"), marked(lobby));
        List<String> seen = cy.sent.subList(1, cy.sent.size());
        assertEquals(List.of("notice KICK BO by mo: spam", "5 - bo✓", "6 - bo✓"), seen);
    }

    @Test
    void aKickOfANameNobodyHoldsIsAnsweredNoSuchUser() {
        RecordingPeer mo = new RecordingPeer();
        joined(mo, MODERATOR, "mo").receive(request(Action.KICK, "ghost", 0, ""));

        assertEquals("error NO_SUCH_USER nobody named ghost is in #lobby", last(mo));
    }

    @Test
    void aMutedMembersMessagesAreRefusedWithTheTimeLeftUntilTheMuteEnds() {
        Connection moderator = joined(new RecordingPeer(), MODERATOR, "mo");
        RecordingPeer bo = new RecordingPeer();
        Connection muted = joined(bo, Identity.GUEST, "bo");
        RecordingPeer cy = new RecordingPeer();
        joined(cy, Identity.GUEST, "cy");

        moderator.receive(request(Action.MUTE, "bo", 300, ""));
        clock.advance(Duration.ofSeconds(5));
        muted.receive(say("still here"));

        assertEquals("error MUTED you are muted in #lobby for 295 s more", last(bo));
        assertEquals("notice MUTE bo by mo for 300 s", last(cy), "the message reached nobody");
        clock.advance(Duration.ofSeconds(295));
        muted.receive(say("back"));
        assertEquals("4 bo: back", last(cy));
    }

    @Test
    void aBanClosesTheMemberAndRefusesItAtTheDoorUntilItEndsOrIsLifted() {
        Connection moderator = joined(new RecordingPeer(), MODERATOR, "mo");
        RecordingPeer bo = new RecordingPeer();
        joined(bo, Identity.GUEST, "bo");

        moderator.receive(request(Action.BAN, "bo", 3600, "trolling"));
        RecordingPeer again = new RecordingPeer();
        clock.advance(Duration.ofSeconds(600));
        joined(again, Identity.GUEST, "Bo");

        assertEquals(List.of("BANNED banned from #lobby for 3600 s: trolling"), bo.closes);
        assertEquals(List.of("POLICY_VIOLATION banned from #lobby for 3000 s: trolling"), again.closes);
        assertEquals(List.of(), again.sent, "nothing of the room reaches it");

        moderator.receive(request(Action.UNBAN, "bo", 0, ""));
        RecordingPeer lifted = new RecordingPeer();
        joined(lifted, Identity.GUEST, "bo");
        assertEquals(List.of(), lifted.closes);
        RecordingPeer mo = new RecordingPeer();
        joined(mo, MODERATOR, "mo2").receive(request(Action.UNBAN, "bo", 0, ""));
        assertEquals("error NO_SUCH_USER bo is not banned from #lobby", last(mo));
    }

    @Test
    void aDeletedMessageIsAnnouncedAndGoneFromHistoryAndAnUnknownIdIsNotFound() {
        RecordingPeer mo = new RecordingPeer();
        Connection moderator = joined(mo, MODERATOR, "mo");
        Connection bo = joined(new RecordingPeer(), Identity.GUEST, "bo");
        bo.receive(say("regrettable"));
        bo.receive(say("fine"));
        String id = ((org.websocketchat.entity.ChatEvent.Message) wire.written.stream()
                .filter(frame -> frame instanceof org.websocketchat.entity.ChatEvent.Message m && m.text().equals("regrettable"))
                .findFirst().orElseThrow()).id().toString();

        moderator.receive(request(Action.DELETE, id, 0, ""));
        RecordingPeer newcomer = new RecordingPeer();
        joined(newcomer, Identity.GUEST, "cy");
        moderator.receive(request(Action.DELETE, id, 0, ""));

        assertEquals(List.of("welcome cy #lobby [mo✓, bo, cy]", "4 bo: fine"), newcomer.sent);
        assertEquals("error NOT_FOUND no message " + id + " is kept in #lobby", last(mo));
        assertEquals("deleted " + id + " by mo", mo.sent.get(mo.sent.size() - 3));
    }

    @Test
    void anyoneButAModeratorIsForbiddenAndAModeratorOnlyModeratesItsOwnRoom() {
        RecordingPeer ana = new RecordingPeer();
        Connection signedIn = joined(ana, SIGNED_IN, "ana");
        RecordingPeer bo = new RecordingPeer();
        joined(bo, Identity.GUEST, "bo");
        RecordingPeer mo = new RecordingPeer();
        Connection moderator = joined(mo, MODERATOR, "mo");

        signedIn.receive(request(Action.KICK, "bo", 0, ""));
        moderator.receive(new Moderation.Request(Action.KICK, Optional.of("dev"), "bo", Duration.ZERO, ""));

        assertEquals("error FORBIDDEN only moderators may kick", last(ana));
        assertEquals("error NOT_JOINED you are not in #dev", last(mo));
        assertEquals(List.of(), bo.closes);
    }

    private static List<String> marked(Room room) {
        return room.memberNames().stream().map(name -> name.equals("mo") ? "mo✓" : name).toList();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {

        private Instant now = Fakes.NOW;

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
