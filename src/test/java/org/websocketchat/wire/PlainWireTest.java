package org.websocketchat.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.Help;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.Welcome;

class PlainWireTest {

    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");
    private static final EventId ID = new EventId(1_764_000_000_000L, 1);

    private final PlainWire escaping = new PlainWire(true);
    private final PlainWire verbatim = new PlainWire(false);

    private static ChatEvent.Message message(String from, String text) {
        return new ChatEvent.Message(ID, "lobby", from, text, AT);
    }

    @Test
    void everyTextFrameIsAMessageAsItIs() {
        assertEquals(new ClientCommand.Say("hi"), escaping.read("hi"));
        assertEquals(new ClientCommand.Say("  <b>hi</b>  "), escaping.read("  <b>hi</b>  "));
        assertEquals(new ClientCommand.Say("{\"type\":\"say\",\"text\":\"x\"}"), escaping.read("{\"type\":\"say\",\"text\":\"x\"}"));
        assertEquals(new ClientCommand.Say(""), verbatim.read(""));
    }

    @Test
    void writesAMessageAsNameColonText() {
        assertEquals("ana: hi", escaping.write(message("ana", "hi")));
    }

    @Test
    void marksASignedInMembersNameWhereverItIsShown() {
        assertEquals("ana ✓: hi", escaping.write(new ChatEvent.Message(ID, "lobby", "ana", "hi", AT, true)));
        assertEquals("* ana ✓ joined", escaping.write(new ChatEvent.Joined(ID, "lobby", "ana", AT, true)));
        assertEquals("* ana ✓ left", escaping.write(new ChatEvent.Left(ID, "lobby", "ana", AT, true)));
        assertEquals("* you are bo in #lobby — 3 online: ana ✓, ana ✓, bo", escaping.write(
                new Welcome("bo", "lobby", List.of("ana", "ana", "bo"), false).withVerifiedMembers(Set.of("ana"))));
        assertEquals("* 2 online: O&#39;Brien ✓, bo",
                escaping.write(new Presence.Everyone("lobby", List.of("O'Brien", "bo"), Set.of("O'Brien"))));
    }

    @Test
    void whoAsksForTheFirstPageOfMembers() {
        ClientCommand.Members first = new ClientCommand.Members(Optional.empty(), ClientCommand.Members.DEFAULT_LIMIT);
        assertEquals(first, escaping.read("/who"));
        assertEquals(first, verbatim.read("/who "));
        assertEquals(new ClientCommand.Malformed("usage: /who"), escaping.read("/who is there"));
        assertEquals(new ClientCommand.Say(" /who"), escaping.read(" /who"), "a command starts the frame");
    }

    @Test
    void meSaysAnActionAndDoubleSlashStartsAMessageWithASlash() {
        assertEquals(new ClientCommand.Say("waves at <b>bo</b>", true), escaping.read("/me waves at <b>bo</b> "));
        assertEquals(new ClientCommand.Malformed("usage: /me action"), escaping.read("/me "));
        assertEquals(new ClientCommand.Say("/shrug"), escaping.read("//shrug"));
        assertEquals(new ClientCommand.Say("//"), escaping.read("///"));
    }

    @Test
    void anyOtherSlashIsAnUnknownCommandNamedBackAbbreviated() {
        assertEquals(new ClientCommand.Malformed("unknown command /whom (try /help)"), escaping.read("/whom"));
        assertEquals(new ClientCommand.Malformed("unknown command / (try /help)"), escaping.read("/ hello"));
        assertEquals(new ClientCommand.Malformed("unknown command /" + "x".repeat(31) + "… (try /help)"),
                escaping.read("/" + "x".repeat(40) + " y"));
        assertEquals("! unknown command /&lt;b&gt; (try /help)", escaping.write(new ErrorReply(ErrorCode.BAD_REQUEST,
                "unknown command /<b> (try /help)")));
    }

