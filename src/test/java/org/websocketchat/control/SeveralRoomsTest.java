package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.ClientCommand.Join;
import org.websocketchat.entity.ClientCommand.Leave;
import org.websocketchat.entity.ClientCommand.Say;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.wire.Wire;

/** One connection in several rooms: join, leave, say to one, the cap, the doors, and being taken out of one. */
class SeveralRoomsTest {

    /** {@link FakeWire}'s lines, with the room of each event, goodbye and error in front. */
    private static final class RoomWire implements Wire {

        private final FakeWire lines = new FakeWire();

        @Override
        public ClientCommand read(String frame) {
            return lines.read(frame);
        }

        @Override
        public String write(ServerFrame frame) {
            if (frame instanceof Goodbye goodbye) {
                return "#" + goodbye.room() + " goodbye" + goodbye.reason().map(reason -> ": " + reason).orElse("");
            } else if (frame instanceof ChatEvent event) {
                return "#" + event.room() + " " + lines.write(frame);
            } else if (frame instanceof ErrorReply error && error.room().isPresent()) {
                return "#" + error.room().get() + " " + lines.write(frame);
            }
            return lines.write(frame);
        }
    }

    private final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
    private final RoomWire wire = new RoomWire();
    private final Lobby lobby = new Lobby(new RoomRegistry(50, Fakes.CROWD, CLOCK),
            new Limits(100, 1000, 1000, 1000, 1000, 1_048_576, Duration.ofSeconds(30), Duration.ofSeconds(75), 100, 3),
            Guests.ALLOW, new Access(RestrictedRooms.parse("staff:chat-staff"), "chat-moderator"), DIRECT, nanoTime::get,
            () -> 0L, counting());

    private Connection admitted(String name, String room, RecordingPeer peer) {
        return lobby.admit(new Handshake(null, name, room, null), peer, wire).orElseThrow();
    }

    private static String last(RecordingPeer peer) {
        return peer.sent.get(peer.sent.size() - 1);
    }

    private static Join join(String room) {
        return new Join(room, Optional.empty(), false);
    }

    @Test
    void aJoinWelcomesIntoTheRoomWithItsHistoryAndEachSayGoesToTheRoomItNames() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = admitted("ana", "lobby", anaPeer);
        Connection bo = admitted("bo", "dev", boPeer);
        bo.receive(new Say("earlier"));

        ana.receive(join("dev"));
        ana.receive(new Say("to dev", false, Optional.of("dev")));
        ana.receive(new Say("to the first"));

