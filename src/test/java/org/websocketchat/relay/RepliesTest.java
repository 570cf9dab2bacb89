package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.MembersPage;

/** chat.lua's answers as Lettuce hands them over: nested lists of strings and longs. */
class RepliesTest {

    @Test
    void membersAreListedInTheOrderTheyJoinedWhateverTheHashOrder() {
        List<Object> claims = List.of(
                "1764000000500-1\tnode-b\t2\tcy",
                "1764000000100-3\tnode-a\t1\tana",
                "1764000000100-12\tnode-b\t1\tbo");

        assertEquals(List.of("ana", "bo", "cy"), Replies.members(claims));
    }

    @Test
    void anAdmissionCarriesNameJoinIdResumeMembersAndHistory() {
        List<Object> reply = List.of(
                "ana-2",
                "1764000000900-1",
                1L,
                List.of("1764000000100-1\tnode-a\t1\tana", "1764000000900-1\tnode-b\t7\tana-2"),
                List.of(List.of("1764000000200-1", List.of("from", "ana", "text", "one\ttwo", "at", "1764000000200"))),
                2L,
                0L,
                List.of("1764000000800-2"));

        Replies.Admission admission = Replies.admission("lobby", reply);

        assertEquals(new Replies.Admission("ana-2", new EventId(1_764_000_000_900L, 1), true, new Replies.Roster(List.of("ana", "ana-2"), Set.of()),
                List.of(new ChatEvent.Message(new EventId(1_764_000_000_200L, 1), "lobby", "ana", "one\ttwo",
                        Instant.ofEpochMilli(1_764_000_000_200L))), 2, false, Set.of(new EventId(1_764_000_000_800L, 2))), admission);
    }

    @Test
    void anAdmissionWithoutResumeOrHistory() {
        Replies.Admission admission = Replies.admission("lobby",
                List.of("ana", "1764000000900-1", 0L, List.of("1764000000900-1\tnode-a\t1\tana"), List.of(), 1L, 0L, List.of()));

        assertEquals(new Replies.Admission("ana", new EventId(1_764_000_000_900L, 1), false, new Replies.Roster(List.of("ana"), Set.of()), List.of(), 1, false, Set.of()),
                admission);
    }

    @Test
    void aPageNamesTheClaimsInTheOrderRedisSortedThem() {
        List<Object> claims = List.of("1764000000500-1\tnode-b\t2\tAna", "1764000000100-3\tnode-a\t1\tbo");

        assertEquals(new MembersPage("lobby", List.of("Ana", "bo"), Optional.empty(), 7), Replies.page("lobby", List.of(claims, 7L), 2));
        assertEquals(new MembersPage("lobby", List.of("Ana"), Optional.of("Ana"), 7), Replies.page("lobby", List.of(claims, 7L), 1),
                "one more claim than asked for: there is a next page");
        assertEquals(new MembersPage("lobby", List.of(), Optional.empty(), 7), Replies.page("lobby", List.of(List.of(), 7L), 5));
    }
}
