package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.say;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;

/** The name rule of {@link MemberKeys}, in the in-JVM room: a name in a room belongs to one identity. */
class SignedInNamesTest {

    private static final Identity SIGNED_IN = new Identity(true, Set.of(), true);

    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final Room lobby = new RoomRegistry(50, Fakes.CROWD, CLOCK).room("lobby");

    private Connection joined(RecordingPeer peer, Identity identity, String wanted) {
        return Fakes.joined(lobby, peer, wire, identity, nanoTime::get, wanted);
    }

    @Test
    void everyConnectionOfASignedInUserHasItsNameAndItsMessagesAreMarked() {
        RecordingPeer first = new RecordingPeer();
        RecordingPeer second = new RecordingPeer();
        Connection tab = joined(first, SIGNED_IN, "ana");

        Connection otherTab = joined(second, SIGNED_IN, "ana");
        otherTab.receive(say("from the other tab"));

        assertEquals("ana", tab.name());
        assertEquals("ana", otherTab.name());
        assertEquals(List.of("welcome ana ✓ #lobby [ana✓]", "2 + ana✓", "3 ana✓: from the other tab"), first.sent);
        assertEquals(List.of("welcome ana ✓ #lobby [ana✓, ana✓]", "3 ana✓: from the other tab"), second.sent);
    }

    @Test
    void aGuestNeverGetsANameASignedInMemberHolds() {
        joined(new RecordingPeer(), SIGNED_IN, "Ana");
        RecordingPeer guest = new RecordingPeer();

        assertEquals("ana-2", joined(guest, Identity.GUEST, "ana").name());
        assertEquals("welcome ana-2 #lobby [Ana✓, ana-2]", guest.sent.get(0));
    }

    @Test
    void aSignedInUserTakesItsNameOverFromAGuestWhoIsClosed4001AndTheRoomSeesTheGuestLeaveFirst() {
        RecordingPeer bystander = new RecordingPeer();
        joined(bystander, Identity.GUEST, "bo");
        RecordingPeer guest = new RecordingPeer();
        joined(guest, Identity.GUEST, "ana");

        joined(new RecordingPeer(), SIGNED_IN, "ana");

        assertEquals(List.of("NAME_TAKEN " + MemberKeys.TAKEN_REASON), guest.closes);
        assertEquals(List.of("welcome bo #lobby [bo]", "2 + ana", "3 - ana", "4 + ana✓"), bystander.sent);
        assertEquals(List.of("bo", "ana"), lobby.memberNames());
    }

    @Test
    void pagesPassEveryConnectionOfANameOnceAndGoOnAfterIt() {
        RecordingPeer asker = new RecordingPeer();
        Connection bo = joined(asker, Identity.GUEST, "bo");
        joined(new RecordingPeer(), SIGNED_IN, "ana");
        joined(new RecordingPeer(), SIGNED_IN, "ana");
        joined(new RecordingPeer(), Identity.GUEST, "anakin");

        bo.receive(new ClientCommand.Members(Optional.of("ana"), 10));

        assertEquals("page [anakin, bo] next - of 4", asker.sent.get(asker.sent.size() - 1));
    }
}