        assertEquals(List.of("welcome ana #lobby [ana]", "welcome ana #dev [bo, ana]", "#dev 2 bo: earlier", "#dev 4 ana: to dev",
                "#lobby 2 ana: to the first"), anaPeer.sent);
        assertEquals(List.of("welcome bo #dev [bo]", "#dev 2 bo: earlier", "#dev 3 + ana", "#dev 4 ana: to dev"), boPeer.sent);
        assertEquals(Optional.of("ana"), ana.nameIn("dev"));
    }

    @Test
    void aJoinResumesAfterSinceLikeTheFirstRoom() {
        RecordingPeer anaPeer = new RecordingPeer();
        Connection bo = admitted("bo", "dev", new RecordingPeer());
        bo.receive(new Say("one"));
        bo.receive(new Say("two"));
        Connection ana = admitted("ana", "lobby", anaPeer);

        ana.receive(new Join("dev", Optional.of(Fakes.EPOCH + "-2"), false));

        assertEquals(List.of("welcome ana #dev [bo, ana] resumed", "#dev 3 bo: two"), anaPeer.sent.subList(1, 3));
    }

    @Test
    void aLeaveSaysGoodbyeTellsTheRoomAndLeavesTheConnectionOpenInItsOtherRooms() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = admitted("ana", "lobby", anaPeer);
        admitted("bo", "dev", boPeer);
        ana.receive(join("dev"));

        ana.receive(new Leave("dev"));
        ana.receive(new Say("still here", false, Optional.of("dev")));
        ana.receive(new Say("still here"));

        assertEquals(List.of("#dev goodbye", "#dev error NOT_JOINED you are not in #dev", "#lobby 2 ana: still here"),
                anaPeer.sent.subList(2, 5));
        assertEquals("#dev 3 - ana", last(boPeer));
        assertEquals(List.of(), anaPeer.closes);
    }

    @Test
    void afterLeavingItsFirstRoomARequestNamingNoneGoesToTheEarliestItIsStillIn() {
        RecordingPeer anaPeer = new RecordingPeer();
        Connection ana = admitted("ana", "lobby", anaPeer);
        ana.receive(join("dev"));
        ana.receive(join("ops"));

        ana.receive(new Leave("lobby"));
        ana.receive(new Say("hi"));
        ana.receive(new Leave("dev"));
        ana.receive(new Leave("ops"));
        ana.receive(new Say("anyone?"));

        assertEquals(List.of("#lobby goodbye", "#dev 2 ana: hi", "#dev goodbye", "#ops goodbye",
                "error NOT_JOINED you are in no room: join one first"), anaPeer.sent.subList(3, 8));
        assertEquals(List.of(), anaPeer.closes, "a connection in no room stays open, and may join one");
    }

    @Test
    void theCapAndTheDoorsAreAnsweredWithErrorsNamingTheRoom() {
        RecordingPeer anaPeer = new RecordingPeer();
        Connection ana = admitted("ana", "lobby", anaPeer);
        ana.receive(join("dev"));
        ana.receive(join("ops"));

        ana.receive(join("four"));
        ana.receive(join("staff"));
        ana.receive(join("Dev"));
        ana.receive(join("no way"));

        assertEquals(List.of(
                "#four error TOO_MANY_ROOMS you are in 3 rooms, the most one connection may be in: leave one first",
                "#staff error TOO_MANY_ROOMS you are in 3 rooms, the most one connection may be in: leave one first",
                "#dev error BAD_REQUEST you are already in #dev",
                "error BAD_REQUEST invalid room: use 1-32 of a-z 0-9 _ -"), anaPeer.sent.subList(3, 7));
        ana.receive(new Leave("ops"));
        ana.receive(join("staff"));
        assertEquals("#staff error FORBIDDEN #staff is restricted to role chat-staff", last(anaPeer));
    }

    @Test
    void aGuestKeepsItsNameWhereItIsFreeAndGetsTheFirstFreeVariantWhereItIsNot() {
        RecordingPeer anaPeer = new RecordingPeer();
        admitted("ana", "dev", new RecordingPeer());
        Connection ana = admitted("ana", "lobby", anaPeer);

        ana.receive(join("dev"));
        ana.receive(join("ops"));

        assertEquals(List.of("welcome ana #lobby [ana]", "welcome ana-2 #dev [ana, ana-2]", "welcome ana #ops [ana]"), anaPeer.sent);
        assertEquals(Optional.of("ana-2"), ana.nameIn("dev"));
        assertEquals("ana", ana.name(), "the name it goes by, asked for in every later room");
    }

    @Test
    void aKickTakesTheMemberOutOfThatRoomAloneWhileItIsInOthersAndClosesItInItsLastRoom() {
        RecordingPeer moPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection mo = lobby.admit(new Handshake("mo", null, "dev", null, Set.of("chat-moderator")), moPeer, wire).orElseThrow();
        Connection bo = admitted("bo", "lobby", boPeer);
        bo.receive(join("dev"));

        mo.receive(new Moderation.Request(Moderation.Action.KICK, Optional.of("dev"), "bo", Duration.ZERO, "spam"));
        bo.receive(new Say("in the lobby"));
        bo.receive(join("dev"));
        mo.receive(new Moderation.Request(Moderation.Action.BAN, Optional.of("dev"), "bo", Duration.ofMinutes(5), "again"));
        bo.receive(join("dev"));

        assertEquals(List.of("notice KICK bo by mo: spam", "#dev goodbye: spam", "#lobby 2 bo: in the lobby"),
                boPeer.sent.subList(2, 5));
        assertTrue(last(boPeer).startsWith("#dev goodbye: banned from #dev for 300 s"), last(boPeer));
        assertEquals(List.of(), boPeer.closes);
        assertTrue(moPeer.sent.contains("#dev 3 - bo"), moPeer.sent.toString());

        RecordingPeer cyPeer = new RecordingPeer();
        admitted("cy", "dev", cyPeer);
        mo.receive(new Moderation.Request(Moderation.Action.KICK, Optional.of("dev"), "cy", Duration.ZERO, ""));
        assertEquals(List.of("KICKED kicked from #dev by mo"), cyPeer.closes, "in its only room: closed as before");
    }

    @Test
    void aCrowdedRoomJoinedLaterCountsItsMembersAndTellsTheJoinInTheNextUpdate() {
        Lobby crowding = new Lobby(new RoomRegistry(50, new CrowdRule(2), CLOCK),
                new Limits(100, 1000, 1000, 1000, 1000, 1_048_576, Duration.ofSeconds(30), Duration.ofSeconds(75), 100, 3),
                Guests.ALLOW, Access.DEFAULT, DIRECT, nanoTime::get, () -> 0L, counting());
        RecordingPeer boPeer = new RecordingPeer();
        crowding.admit(new Handshake(null, "bo", "big", null), boPeer, wire);
        crowding.admit(new Handshake(null, "cy", "big", null), new RecordingPeer(), wire);
        crowding.admit(new Handshake(null, "dee", "big", null), new RecordingPeer(), wire);
        RecordingPeer anaPeer = new RecordingPeer();
        Connection ana = crowding.admit(new Handshake(null, "ana", "lobby", null), anaPeer, wire).orElseThrow();
        crowding.presenceTick();
        int seenByBo = boPeer.sent.size();

        ana.receive(join("big"));
        crowding.presenceTick();

        assertEquals("welcome ana #big 4 here", anaPeer.sent.get(1));
        assertEquals(List.of("presence 4 +1 [ana] -0 []"), boPeer.sent.subList(seenByBo, boPeer.sent.size()));
    }

    @Test
    void aGuestsNewNameTakesEffectInEveryRoomWithoutAReplayAndASignedInUserKeepsItsOwn() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection bo = admitted("bo", "lobby", boPeer);
        admitted("zed", "dev", new RecordingPeer());
        Connection ana = admitted("ana", "lobby", anaPeer);
        ana.receive(join("dev"));
        bo.receive(new Say("earlier"));
        int seen = anaPeer.sent.size();

        ana.receive(new ClientCommand.Nick("zed"));
        ana.receive(new Say("first room still"));

        assertEquals(List.of("welcome zed #lobby [bo, zed] resumed", "welcome zed-2 #dev [zed, zed-2] resumed", "#lobby 6 zed: first room still"),
                anaPeer.sent.subList(seen, anaPeer.sent.size()));
        assertEquals(List.of("#lobby 4 - ana", "#lobby 5 + zed", "#lobby 6 zed: first room still"), boPeer.sent.subList(3, 6));
        ana.receive(new ClientCommand.Nick("<b>"));
        assertEquals("error BAD_REQUEST invalid name: use 1-32 letters, digits, spaces or . _ -", last(anaPeer));
        RecordingPeer samPeer = new RecordingPeer();
        Connection sam = lobby.admit(new Handshake("sam", null, "lobby", null, Set.of()), samPeer, wire).orElseThrow();
        sam.receive(new ClientCommand.Nick("notsam"));
        assertEquals("error FORBIDDEN you are signed in as sam, the name you keep", last(samPeer));
    }

    @Test
    void aCloseLeavesEveryRoom() {
        RecordingPeer boPeer = new RecordingPeer();
        RecordingPeer cyPeer = new RecordingPeer();
        RecordingPeer anaPeer = new RecordingPeer();
        admitted("bo", "lobby", boPeer);
        admitted("cy", "dev", cyPeer);
        Connection ana = admitted("ana", "lobby", anaPeer);
        ana.receive(join("dev"));

        lobby.closed(ana);

        assertEquals("#lobby 3 - ana", last(boPeer));
        assertEquals("#dev 3 - ana", last(cyPeer));
    }

    @Test
    void plainModesJoinMovesToTheRoomAndStaysWhereItWasIfTheRoomIsShut() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        admitted("bo", "lobby", boPeer);
        Connection ana = admitted("ana", "lobby", anaPeer);

        ana.receive(new Join("staff", Optional.empty(), true));
        ana.receive(new Join("dev", Optional.empty(), true));
        ana.receive(new Say("here now"));

        assertEquals(List.of("#staff error FORBIDDEN #staff is restricted to role chat-staff", "welcome ana #dev [ana]",
                "#dev 2 ana: here now"), anaPeer.sent.subList(1, 4));
        assertEquals(List.of("welcome bo #lobby [bo]", "#lobby 2 + ana", "#lobby 3 - ana"), boPeer.sent);
    }
}
