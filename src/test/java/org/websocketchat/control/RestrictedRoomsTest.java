package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;

class RestrictedRoomsTest extends LobbyFixture {

    private static final Identity STAFF = new Identity(true, Set.of("chat-staff"), true);
    private static final Identity SIGNED_IN = new Identity(true, Set.of(), true);

    @Test
    void parsesRoomRolePairsLowerCasingTheRoom() {
        RestrictedRooms rooms = RestrictedRooms.parse(" Staff:chat-staff, ops:chat-ops ,");

        assertEquals(Map.of("staff", "chat-staff", "ops", "chat-ops"), rooms.roleByRoom());
        assertEquals(Set.of("chat-staff", "chat-ops"), rooms.roles());
        assertEquals(RestrictedRooms.NONE, RestrictedRooms.parse(""));
    }

    @Test
    void refusesWhatIsNotARoomAndARoleOrNamesARoomTwice() {
        for (String bad : List.of("staff", "staff:", "sta ff:chat-staff", "staff:chat staff", "staff:a,staff:b")) {
            assertThrows(IllegalArgumentException.class, () -> RestrictedRooms.parse(bad), bad);
        }
    }

    @Test
    void onlyTheRoleMayJoinARestrictedRoomAndEveryoneAnOpenOne() {
        RestrictedRooms rooms = RestrictedRooms.parse("staff:chat-staff");

        assertEquals(Optional.empty(), rooms.refusal("staff", STAFF));
        assertEquals(Optional.of("#staff is restricted to role chat-staff"), rooms.refusal("staff", SIGNED_IN));
        assertEquals(Optional.of("#staff is restricted to role chat-staff"), rooms.refusal("staff", Identity.GUEST));
        assertEquals(Optional.empty(), rooms.refusal("lobby", Identity.GUEST));
    }

    @Test
    void theLobbyClosesAClientWithoutTheRole1008AtTheDoorAndAdmitsOneWithIt() {
        Lobby lobby = withRestricted(RestrictedRooms.parse("staff:chat-staff"));
        RecordingPeer guest = new RecordingPeer();
        RecordingPeer ana = new RecordingPeer();
        RecordingPeer sam = new RecordingPeer();

        assertEquals(Optional.empty(), lobby.admit(new Handshake(null, "sam", "staff", null), guest, wire));
        assertEquals(Optional.empty(), lobby.admit(new Handshake("ana", null, "staff", null), ana, wire));
        Optional<Connection> admitted = lobby.admit(new Handshake("sam", null, "Staff", null, Set.of("chat-staff")), sam, wire);

        assertEquals(List.of("POLICY_VIOLATION #staff is restricted to role chat-staff"), guest.closes);
        assertEquals(List.of("POLICY_VIOLATION #staff is restricted to role chat-staff"), ana.closes);
        assertEquals(List.of(), guest.sent, "nothing of the room reaches a refused client");
        assertEquals(Optional.of("staff"), admitted.flatMap(Connection::room).map(Room::name));
        assertEquals(List.of(), sam.closes);
        assertEquals(1, lobby.openConnections());
    }
}
