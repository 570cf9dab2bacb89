package org.websocketchat.control;

import java.util.List;
import java.util.Optional;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.Conversation;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.EventId;
import org.websocketchat.entity.ServerFrame;

/**
 * Direct messages, through the {@link Relay}: from one member to another alone. A message to a
 * name reaches every open connection of the signed-in user of that name, or, if none is signed in
 * under it, the guest holding that name in one of the sender's rooms; and every connection of the
 * sender (a guest has one). Conversations between two signed-in users are kept, bounded like a
 * room's history; a guest's name proves nothing about who holds it, so none is kept for a guest.
 * Implementations answer the sender themselves, errors included, and never block on a socket.
 */
public interface Mail {

    /** Why a guest's {@code dms} is refused. */
    String GUESTS_KEEP_NOTHING = "sign in to keep conversations: a guest's name does not show who holds it";

    /** This node's connections of signed-in users: the lobby registers each as it opens and closes. */
    SignedInConnections signedIn();

    /** Sends {@code dm} from {@code sender}, looking for a guest recipient in {@code rooms} (the sender's). */
    void send(Connection sender, ClientCommand.Dm dm, List<Room> rooms);

    /** Answers {@code asker} with its kept conversation with {@code request.with()}. */
    void conversation(Connection asker, ClientCommand.Dms request);

    /** The answer to a message for a name nobody has. */
    static ErrorReply noSuchUser(String name) {
        return new ErrorReply(ErrorCode.NO_SUCH_USER, "nobody named " + name + " is here");
    }

    /** The answer to a direct message between signed-in users that the archive cannot keep now: it reaches nobody. */
    static ErrorReply notStored() {
        return new ErrorReply(ErrorCode.UNAVAILABLE, "a direct message cannot be stored now: try again later");
    }

    /** The key an {@link Archive} keeps a conversation under, the same for both sides: their name keys in order. */
    static String pair(String one, String other) {
        String a = DisplayNames.key(one);
        String b = DisplayNames.key(other);
        return a.compareTo(b) <= 0 ? a + '\n' + b : b + '\n' + a;
    }

    /**
     * A conversation {@code archive} keeps, as signed-in {@code asker} asked for it: after its
     * {@code since} when the archive keeps that id (at most {@link Archive#MAX_RESUME} of them),
     * else the newest {@code historySize}; or the error that it cannot be read now.
     */
    static ServerFrame archived(Archive archive, int historySize, String asker, ClientCommand.Dms request) {
        String pair = pair(asker, request.with());
        try {
            Optional<List<DirectMessage>> missed = request.since().flatMap(EventId::parse)
                    .flatMap(since -> archive.directAfter(pair, since, Archive.MAX_RESUME));
            List<DirectMessage> answer = missed.orElseGet(() -> archive.newestDirect(pair, historySize));
            return new Conversation(request.with(), answer, missed.isPresent());
        } catch (Archive.Unavailable e) {
            return new ErrorReply(ErrorCode.UNAVAILABLE, "the conversation cannot be read now: try again later");
        }
    }
}
