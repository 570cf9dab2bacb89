package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.MemberKeys;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.MembersPage;

/**
 * chat.lua's side of the name rule ({@link MemberKeys}) on a real Redis: a name belongs to one
 * identity in a room, across every node.
 */
class SignedInScriptTest extends ScriptFixture {

    private Replies.Admission guest(String token, String... candidates) {
        List<String> args = new ArrayList<>(List.of("join", RedisRelay.PREFIX, "lobby", NODE, token, "", "100", "guest"));
        for (String candidate : candidates) {
            args.add(DisplayNames.key(candidate));
            args.add(candidate);
        }
        return Replies.admission("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI, args.toArray(String[]::new))));
    }

    private Replies.Admission signedIn(String token, String name) {
        return Replies.admission("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI, "join", RedisRelay.PREFIX, "lobby",
                NODE, token, "", "100", "verified", MemberKeys.verified(name, token), RedisNames.display(name, true),
                DisplayNames.key(name))));
    }

    private ChatEvent nextEvent() throws InterruptedException {
        return ((Published.Event) next()).event();
    }

    @Test
    void aSignedInUsersConnectionsShareItsNameAndAGuestGetsAnother() throws Exception {
        Replies.Admission first = signedIn("t1", "Ana");
        Replies.Admission second = signedIn("t2", "Ana");
        Replies.Admission guest = guest("t3", "ana", "ana-2");

        assertEquals(List.of("Ana", "Ana", "ana-2"), List.of(first.given(), second.given(), guest.given()));
        assertEquals(new Replies.Roster(List.of("Ana", "Ana", "ana-2"), Set.of("Ana")), guest.members());
        ChatEvent.Joined joined = (ChatEvent.Joined) nextEvent();
        assertEquals(List.of("Ana", true), List.of(joined.name(), joined.verified()));
    }

    @Test
    void aSignedInUserTakesItsNameOverFromAGuestWhoseNodeIsToldToCloseIt() throws Exception {
        guest("t-guest", "ana");
        nextEvent();

        Replies.Admission ana = signedIn("t-ana", "ana");

        ChatEvent.Left left = (ChatEvent.Left) nextEvent();
        assertEquals(List.of("ana", false), List.of(left.name(), left.verified()));
        assertEquals(new Published.Eviction("lobby", NODE, "t-guest"), next());
        ChatEvent.Joined joined = (ChatEvent.Joined) nextEvent();
        assertEquals(List.of("ana", true), List.of(joined.name(), joined.verified()));
        assertEquals(new Replies.Roster(List.of("ana"), Set.of("ana")), ana.members());
        assertEquals(0L, RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "leave", RedisRelay.PREFIX, "lobby", NODE,
                "t-guest", "ana")), "the guest's claim is gone: its own leave releases nothing");
    }

    @Test
    void aSignedInMembersMessageIsMarkedLiveAndInTheHistory() throws Exception {
        signedIn("t1", "ana");
        nextEvent();
        assertEquals(1L, RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "say", RedisRelay.PREFIX, "lobby", NODE, "t1",
                MemberKeys.verified("ana", "t1"), "hello", "50", "message")));

        ChatEvent.Message live = (ChatEvent.Message) nextEvent();
        Replies.Admission bo = guest("t2", "bo");

        assertEquals(List.of("ana", "hello", true), List.of(live.from(), live.text(), live.verified()));
        assertEquals(List.of(live), bo.history());
    }

    @Test
    void anActionIsMarkedLiveAndInTheHistoryAndAMessageIsNot() throws Exception {
        guest("t1", "ana");
        nextEvent();
        for (String kind : List.of("action", "message")) {
            assertEquals(1L, RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "say", RedisRelay.PREFIX, "lobby", NODE, "t1",
                    DisplayNames.key("ana"), "waves", "50", kind)));
        }

        List<ChatEvent> live = List.of(nextEvent(), nextEvent());
        Replies.Admission bo = guest("t2", "bo");

        assertEquals(List.of(true, false), live.stream().map(event -> ((ChatEvent.Message) event).action()).toList());
        assertEquals(live, bo.history());
    }

    @Test
    void aPageAfterANamePassesEveryConnectionOfIt() {
        signedIn("t1", "ana");
        signedIn("t2", "ana");
        guest("t3", "anakin");
        guest("t4", "bo");

        MembersPage first = Replies.page("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI, "page", RedisRelay.PREFIX,
                "lobby", "", "2")), 2);
        MembersPage rest = Replies.page("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI, "page", RedisRelay.PREFIX,
                "lobby", MemberKeys.pageAfter("ana"), "10")), 10);

        assertEquals(new MembersPage("lobby", List.of("ana", "ana"), Optional.of("ana"), 4, Set.of("ana")), first);
        assertEquals(new MembersPage("lobby", List.of("anakin", "bo"), Optional.empty(), 4, Set.of()), rest);
    }
}
