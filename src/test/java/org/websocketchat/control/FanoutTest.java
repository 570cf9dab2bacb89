package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.websocketchat.control.Fakes.CLOCK;
import static org.websocketchat.control.Fakes.DIRECT;
import static org.websocketchat.control.Fakes.counting;
import static org.websocketchat.control.Fakes.limits;
import static org.websocketchat.control.Fakes.say;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Fakes.FakeWire;
import org.websocketchat.entity.CloseCodes;

class FanoutTest {

    private final List<String> order = new ArrayList<>();

    @Test
    void outsideAScopeAStartRunsAtOnce() {
        Fanout.start(Fanout.current(), () -> order.add("start"));

        assertEquals(List.of("start"), order);
    }

    @Test
    void insideAScopeTheStartsRunAfterTheActionInTheOrderGiven() {
        String result = Fanout.around(() -> {
            Fanout.start(Fanout.current(), () -> order.add("a"));
            Fanout.start(Fanout.current(), () -> order.add("b"));
            order.add("action done");
            return "result";
        });

        assertEquals("result", result);
        assertEquals(List.of("action done", "a", "b"), order);
    }

    @Test
    void aNestedScopeLeavesItsStartsToTheOutermost() {
        Fanout.around(() -> {
            Fanout.around(() -> Fanout.start(Fanout.current(), () -> order.add("inner start")));
            order.add("inner scope done");
        });

        assertEquals(List.of("inner scope done", "inner start"), order);
    }

    @Test
    void theStartsRunEvenIfTheActionThrowsAndNothingIsLeftOnTheThread() {
        assertThrows(IllegalStateException.class, () -> Fanout.around(() -> {
            Fanout.start(Fanout.current(), () -> order.add("start"));
            throw new IllegalStateException("the action failed");
        }));

        assertEquals(List.of("start"), order);
        Fanout.start(Fanout.current(), () -> order.add("after"));
        assertEquals(List.of("start", "after"), order, "no scope left open: a later start runs at once");
    }

    @Test
    void aStartThatThrowsDoesNotKeepTheOthersFromRunning() {
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> Fanout.around(() -> {
            Fanout.start(Fanout.current(), () -> {
                throw new IllegalStateException("a peer failed");
            });
            Fanout.start(Fanout.current(), () -> order.add("second"));
        }));

        assertEquals("a peer failed", thrown.getMessage());
        assertEquals(List.of("second"), order);
    }

    @Test
    void aBroadcastSendsToNoMemberWhileItHoldsTheRoomsLock() {
        Room lobby = new RoomRegistry(50, Fakes.CROWD, CLOCK).room("lobby");
        List<Boolean> underLock = new ArrayList<>();
        List<Connection> members = new ArrayList<>();
        for (String name : List.of("ana", "bo", "cy")) {
            Peer peer = new Peer() {
                @Override
                public void send(String text, Consumer<Throwable> done) {
                    underLock.add(Thread.holdsLock(lobby));
                    done.accept(null);
                }

                @Override
                public void ping(byte[] payload, Consumer<Throwable> done) {
                    done.accept(null);
                }

                @Override
                public void close(CloseCodes code, String reason) {
                }
            };
            Connection member = new Connection(peer, new FakeWire(), limits(2000, 1000, 1000, 1000, 1000, 100), DIRECT,
                    System::nanoTime, counting(), Identity.GUEST, Fakes.NO_DOORS, Telemetry.NONE);
            member.join(lobby, name, Optional.empty());
            members.add(member);
        }
        underLock.clear();

        members.get(0).receive(say("hello"));

        assertEquals(3, underLock.size(), "each member was sent the message");
        assertFalse(underLock.contains(true), "no send started under the room's lock");
    }
}
