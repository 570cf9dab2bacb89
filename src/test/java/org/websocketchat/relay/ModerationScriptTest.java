package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.DisplayNames;
import org.websocketchat.control.MemberKeys;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Typing;

/** chat.lua's moderation on a real Redis: what every node is told, and what the script refuses. */
class ModerationScriptTest extends ScriptFixture {

    private Replies.JoinReply guest(String token, String name) {
        return Replies.joinReply("lobby", RedisLink.await(link.eval(ScriptOutputType.MULTI, "join", RedisRelay.PREFIX, "lobby", NODE,
                token, "", "100", "guest", DisplayNames.key(name), name)));
    }

    private void moderator() throws InterruptedException {
        RedisLink.await(link.eval(ScriptOutputType.MULTI, "join", RedisRelay.PREFIX, "lobby", NODE, "t-mo", "", "100", "verified",
                MemberKeys.verified("mo", "t-mo"), RedisNames.display("mo", true), "mo"));
        next();
    }

    private String moderate(String action, String target, long seconds, String reason, String close) {
        return RedisLink.await(link.eval(ScriptOutputType.VALUE, "moderate", RedisRelay.PREFIX, "lobby", NODE, "t-mo",
                MemberKeys.verified("mo", "t-mo"), action, target, action.equals("delete") ? "" : DisplayNames.key(target),
                Long.toString(seconds), reason, close));
    }

    private long say(String token, String key, String text) {
        return RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "say", RedisRelay.PREFIX, "lobby", NODE, token, key, text, "50", "message"));
    }

    @Test
    void aMutedMembersTypingIsNotPassedOn() throws Exception {
        moderator();
        guest("t-bo", "Bo");
        next();
        assertEquals("ok", moderate("mute", "bo", 60, "", ""));
        next();

        assertEquals(0L, typing("t-bo", "bo"));
        assertEquals(1L, typing("t-mo", MemberKeys.verified("mo", "t-mo")));
        assertEquals(new Published.Signal(new Typing("lobby", "mo", true)), next(), "nothing was published for bo");
    }

    @Test
    void aKickTellsTheRoomAndAsksEveryNodeToCloseTheName() throws Exception {
        moderator();
        guest("t-bo", "Bo");
        next();

        assertEquals("ok", moderate("kick", "bo", 0, "spam", "spam"));

        assertEquals(new Published.Notice("lobby", new Moderation.Notice("lobby", Moderation.Action.KICK, "bo", "mo", Duration.ZERO, "spam")),
                next());
        assertEquals(new Published.Ending("lobby", "bo", CloseCodes.KICKED, "spam"), next());
        assertEquals("no_such_user", moderate("kick", "ghost", 0, "", ""));
    }

    @Test
    void aMutedMembersMessageIsRefusedToItsNodeAndReachesNoOne() throws Exception {
        moderator();
        guest("t-bo", "bo");
        next();
        assertEquals("ok", moderate("mute", "bo", 300, "", ""));
        next();

        assertEquals(0L, say("t-bo", "bo", "still here"));

        Published.Refusal refusal = (Published.Refusal) next();
        assertEquals(List.of(NODE, "t-bo"), List.of(refusal.node(), refusal.token()));
        assertTrue(refusal.left().compareTo(Duration.ofSeconds(299)) > 0 && refusal.left().compareTo(Duration.ofSeconds(300)) <= 0,
                refusal.left().toString());
    }

    @Test
    void aBannedNameIsRefusedAtTheDoorUntilUnbanned() throws Exception {
        moderator();
        assertEquals("ok", moderate("ban", "bo", 3600, "trolling", "banned from #lobby for 3600 s: trolling"));
        assertEquals(Moderation.Action.BAN, ((Moderation.Notice) ((Published.Notice) next()).frame()).action());
        assertEquals(new Published.Ending("lobby", "bo", CloseCodes.BANNED, "banned from #lobby for 3600 s: trolling"), next());

        Replies.Banned banned = (Replies.Banned) guest("t-bo", "BO");

        assertEquals("banned from #lobby for 3600 s: trolling", banned.reason());
        assertEquals("ok", moderate("unban", "bo", 0, "", ""));
        assertEquals("not_banned", moderate("unban", "bo", 0, "", ""));
        assertEquals("bo", ((Replies.Admission) guest("t-bo2", "bo")).given());
    }

    @Test
    void aDeletedMessageIsAnnouncedAndGoneFromTheHistory() throws Exception {
        moderator();
        guest("t-bo", "bo");
        next();
        say("t-bo", "bo", "regrettable");
        ChatEvent.Message message = (ChatEvent.Message) ((Published.Event) next()).event();

        assertEquals("ok", moderate("delete", message.id().toString(), 0, "", ""));

        assertEquals(new Published.Notice("lobby", new Moderation.Deleted("lobby", message.id(), "mo")), next());
        assertEquals(List.of(), new ArrayList<>(((Replies.Admission) guest("t-cy", "cy")).history()));
        assertEquals("not_found", moderate("delete", message.id().toString(), 0, "", ""));
    }
}
