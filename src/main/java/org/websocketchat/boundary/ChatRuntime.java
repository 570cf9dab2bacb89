package org.websocketchat.boundary;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;

import jakarta.websocket.Session;

import org.websocketchat.control.Lobby;
import org.websocketchat.control.OriginPolicy;
import org.websocketchat.control.Peer;
import org.websocketchat.wire.JsonWire;
import org.websocketchat.wire.Wire;

/**
 * What the running chat lends the boundary: installed by the composition root when the web
 * application starts, removed when it stops.
 *
 * <p>JSR 356 creates endpoint and configurator instances itself and gives them no portable way
 * to reach the {@code ServletContext}, so they find the chat here. The one static field is per
 * deployment: each web application has its own class loader, hence its own copy of this class.
 *
 * @param lobby  where connections are admitted and forgotten
 * @param origins which {@code Origin}s may connect
 * @param plain  the wire of clients that negotiated no subprotocol
 * @param json   the wire of {@value JsonWire#SUBPROTOCOL}
 * @param sends  carries a connection's sends on after one completed on its calling thread
 * @param io     runs the calls the standard API only offers as blocking ones
 * @param directWrites whether a frame the client has room for goes out through the blocking send
 *                     ({@link ContainerDefaults#directWritesPay})
 * @param roles  the roles the handshake asks the container about ({@link HandshakeRoles})
 * @param tokens the signed tokens accepted in place of a container sign-in ({@link HandshakeToken})
 * @param operations what the operators' paths serve (metrics, dashboard) and the drain
 */
public record ChatRuntime(Lobby lobby, OriginPolicy origins, Wire plain, Wire json, Executor sends, Executor io,
        boolean directWrites, Set<String> roles, BearerTokens tokens, Operations operations) {

    public ChatRuntime {
        roles = Set.copyOf(roles);
    }

    private static volatile ChatRuntime installed;

    /** Makes {@code runtime} the one the endpoint and configurator find; fails if one already is. */
    public static synchronized void install(ChatRuntime runtime) {
        if (installed != null) {
            throw new IllegalStateException("websocket-chat is already running in this web application");
        }
        installed = runtime;
    }

    /** Removes {@code runtime}, if it is the one installed: from now on clients are turned away. */
    public static synchronized void uninstall(ChatRuntime runtime) {
        if (installed == runtime) {
            installed = null;
        }
    }

    /** The running chat; fails if it is not (or no longer) running. */
    static ChatRuntime current() {
        return find().orElseThrow(() -> new IllegalStateException("websocket-chat is not running"));
    }

    static Optional<ChatRuntime> find() {
        return Optional.ofNullable(installed);
    }

    /** The wire format for a negotiated subprotocol ({@code ""} when none was). */
    Wire wire(String subprotocol) {
        return JsonWire.SUBPROTOCOL.equals(subprotocol) ? json : plain;
    }

    Peer peer(Session session) {
        return new SessionPeer(session, sends, io, directWrites);
    }
}
