package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;
import static org.websocketchat.control.Fakes.limits;
import static org.websocketchat.control.Fakes.say;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.control.Fakes.RecordingPeer;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.wire.JsonWire;

/**
 * Presence in an in-JVM room with a crowd threshold of 4: one by one up to 4 members, coalesced
 * from the 5th until the room is down to 2; and the member list in pages.
 */
class CrowdRoomTest {

    private final AtomicLong nanoTime = new AtomicLong();
    private final FakeWire wire = new FakeWire();
    private final RoomRegistry rooms = new RoomRegistry(50, new CrowdRule(4), CLOCK);
    private final Room lobby = rooms.room("lobby");
    /** Every member's peer, in the order they joined. */
    private final List<RecordingPeer> peers = new ArrayList<>();

    private Connection joined(String wanted) {
        RecordingPeer peer = new RecordingPeer();
        peers.add(peer);
        Connection connection = new Connection(peer, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime::get,
                counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
        connection.join(lobby, wanted, Optional.empty());
        return connection;
    }

    private List<Connection> joined(String... names) {
        return Arrays.stream(names).map(this::joined).toList();
    }

    /** What each member has been sent since {@code before} (sizes per member), in join order. */
    private List<List<String>> sentSince(List<Integer> before) {
        return IntStream.range(0, before.size()).mapToObj(i -> peers.get(i).sent.subList(before.get(i), peers.get(i).sent.size()))
                .map(List::copyOf).toList();
    }

    private List<Integer> sentSoFar() {
        return peers.stream().map(peer -> peer.sent.size()).toList();
    }

    private static List<List<String>> each(int members, List<String> frames) {
        return IntStream.range(0, members).mapToObj(i -> frames).toList();
    }

    @Test
    void aRoomUpToTheThresholdAnnouncesEachJoinAndLeaveAndWelcomesWithEveryName() {
        List<Connection> members = joined("ana", "bo", "cy", "dee");
        members.get(3).closed();
        lobby.presenceTick();

        assertEquals(List.of("welcome ana #lobby [ana]", "2 + bo", "3 + cy", "4 + dee", "5 - dee"), peers.get(0).sent);
        assertEquals(List.of("welcome dee #lobby [ana, bo, cy, dee]"), peers.get(3).sent);
    }

    @Test
    void theJoinThatTakesTheRoomAboveTheThresholdIsCountedInTheNextUpdateNotAnnounced() {
        List<Connection> members = joined("ana", "bo", "cy", "dee");
        List<Integer> before = sentSoFar();

        joined("eve");

        assertEquals(List.of("welcome eve #lobby 5 here"), peers.get(4).sent, "a count, no names");
        assertEquals(each(4, List.of()), sentSince(before), "nothing until the tick");

        lobby.presenceTick();
        lobby.presenceTick();

        assertEquals(List.of("welcome eve #lobby 5 here", "presence 5 +1 [eve] -0 []"), peers.get(4).sent);
        assertEquals(each(4, List.of("presence 5 +1 [eve] -0 []")), sentSince(before), "one update, and none with nothing new");
        members.get(0).receive(say("hi"));
        assertEquals("5 ana: hi", peers.get(4).sent.get(2), "a counted join takes no event id");
    }

    @Test
    void joinsAndLeavesBetweenTwoTicksMakeOneUpdatePerMemberWithTheCountAfterTheLast() {
        List<Connection> first = joined("ana", "bo", "cy", "dee", "eve");
        lobby.presenceTick();
        List<Integer> before = sentSoFar();

        List<Connection> crowd = IntStream.range(0, 30).mapToObj(i -> joined("m" + i)).toList();
        first.get(1).closed();
        crowd.get(0).closed();
        crowd.get(29).closed();
        lobby.presenceTick();

        String update = "presence 32 +30 " + IntStream.range(0, Turnout.NAMED).mapToObj(i -> "m" + i).toList() + " -3 [bo, m0, m29]";
        List<List<String>> sent = sentSince(before);
        for (int i : List.of(0, 2, 3, 4)) {
            assertEquals(List.of(update), sent.get(i), "member " + i);
        }
        assertEquals(List.of(), sent.get(1), "bo left before the tick");
        assertEquals(List.of("welcome m1 #lobby 7 here", update), peers.get(6).sent);
        assertEquals(List.of("welcome m29 #lobby 35 here"), peers.get(34).sent, "m29 left before the tick");
    }

    @Test
    void aCrowdedRoomStaysCrowdedDownToHalfTheThresholdThenNamesEveryoneAndAnnouncesOneByOneAgain() {
        List<Connection> members = joined("ana", "bo", "cy", "dee", "eve");
        lobby.presenceTick();
        List<Integer> before = sentSoFar();

        members.get(4).closed(); // 4
        members.get(3).closed(); // 3: still crowded
        assertEquals(each(5, List.of()), sentSince(before));
        members.get(2).closed(); // 2: small again
        lobby.presenceTick();

        assertEquals(List.of(List.of("everyone [ana, bo]"), List.of("everyone [ana, bo]"), List.of(), List.of(), List.of()),
                sentSince(before), "at once, and the update that was pending is dropped");
        joined("fay");
        assertEquals(List.of("welcome fay #lobby [ana, bo, fay]"), peers.get(5).sent);
        assertEquals("5 + fay", peers.get(0).sent.get(peers.get(0).sent.size() - 1), "the next id: counted joins and leaves took none");
    }

    @Test
    void aRoomHoveringAroundTheThresholdStaysCrowded() {
        List<Connection> members = joined("ana", "bo", "cy", "dee", "eve");
        lobby.presenceTick();
        List<Integer> before = sentSoFar();

        members.get(4).closed(); // 4
        joined("eve"); // 5
        members.get(3).closed(); // 4
        lobby.presenceTick();

        assertEquals(List.of("presence 4 +1 [eve] -2 [eve, dee]"), sentSince(before).get(0));
        assertEquals(List.of("welcome eve #lobby 5 here", "presence 4 +1 [eve] -2 [eve, dee]"), peers.get(5).sent);
    }

    @Test
    void aPageListsTheNamesAfterTheOneAskedForSortedCaseInsensitivelyToTheAskerAlone() {
        List<Connection> members = joined("cy", "Bo", "ana", "Dee", "eve");
        lobby.presenceTick();
        List<Integer> before = sentSoFar();
        Connection ana = members.get(2);

        ana.receive(new ClientCommand.Members(Optional.empty(), 2));
        ana.receive(new ClientCommand.Members(Optional.of("bo"), 2));
        ana.receive(new ClientCommand.Members(Optional.of("Dee"), 2));
        ana.receive(new ClientCommand.Members(Optional.of("c"), 500));
        ana.receive(new ClientCommand.Members(Optional.of("zed"), 1));

        assertEquals(List.of(List.of(), List.of(), List.of(
                "page [ana, Bo] next Bo of 5",
                "page [cy, Dee] next Dee of 5",
                "page [eve] next - of 5",
                "page [cy, Dee, eve] next - of 5",
                "page [] next - of 5"), List.of(), List.of()), sentSince(before));
    }

    @Test
    void aPageThatEndsExactlyWithTheLastMemberHasNoNext() {
        Connection ana = joined("ana");
        joined("bo");

        ana.receive(new ClientCommand.Members(Optional.empty(), 2));

        assertEquals("page [ana, bo] next - of 2", peers.get(0).sent.get(peers.get(0).sent.size() - 1));
    }

    @Test
    void aMalformedRequestIsABadRequestAndTheConnectionStays() {
        Connection ana = joined("ana");
        JsonWire json = new JsonWire();

        ana.receive(json.read("{\"type\":\"members\",\"limit\":501}"));
        ana.receive(json.read("{\"type\":\"members\",\"after\":7}"));
        ana.receive(json.read("{\"type\":\"members\"}"));

        assertEquals(List.of("welcome ana #lobby [ana]",
                "error BAD_REQUEST \"limit\" must be a whole number from 1 to 500",
                "error BAD_REQUEST \"after\" must be a name or null",
                "page [ana] next - of 1"), peers.get(0).sent);
        assertEquals(List.of(), peers.get(0).closes);
    }

    @Test
    void aPageRequestCountsAgainstTheMessageRate() {
        RecordingPeer peer = new RecordingPeer();
        Connection ana = new Connection(peer, wire, limits(2000, 1, 2, 1000, 1000, 100), DIRECT, nanoTime::get, counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
        ana.join(lobby, "ana", Optional.empty());

        ana.receive(new ClientCommand.Members(Optional.empty(), 10));
        ana.receive(say("hi"));
        ana.receive(new ClientCommand.Members(Optional.empty(), 10));

        assertEquals(List.of("welcome ana #lobby [ana]", "page [ana] next - of 1", "2 ana: hi",
                "error RATE_LIMITED too many messages: at most 1 per second"), peer.sent);
    }

    @Test
    void theLobbyTicksEveryRoom() {
        Lobby lobbyOfRooms = new Lobby(rooms, limits(2000, 1000, 1000, 1000, 1000, 100), Guests.ALLOW, Access.DEFAULT, DIRECT, nanoTime::get, () -> 0L,
                counting());
        joined("ana", "bo", "cy", "dee", "eve");
        RecordingPeer elsewhere = new RecordingPeer();
        new Connection(elsewhere, wire, limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT, nanoTime::get, counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE)
                .join(rooms.room("dev"), "zed", Optional.empty());

        lobbyOfRooms.presenceTick();

        assertEquals("presence 5 +1 [eve] -0 []", peers.get(0).sent.get(peers.get(0).sent.size() - 1));
        assertEquals(List.of("welcome zed #dev [zed]"), elsewhere.sent);
    }
}
