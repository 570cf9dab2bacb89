package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand.Dm;
import org.websocketchat.entity.ClientCommand.Dms;
import org.websocketchat.entity.ClientCommand.Join;

/** Direct messages in one JVM: who gets them, who does not, and the conversations kept between signed-in users. */
class DirectMessagesTest {

    private final FakeWire wire = new FakeWire();
    /** Each conversation keeps 3 messages. */
    private final Lobby lobby = new Lobby(new RoomRegistry(3, Fakes.CROWD, CLOCK),
            new Limits(100, 1000, 1000, 1000, 1000, 1_048_576, Duration.ofSeconds(30), Duration.ofSeconds(75), 100, 20),
            Guests.ALLOW, Access.DEFAULT, DIRECT, System::nanoTime, () -> 0L, counting());

    private Connection signedIn(String name, String room, RecordingPeer peer) {
        return lobby.admit(new Handshake(name, null, room, null, Set.of()), peer, wire).orElseThrow();
    }

    private Connection guest(String name, String room, RecordingPeer peer) {
        return lobby.admit(new Handshake(null, name, room, null), peer, wire).orElseThrow();
    }

    private static List<String> dms(RecordingPeer peer) {
        return peer.sent.stream().filter(line -> line.startsWith("dm") || line.startsWith("error")).toList();
    }

    private static Dm dm(String to, String text) {
        return new Dm(to, text, Optional.empty());
    }

    @Test
    void aSignedInUsersEveryConnectionAndTheSendersEveryConnectionGetItAndNobodyElse() {
        RecordingPeer anaHome = new RecordingPeer();
        RecordingPeer anaPhone = new RecordingPeer();
        RecordingPeer boHome = new RecordingPeer();
        RecordingPeer boWork = new RecordingPeer();
        RecordingPeer cy = new RecordingPeer();
        Connection ana = signedIn("ana", "lobby", anaHome);
        signedIn("ana", "dev", anaPhone);
        signedIn("Bo", "ops", boHome);
        signedIn("Bo", "lobby", boWork);
        guest("cy", "lobby", cy);

        ana.receive(dm("bo", "psst"));

        for (RecordingPeer peer : List.of(anaHome, anaPhone, boHome, boWork)) {
            assertEquals(List.of("dm 1 ana✓ → Bo: psst"), dms(peer));
        }
        assertEquals(List.of(), dms(cy));
    }

    @Test
    void aGuestIsFoundByItsNameInTheSendersRoomsOnly() {
        RecordingPeer boPeer = new RecordingPeer();
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer otherBo = new RecordingPeer();
        guest("bo", "lobby", boPeer);
        guest("bo", "elsewhere", otherBo);
        Connection ana = guest("ana", "lobby", anaPeer);

        ana.receive(dm("BO", "hi"));
        ana.receive(dm("nobody", "hi"));
        ana.receive(dm("ana", "me?"));

        assertEquals(List.of("dm 1 ana → bo: hi", "error NO_SUCH_USER nobody named nobody is here",
                "error NO_SUCH_USER nobody named ana is here"), dms(anaPeer));
        assertEquals(List.of("dm 1 ana → bo: hi"), dms(boPeer));
        assertEquals(List.of(), dms(otherBo), "a guest of the same name in a room ana is not in");
    }

    @Test
    void aGuestIsSeenUnderTheNameItHasInTheRoomWhereItWasFound() {
        RecordingPeer boPeer = new RecordingPeer();
        RecordingPeer anaPeer = new RecordingPeer();
        guest("ana", "dev", new RecordingPeer());
        guest("bo", "dev", boPeer);
        Connection ana = guest("ana", "lobby", anaPeer);
        ana.receive(new Join("dev", Optional.empty(), false));

        ana.receive(dm("bo", "it is me"));

        assertEquals(List.of("dm 1 ana-2 → bo: it is me"), dms(boPeer));
    }

    @Test
    void aConversationBetweenSignedInUsersIsKeptBoundedAndResumesAfterSince() {
        RecordingPeer anaPeer = new RecordingPeer();
        Connection ana = signedIn("ana", "lobby", anaPeer);
        Connection bo = signedIn("bo", "lobby", new RecordingPeer());
        for (int i = 1; i <= 5; i++) {
            (i % 2 == 0 ? bo : ana).receive(dm(i % 2 == 0 ? "ana" : "bo", "m" + i));
        }

        ana.receive(new Dms("Bo", Optional.empty()));
        ana.receive(new Dms("bo", Optional.of(Fakes.EPOCH + "-3")));
        ana.receive(new Dms("bo", Optional.of(Fakes.EPOCH + "-1")));
        ana.receive(new Dms("cy", Optional.empty()));

        assertEquals(List.of("dms Bo [3 ana: m3, 4 bo: m4, 5 ana: m5]", "dms bo [4 bo: m4, 5 ana: m5] resumed",
                "dms bo [3 ana: m3, 4 bo: m4, 5 ana: m5]", "dms cy []"), anaPeer.sent.subList(anaPeer.sent.size() - 4, anaPeer.sent.size()));
    }

    @Test
    void aGuestsMessagesAreNotKeptAndAGuestMayNotAskForAConversation() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = signedIn("ana", "lobby", anaPeer);
        Connection bo = guest("bo", "lobby", boPeer);
        ana.receive(dm("bo", "to a guest"));

        ana.receive(new Dms("bo", Optional.empty()));
        bo.receive(new Dms("ana", Optional.empty()));

        assertEquals("dms bo []", anaPeer.sent.get(anaPeer.sent.size() - 1));
        assertEquals("error FORBIDDEN sign in to keep conversations: a guest's name does not show who holds it",
                boPeer.sent.get(boPeer.sent.size() - 1));
    }

    @Test
    void aClosedConnectionGetsNoMore() {
        RecordingPeer boPeer = new RecordingPeer();
        RecordingPeer anaPeer = new RecordingPeer();
        Connection bo = signedIn("bo", "lobby", boPeer);
        Connection ana = signedIn("ana", "lobby", anaPeer);

        lobby.closed(bo);
        ana.receive(dm("bo", "gone?"));

        assertEquals(List.of("error NO_SUCH_USER nobody named bo is here"), dms(anaPeer));
        assertEquals(List.of(), dms(boPeer));
    }
}
