package org.websocketchat.control;

import java.util.List;

import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.ErrorReply;

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
}