    @Test
    void helpListsTheCommandsAndTheModeratorsOnlyToAModerator() {
        assertEquals(new ClientCommand.Help(), escaping.read("/help"));
        String everyone = "* commands: /who (who is here), /rooms (the rooms in use), /join ROOM (go to ROOM), /msg NAME TEXT (to NAME alone), /nick NAME (a guest's new name), /me ACTION (* you ACTION),"
                + " //TEXT (a message starting with /), /help";
        assertEquals(everyone, escaping.write(new Help(false)));
        assertEquals(everyone + "; moderators: /kick NAME [REASON], /mute NAME SECONDS [REASON], /ban NAME SECONDS [REASON],"
                + " /unban NAME", escaping.write(new Help(true)));
    }

    @Test
    void roomsListsTheRoomsInUseWithTheirCounts() {
        assertEquals(new ClientCommand.Rooms(), escaping.read("/rooms"));
        assertEquals(new ClientCommand.Malformed("usage: /rooms"), escaping.read("/rooms all"));
        assertEquals("* rooms in use: #dev (2), #lobby (1)",
                escaping.write(new RoomList(List.of(new RoomList.Entry("dev", 2), new RoomList.Entry("lobby", 1)))));
        assertEquals("* no rooms in use", escaping.write(new RoomList(List.of())));
    }

    @Test
    void joinMovesMsgSendsAlone() {
        assertEquals(new ClientCommand.Join("dev", Optional.empty(), true), escaping.read("/join dev"));
        assertEquals(new ClientCommand.Join("dev", Optional.empty(), true), escaping.read("/join #dev"));
        assertEquals(new ClientCommand.Malformed("usage: /join room"), escaping.read("/join"));
        assertEquals(new ClientCommand.Malformed("usage: /join room"), escaping.read("/join dev ops"));
        assertEquals("* you left #dev", escaping.write(new Goodbye("dev", Optional.empty())));
        assertEquals(new ClientCommand.Dm("bo", "psst  there", Optional.empty()), escaping.read("/msg bo psst  there"));
        assertEquals(new ClientCommand.Malformed("usage: /msg name text"), escaping.read("/msg bo"));
        assertEquals(new ClientCommand.Nick("Zoë M."), escaping.read("/nick Zoë M."));
        assertEquals(new ClientCommand.Malformed("usage: /nick newname"), escaping.read("/nick"));
        assertEquals("(private) ana ✓ → bo: &lt;hi&gt;",
                escaping.write(new DirectMessage(ID, "ana", "bo", "<hi>", AT, true)));
        assertEquals("* you are out of #dev: spam &amp; eggs", escaping.write(new Goodbye("dev", Optional.of("spam & eggs"))));
    }

    @Test
    void writesAnActionAsANoticeAboutItsSender() {
        assertEquals("* ana waves", escaping.write(new ChatEvent.Message(ID, "lobby", "ana", "waves", AT, false, true)));
        assertEquals("* ana ✓ waves &lt;3", escaping.write(new ChatEvent.Message(ID, "lobby", "ana", "waves <3", AT, true, true)));
    }

    @Test
    void writesAPageOfMembersWithTheMarkAndHowManyMore() {
        assertEquals("* 2 in #lobby: ana ✓, bo",
                escaping.write(new MembersPage("lobby", List.of("ana", "bo"), Optional.empty(), 2, Set.of("ana"))));
        assertEquals("* 250 in #lobby: a&lt;b, bo and 248 more",
                escaping.write(new MembersPage("lobby", List.of("a<b", "bo"), Optional.of("bo"), 250)));
    }

    @Test
    void writesJoinedAndLeftAsNotices() {
        assertEquals("* bo joined", escaping.write(new ChatEvent.Joined(ID, "lobby", "bo", AT)));
        assertEquals("* bo left", escaping.write(new ChatEvent.Left(ID, "lobby", "bo", AT)));
    }

    @Test
    void writesTheWelcomeWithWhoIsOnline() {
        assertEquals("* you are ana in #lobby — 3 online: ana, bo, cy",
                escaping.write(new Welcome("ana", "lobby", List.of("ana", "bo", "cy"), false)));
    }

