package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.RoomList;

/** The directory: the rooms in use, busiest first, counted without walking members, restricted rooms only for their role. */
class DirectoryTest extends LobbyFixture {

    private static List<RoomList.Entry> directory(InJvmRelay relay) {
        List<List<RoomList.Entry>> answers = new ArrayList<>();
        relay.directory(answers::add);
        return answers.get(0);
    }

    @Test
    void listsTheRoomsWithMembersBusiestFirstThenByName() {
        InJvmRelay relay = new InJvmRelay(10, Fakes.CROWD, Clock.systemUTC());
        Room lobby = relay.room("lobby");
        Room dev = relay.room("dev");
        Room empty = relay.room("empty");
        Room ops = relay.room("ops");
        Fakes.joined(dev, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "ana");
        Fakes.joined(dev, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "bo");
        Fakes.joined(ops, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "cy");
        Fakes.joined(lobby, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "dee");
        Fakes.joined(empty, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "eve").closed();

        assertEquals(List.of(new RoomList.Entry("dev", 2), new RoomList.Entry("lobby", 1), new RoomList.Entry("ops", 1)), directory(relay));
    }

    @Test
    void listsAtMostTheBusiestMaxListed() {
        InJvmRelay relay = new InJvmRelay(10, Fakes.CROWD, Clock.systemUTC());
        List<Room> rooms = IntStream.rangeClosed(0, RoomList.MAX_LISTED).mapToObj(i -> relay.room(String.format("r%03d", i))).toList();
        rooms.forEach(room -> Fakes.joined(room, new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "ana"));
        Fakes.joined(rooms.get(RoomList.MAX_LISTED), new RecordingPeer(), wire, Identity.GUEST, System::nanoTime, "bo");

        List<RoomList.Entry> listed = directory(relay);

        assertEquals(RoomList.MAX_LISTED, listed.size());
        assertEquals(List.of(new RoomList.Entry("r200", 2), new RoomList.Entry("r000", 1)), listed.subList(0, 2));
        assertEquals(new RoomList.Entry("r198", 1), listed.get(RoomList.MAX_LISTED - 1), "r199 is the one left out");
    }

    @Test
    void aMemberAsksAndSeesARestrictedRoomOnlyWithItsRole() {
        Lobby lobby = withRestricted(RestrictedRooms.parse("staff:chat-staff"));
        RecordingPeer bo = new RecordingPeer();
        RecordingPeer sam = new RecordingPeer();
        Connection guest = lobby.admit(new Handshake(null, "bo", "lobby", null), bo, wire).orElseThrow();
        Connection staff = lobby.admit(new Handshake("sam", null, "staff", null, Set.of("chat-staff")), sam, wire).orElseThrow();

        guest.receive(new ClientCommand.Rooms());
        staff.receive(new ClientCommand.Rooms());

        assertEquals("rooms [lobby 1]", bo.sent.get(bo.sent.size() - 1));
        assertEquals("rooms [lobby 1, staff 1]", sam.sent.get(sam.sent.size() - 1));
        assertEquals(Optional.of("staff"), staff.room().map(Room::name));
    }
}
