package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.SendHandler;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.CloseCodes;

/**
 * Where a finished send is reported. A container may complete an async send before
 * {@code sendText} returns (docs/containers.md, 2), or later on a thread of its own.
 */
class SessionPeerTest {

    /** The application's send threads, run only when the test says so. */
    private final Deque<Runnable> sendThreads = new ArrayDeque<>();
    private final List<String> written = new ArrayList<>();
    private final Deque<SendHandler> pending = new ArrayDeque<>();
    private final List<Throwable> completions = Collections.synchronizedList(new ArrayList<>());
    /** What the fake container's send does with its handler; completes it in place unless changed. */
    private SendResult inline = new SendResult();
    /** What the fake container's blocking send throws, if anything. */
    private IOException blockingFailure;
    private IllegalStateException blockingRefusal;
    /** A frame whose blocking send waits for {@link #release}, after counting {@link #held} down. */
    private String holdAt;
    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    /** Whether the fake session is open; a closed one refuses getBasicRemote(), as the API says. */
    private boolean open = true;

    @Test
    void aBatchForASessionClosedMeanwhileFailsThroughItsCompletionAndThrowsNothing() {
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);
        open = false;

        peer.sendDirectly(List.of("a", "b"), completions::add);

        assertEquals(1, completions.size());
        assertTrue(completions.get(0) instanceof IllegalStateException, String.valueOf(completions.get(0)));
        assertTrue(written.isEmpty());
    }

    @Test
    void sendsCompletedOnTheCallingThreadGoOnInPlaceForARunThenOneIsHandedOn() {
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        for (int i = 1; i < SessionPeer.INLINE_RUN; i++) {
            peer.send("m" + i, completions::add);
        }
        assertEquals(SessionPeer.INLINE_RUN - 1, written.size(), "written at once, on the caller's thread");
        assertEquals(SessionPeer.INLINE_RUN - 1, completions.size(), "reported in place: the caller goes on");
        assertTrue(sendThreads.isEmpty());

        peer.send("last", completions::add);
        assertEquals(SessionPeer.INLINE_RUN - 1, completions.size(), "the caller (a broadcast) does not go on");
        assertEquals(1, sendThreads.size());
        sendThreads.remove().run();
        assertEquals(SessionPeer.INLINE_RUN, completions.size());
        assertTrue(completions.stream().allMatch(failure -> failure == null), "every one reported as sent");

        peer.send("next", completions::add);
        assertEquals(SessionPeer.INLINE_RUN + 1, completions.size(), "a new run starts after the hand-on");
        assertTrue(sendThreads.isEmpty());
    }

    @Test
    void aFailureOnTheCallingThreadIsReportedLikeASuccess() {
        IOException broken = new IOException("broken pipe");
        inline = new SendResult(broken);
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.send("a", completions::add);

        assertEquals(1, completions.size());
        assertSame(broken, completions.get(0));
    }

    @Test
    void aDirectSendIsTheBlockingCallAndIsReportedInPlace() {
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.sendDirectly("a", completions::add);
        blockingFailure = new IOException("broken pipe");
        peer.sendDirectly("b", completions::add);

        assertEquals(List.of("blocking a"), written);
        assertEquals(2, completions.size(), "both reported before sendDirectly returned");
        assertNull(completions.get(0));
        assertSame(blockingFailure, completions.get(1));
        assertTrue(sendThreads.isEmpty());
    }

    @Test
    void aBatchIsBlockingSendsBetweenBatchingOnAndOffReportedOnceInPlace() {
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.sendDirectly(List.of("a", "b", "c"), completions::add);

        assertEquals(List.of("batching on", "blocking a", "blocking b", "blocking c", "batching off"), written);
        assertEquals(Collections.singletonList(null), completions);
    }

    @Test
    void aBatchTheContainerRefusesOnThisThreadGoesTheAsyncWayFrameByFrame() {
        blockingRefusal = new IllegalStateException("blocking call on an I/O thread");
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.sendDirectly(List.of("a", "b"), completions::add);

        assertEquals(List.of("batching on", "batching off", "a", "b"), written, "batching off again before the async sends");
        assertEquals(Collections.singletonList(null), completions);
    }

    /**
     * A close frame sent while batching is on would wait in the batch's buffer, which the
     * container may never write once closed (docs/containers.md, 29): a close waits for the batch.
     */
    @Test
    void aCloseWaitsUntilAnOpenBatchHasEnded() throws Exception {
        holdAt = "b";
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);
        Thread batching = new Thread(() -> peer.sendDirectly(List.of("a", "b"), completions::add));
        batching.start();
        assertTrue(held.await(10, TimeUnit.SECONDS), "the batch is open");

        Thread closing = new Thread(() -> peer.close(CloseCodes.POLICY_VIOLATION, "kicked"));
        closing.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (closing.getState() != Thread.State.BLOCKED && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertEquals(Thread.State.BLOCKED, closing.getState(), "the close waits for the batch");
        release.countDown();
        batching.join(10_000);
        closing.join(10_000);

        assertEquals(List.of("batching on", "blocking a", "blocking b", "batching off", "close 1008"), written);
    }

    @Test
    void whereDirectWritesDoNotPayADirectSendGoesTheAsyncWay() {
        inline = null;
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, false);

        peer.sendDirectly("a", completions::add);

        assertEquals(List.of("a"), written, "sent through the async remote, not the blocking one");
        assertEquals(List.of(), completions, "in flight");
    }

    @Test
    void aDirectSendTheContainerRefusesOnThisThreadGoesTheAsyncWay() {
        blockingRefusal = new IllegalStateException("blocking call on an I/O thread");
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.sendDirectly("a", completions::add);

        assertEquals(List.of("a"), written, "sent through the async remote");
        assertEquals(1, completions.size());
        assertNull(completions.get(0));
    }

    @Test
    void aSendCompletedLaterOnAnotherThreadIsReportedThereDirectly() throws Exception {
        inline = null;
        SessionPeer peer = new SessionPeer(session(), sendThreads::add, Runnable::run, true);

        peer.send("a", completions::add);
        assertEquals(List.of(), completions, "in flight");
        Thread container = new Thread(() -> pending.remove().onResult(new SendResult()));
        container.start();
        container.join(10_000);

        assertEquals(1, completions.size());
        assertNull(completions.get(0));
        assertTrue(sendThreads.isEmpty(), "no hand-off needed");
    }

    @Test
    void whileTheApplicationStopsACompletionIsReportedInPlace() {
        Executor stopped = task -> {
            throw new RejectedExecutionException("stopped");
        };
        SessionPeer peer = new SessionPeer(session(), stopped, Runnable::run, true);

        for (int i = 0; i < SessionPeer.INLINE_RUN; i++) {
            peer.send("m" + i, completions::add);
        }

        assertEquals(SessionPeer.INLINE_RUN, completions.size(), "the one to hand on was never left waiting");
        assertTrue(completions.stream().allMatch(failure -> failure == null));
    }

    /** A session whose async send records the frame, then completes as {@link #inline} says. */
    private Session session() {
        RemoteEndpoint.Async async = (RemoteEndpoint.Async) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Async.class}, (proxy, method, args) -> {
                    if (method.getName().equals("sendText") && args.length == 2 && args[1] instanceof SendHandler handler) {
                        written.add((String) args[0]);
                        if (inline != null) {
                            handler.onResult(inline);
                        } else {
                            pending.add(handler);
                        }
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        RemoteEndpoint.Basic basic = (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                    if (method.getName().equals("setBatchingAllowed")) {
                        written.add((Boolean) args[0] ? "batching on" : "batching off");
                        return null;
                    }
                    if (method.getName().equals("sendText") && args.length == 1) {
                        if (args[0].equals(holdAt)) {
                            held.countDown();
                            if (!release.await(10, TimeUnit.SECONDS)) {
                                throw new AssertionError("the test never released the held send");
                            }
                        }
                        if (blockingFailure != null) {
                            throw blockingFailure;
                        }
                        if (blockingRefusal != null) {
                            throw blockingRefusal;
                        }
                        written.add("blocking " + args[0]);
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        Map<String, Object> properties = new HashMap<>();
        return (Session) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Session.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getAsyncRemote" -> async;
                    case "getBasicRemote" -> {
                        if (!open) {
                            throw new IllegalStateException("The WebSocket session has been closed");
                        }
                        yield basic;
                    }
                    case "getUserProperties" -> properties;
                    case "getId" -> "s1";
                    case "isOpen" -> open;
                    case "getMaxIdleTimeout" -> 0L;
                    case "close" -> written.add("close " + ((CloseReason) args[0]).getCloseCode().getCode());
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