    @Test
    void writesAWelcomeToARoomOfOneWithoutMentioningResume() {
        assertEquals("* you are ana in #dev — 1 online: ana", escaping.write(new Welcome("ana", "dev", List.of("ana"), true)));
    }

    @Test
    void aSignedInClientsWelcomeMarksItsName() {
        assertEquals("* you are ana ✓ in #dev — 1 online: ana", escaping.write(new Welcome("ana", "dev", List.of("ana"), false).verified(true)));
    }

    @Test
    void writesACrowdedRoomsWelcomeWithTheCountAndNoNames() {
        assertEquals("* you are ana in #lobby — 10000 online", escaping.write(Welcome.crowded("ana", "lobby", 10_000, false)));
    }

    @Test
    void writesAPresenceUpdateAsCountsWithoutNames() {
        assertEquals("* 10000 online: 37 joined, 2 left",
                escaping.write(new Presence.Update("lobby", 10_000, 37, 2, List.of("ana"), List.of("bo", "cy"))));
        assertEquals("* 150 online: 3 joined", escaping.write(new Presence.Update("lobby", 150, 3, 0, List.of(), List.of())));
        assertEquals("* 149 online: 1 left", escaping.write(new Presence.Update("lobby", 149, 0, 1, List.of(), List.of("bo"))));
        assertEquals("* 149 online", escaping.write(new Presence.Update("lobby", 149, 0, 0, List.of(), List.of())));
    }

    @Test
    void writesEveryoneOfARoomSmallAgainLikeTheWelcomeDoes() {
        assertEquals("* 2 online: ana, &lt;b&gt;", escaping.write(new Presence.Everyone("lobby", List.of("ana", "<b>"))));
    }

    @Test
    void writesAnErrorAsBangMessage() {
        assertEquals("! message too long (max 2000 characters)",
                escaping.write(new ErrorReply(ErrorCode.TOO_LONG, "message too long (max 2000 characters)")));
    }

    @Test
    void escapesHtmlInTextAndNames() {
        assertEquals("&lt;i&gt;ana&lt;/i&gt;: &lt;script&gt;alert(&quot;x&quot;, &#39;y&#39;) &amp;&amp; 1&lt;/script&gt;",
                escaping.write(message("<i>ana</i>", "<script>alert(\"x\", 'y') && 1</script>")));
    }

    @Test
    void escapesAnAmpersandThatLooksLikeAnEntity() {
        assertEquals("ana: &amp;lt; is not &lt;", escaping.write(message("ana", "&lt; is not <")));
    }

    @Test
    void escapesNamesInNoticesAndTheWelcome() {
        assertEquals("* O&#39;Brien &amp; co joined", escaping.write(new ChatEvent.Joined(ID, "lobby", "O'Brien & co", AT)));
        assertEquals("* O&#39;Brien left", escaping.write(new ChatEvent.Left(ID, "lobby", "O'Brien", AT)));
        assertEquals("* you are &lt;b&gt; in #lobby — 2 online: &lt;b&gt;, &quot;q&quot;",
                escaping.write(new Welcome("<b>", "lobby", List.of("<b>", "\"q\""), false)));
    }

    @Test
    void writesTextWithoutHtmlCharactersUnchanged() {
        assertEquals("Zoë: 李小龍 says 😀 — fine", escaping.write(message("Zoë", "李小龍 says 😀 — fine")));
    }

    @Test
    void writesEverythingVerbatimWhenEscapingIsOff() {
        assertEquals("<i>ana</i>: <script>alert(\"x\", 'y') && 1</script>",
                verbatim.write(message("<i>ana</i>", "<script>alert(\"x\", 'y') && 1</script>")));
        assertEquals("* O'Brien & co joined", verbatim.write(new ChatEvent.Joined(ID, "lobby", "O'Brien & co", AT)));
        assertEquals("* you are <b> in #lobby — 1 online: <b>", verbatim.write(new Welcome("<b>", "lobby", List.of("<b>"), false)));
    }
}
