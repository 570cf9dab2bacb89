package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.websocketchat.control.Fakes.say;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;

/** What a client without a principal may do under each {@link Guests} policy. */
class GuestsTest extends LobbyFixture {

    @Test
    void whereGuestsAreDeniedAGuestIsClosed1008AtTheDoorAndASignedInUserComesIn() {
        Lobby lobby = withGuests(Guests.DENY);
        RecordingPeer guest = new RecordingPeer();
        RecordingPeer user = new RecordingPeer();

        assertTrue(lobby.admit(named("mallory"), guest, wire).isEmpty());
        lobby.admit(new Handshake("ana", null, null, null), user, wire).orElseThrow();

        assertEquals(List.of("POLICY_VIOLATION sign in first: guests may not connect here"), guest.closes);
        assertEquals(List.of(), guest.sent);
        assertEquals(List.of("welcome ana ✓ #lobby [ana✓]"), user.sent);
        assertEquals(1, lobby.openConnections(), "the guest took no place under the cap");
    }

    @Test
    void aReadOnlyGuestReadsButItsMessageIsAnsweredForbiddenAndReachesNobody() {
        Lobby lobby = withGuests(Guests.READ_ONLY);
        RecordingPeer guestPeer = new RecordingPeer();
        RecordingPeer userPeer = new RecordingPeer();
        Connection guest = lobby.admit(named("bo"), guestPeer, wire).orElseThrow();
        Connection user = lobby.admit(new Handshake("ana", null, null, null), userPeer, wire).orElseThrow();

        guest.receive(say("hi"));
        user.receive(say("hello"));

        assertEquals(List.of("welcome bo #lobby [bo]", "2 + ana✓", "error FORBIDDEN guests may only read here: sign in to chat",
                "3 ana✓: hello"), guestPeer.sent);
        assertEquals(List.of("welcome ana ✓ #lobby [bo, ana✓]", "3 ana✓: hello"), userPeer.sent, "the guest's message reached nobody");
        assertEquals(List.of(), guestPeer.closes, "the guest stays");
    }

    @Test
    void aReadOnlyGuestMayStillAskForTheMemberList() {
        Lobby lobby = withGuests(Guests.READ_ONLY);
        RecordingPeer guestPeer = new RecordingPeer();
        Connection guest = lobby.admit(named("bo"), guestPeer, wire).orElseThrow();

        guest.receive(new ClientCommand.Members(Optional.empty(), 10));

        assertEquals("page [bo] next - of 1", last(guestPeer));
    }

    @Test
    void whereGuestsAreAllowedAGuestChatsLikeAnyone() {
        Lobby lobby = withGuests(Guests.ALLOW);
        RecordingPeer guestPeer = new RecordingPeer();
        Connection guest = lobby.admit(named("bo"), guestPeer, wire).orElseThrow();

        guest.receive(say("hi"));

        assertEquals(List.of("welcome bo #lobby [bo]", "2 bo: hi"), guestPeer.sent);
    }

    @Test
    void theSettingsValuesNameThePoliciesInAnyCaseAndNothingElse() {
        assertEquals(Guests.READ_ONLY, Guests.of("Read-Only"));
        assertEquals(Guests.DENY, Guests.of(" deny "));
        assertEquals("read-only", Guests.READ_ONLY.settingValue());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> Guests.of("readonly"));
        assertEquals("expected allow, read-only or deny", refused.getMessage());
    }
}
