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
import org.websocketchat.entity.ClientCommand;

/** Direct messages where an {@link Archive} keeps them: stored before they are sent, and read back from it. */
class ArchivedMailTest {

    private final FakeWire wire = new FakeWire();
    private final ListArchive archive = new ListArchive();
    /** Each conversation keeps 2 messages in memory; the archive keeps all. */
    private final Lobby lobby = new Lobby(new RoomRegistry(new InJvmRelay(2, archive, Fakes.CROWD, CLOCK)),
            new Limits(100, 1000, 1000, 1000, 1000, 1_048_576, Duration.ofSeconds(30), Duration.ofSeconds(75), 100, 20),
            Guests.ALLOW, Access.DEFAULT, DIRECT, System::nanoTime, () -> 0L, counting());

    private Connection signedIn(String name, RecordingPeer peer) {
        return lobby.admit(new Handshake(name, null, "lobby", null, Set.of()), peer, wire).orElseThrow();
    }

    private static List<String> lines(RecordingPeer peer, String prefix) {
        return peer.sent.stream().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void aKeptConversationIsStoredBeforeItIsSentAndReadBackWholeFromTheArchive() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = signedIn("ana", anaPeer);
        signedIn("bo", boPeer);

        for (String text : List.of("one", "two", "three")) {
            ana.receive(new ClientCommand.Dm("bo", text, Optional.empty()));
        }
        ana.receive(new ClientCommand.Dms("bo", Optional.empty()));
        ana.receive(new ClientCommand.Dms("bo", Optional.of(Fakes.EPOCH + "-1")));

        assertEquals(List.of("one", "two", "three"), archive.direct.get("ana\nbo").stream().map(m -> m.text()).toList());
        assertEquals(List.of("dms bo [2 ana: two, 3 ana: three]", "dms bo [2 ana: two, 3 ana: three] resumed"), lines(anaPeer, "dms"));
        assertEquals(3, lines(boPeer, "dm ").size());
    }

    @Test
    void aDirectMessageTheArchiveCannotTakeReachesNobodyAndTheSenderIsToldUnavailable() {
        RecordingPeer anaPeer = new RecordingPeer();
        RecordingPeer boPeer = new RecordingPeer();
        Connection ana = signedIn("ana", anaPeer);
        signedIn("bo", boPeer);
        archive.down = true;

        ana.receive(new ClientCommand.Dm("bo", "lost?", Optional.empty()));
        ana.receive(new ClientCommand.Dms("bo", Optional.empty()));

        assertEquals(List.of("error UNAVAILABLE a direct message cannot be stored now: try again later",
                "error UNAVAILABLE the conversation cannot be read now: try again later"), lines(anaPeer, "error"));
        assertEquals(List.of(), lines(boPeer, "dm"));
    }
}
