package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Headcount;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.Typing;

/**
 * chat.lua's presence on a real Redis, with a crowd threshold of 2: the headcount it tells with
 * each joined and left event (crowded from the 3rd member, small again at 1), the crowded
 * room's admission without names, and the member list in pages.
 */
class CrowdScriptTest extends ScriptFixture {

    private Replies.Admission join(String name) {
        return Replies.admission("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI,
                "join", RedisRelay.PREFIX, "lobby", NODE, "t-" + name, "", "2", "guest", name.toLowerCase(Locale.ROOT), name)));
    }

    private void leave(String name) {
        assertEquals(1L, RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER,
                "leave", RedisRelay.PREFIX, "lobby", NODE, "t-" + name, name)));
    }

    private MembersPage page(String after, int limit) {
        return Replies.page("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI,
                "page", RedisRelay.PREFIX, "lobby", after, Integer.toString(limit))), limit);
    }

    /** The headcount told with the next published event, which must be a joined or left event of {@code name}. */
    private Headcount nextHeadcount(String name) throws InterruptedException {
        String payload = nextPayload();
        Published published = Published.parse(payload).orElseThrow(() -> new AssertionError(payload));
        assertEquals(payload.startsWith("joined") ? "joined" : "left", payload.substring(0, payload.indexOf('\t')));
        assertEquals(name, payload.split("\t")[4]);
        return ((Published.Event) published).headcount().orElseThrow();
    }

    private static Headcount small(int count) {
        return new Headcount(count, false, Optional.empty());
    }

    private static Headcount crowded(int count) {
        return new Headcount(count, true, Optional.empty());
    }

    @Test
    void theDirectoryCountsEachRoomWithMembersBusiestFirst() {
        join("ana");
        join("bo");
        RedisLink.await(link.eval(ScriptOutputType.MULTI, "join", RedisRelay.PREFIX, "dev", NODE, "t-cy", "", "2", "guest", "cy", "cy"));
        RedisLink.await(link.eval(ScriptOutputType.MULTI, "join", RedisRelay.PREFIX, "ops", NODE, "t-dee", "", "2", "guest", "dee", "dee"));
        assertEquals(1L, RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "leave", RedisRelay.PREFIX, "ops", NODE, "t-dee", "dee")));

        assertEquals(List.of(new RoomList.Entry("lobby", 2), new RoomList.Entry("dev", 1)), rooms(10));
        assertEquals(List.of(new RoomList.Entry("lobby", 2)), rooms(1));
        leave("ana");
        assertEquals(List.of(new RoomList.Entry("dev", 1), new RoomList.Entry("lobby", 1)), rooms(10), "then by name");
    }

    private List<RoomList.Entry> rooms(int limit) {
        return Replies.rooms(RedisLink.await(link.eval(ScriptOutputType.MULTI, "rooms", RedisRelay.PREFIX, Integer.toString(limit))));
    }

    @Test
    void typingIsPassedOnWhileTheRoomIsSmallAndNotOnceItIsCrowded() throws Exception {
        join("ana");
        join("bo");
        nextHeadcount("ana");
        nextHeadcount("bo");

        assertEquals(1L, typing("t-ana", "ana"));
        assertEquals(new Published.Signal(new Typing("lobby", "ana", false)), next());
        join("cy");
        nextHeadcount("cy");
        assertEquals(0L, typing("t-ana", "ana"));
        assertEquals(0L, typing("t-bo", "ana"), "only the connection holding the claim");
    }

    @Test
    void aRoomIsCrowdedAboveTheThresholdAndSmallAgainAtHalfOfIt() throws Exception {
        Replies.Admission ana = join("ana");
        join("bo");
        Replies.Admission cy = join("cy");
        leave("cy");
        leave("bo");
        Replies.Admission dee = join("dee");

        assertEquals(List.of(small(1), small(2), crowded(3), crowded(2), new Headcount(1, false, Optional.of(List.of("ana"))),
                small(2)), List.of(nextHeadcount("ana"), nextHeadcount("bo"), nextHeadcount("cy"), nextHeadcount("cy"),
                        nextHeadcount("bo"), nextHeadcount("dee")));
        assertEquals(List.of(List.of("ana"), 1, false), List.of(ana.members().names(), ana.count(), ana.crowded()));
        assertEquals(List.of(List.of(), 3, true), List.of(cy.members().names(), cy.count(), cy.crowded()), "a count, no names");
        assertEquals(List.of(List.of("ana", "dee"), 2, false), List.of(dee.members().names(), dee.count(), dee.crowded()));
    }

    @Test
    void pagesFollowTheNameKeysInOrder() {
        for (String name : List.of("cy", "Bo", "ana", "Dee")) {
            join(name);
        }

        assertEquals(new MembersPage("lobby", List.of("ana", "Bo"), Optional.of("Bo"), 4), page("", 2));
        assertEquals(new MembersPage("lobby", List.of("cy", "Dee"), Optional.empty(), 4), page("bo", 2));
        assertEquals(new MembersPage("lobby", List.of("cy", "Dee"), Optional.empty(), 4), page("c", 500));
        assertEquals(new MembersPage("lobby", List.of(), Optional.empty(), 4), page("zed", 1));
    }
}
