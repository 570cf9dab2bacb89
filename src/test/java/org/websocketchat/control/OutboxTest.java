package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.CloseCodes;
import org.websocketchat.wire.Frame;

class OutboxTest {

    /**
     * Records what the outbox does, in order. Sends stay in flight until the test completes
     * them, unless {@link #completeInline} is set, in which case each send completes before
     * {@code send} returns, as a container may do (with {@link #inlineFailure}, if set).
     */
    static class ManualPeer implements Peer {

        final List<String> log = new ArrayList<>();
        final Deque<Consumer<Throwable>> inFlight = new ArrayDeque<>();
        boolean completeInline;
        Throwable inlineFailure;

        @Override
        public void send(String text, Consumer<Throwable> done) {
            log.add(text);
            if (completeInline) {
                done.accept(inlineFailure);
            } else {
                inFlight.add(done);
            }
        }

        /** A ping is one more frame in flight: the next waits for it. Logged with its payload. */
        @Override
        public void ping(byte[] payload, Consumer<Throwable> done) {
            send("(ping " + new String(payload, StandardCharsets.US_ASCII) + ")", done);
        }

        @Override
        public void close(CloseCodes code, String reason) {
            log.add("(close " + code + " " + reason + ")");
        }

        void completeNext() {
            inFlight.remove().accept(null);
        }

        void failNext(Throwable failure) {
            inFlight.remove().accept(failure);
        }
    }

    private static final Runnable NOTHING = () -> {
    };

    private final ManualPeer peer = new ManualPeer();
    private final List<Throwable> failures = new ArrayList<>();

    private Outbox outbox(int maxFrames, long maxBytes) {
        return new Outbox(peer, maxFrames, maxBytes, failures::add);
    }

    private static byte[] payload(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void theFirstFrameIsSentAtOnce() {
        Outbox outbox = outbox(10, 1000);

        assertTrue(outbox.offer(Frame.of("a")));

        assertEquals(List.of("a"), peer.log);
        assertEquals(0, outbox.queuedFrames());
    }

    @Test
    void aSecondSendStartsOnlyAfterTheFirstCompletes() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));
        outbox.offer(Frame.of("c"));

        assertEquals(List.of("a"), peer.log);
        assertEquals(2, outbox.queuedFrames());

        peer.completeNext();
        assertEquals(List.of("a", "b"), peer.log);
        assertEquals(1, outbox.queuedFrames());

        peer.completeNext();
        assertEquals(List.of("a", "b", "c"), peer.log);
        assertEquals(0, outbox.queuedFrames());

        peer.completeNext();
        assertEquals(List.of("a", "b", "c"), peer.log);
        assertEquals(0, peer.inFlight.size());
    }

    @Test
    void anIdleOutboxSendsAgainWhenTheNextFrameArrives() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        peer.completeNext();

        outbox.offer(Frame.of("b"));

        assertEquals(List.of("a", "b"), peer.log);
    }

    @Test
    void inlineCompletionDrainsALongQueueWithoutRecursion() {
        int frames = 100_000;
        Outbox outbox = outbox(frames, Long.MAX_VALUE);
        // The first send stays in flight, so the rest pile up in the queue...
        for (int i = 0; i < frames; i++) {
            assertTrue(outbox.offer(Frame.of(Integer.toString(i))));
        }
        assertEquals(frames - 1, outbox.queuedFrames());
        // ...and completing it lets one pump call send all of them, each completing inline.
        // Recursing once per frame would end in a StackOverflowError.
        peer.completeInline = true;

        peer.completeNext();

        assertEquals(IntStream.range(0, frames).mapToObj(Integer::toString).toList(), peer.log);
        assertEquals(0, outbox.queuedFrames());
        assertTrue(outbox.offer(Frame.of("after")));
        assertEquals("after", peer.log.get(peer.log.size() - 1));
    }

    @Test
    void overflowByFrameCountDropsTheQueueAndRefusesEverythingAfter() {
        Outbox outbox = outbox(2, 1000);
        assertTrue(outbox.offer(Frame.of("in flight")));
        assertTrue(outbox.offer(Frame.of("queued 1")));
        assertTrue(outbox.offer(Frame.of("queued 2")));
        assertFalse(outbox.isOverflowed());

        assertFalse(outbox.offer(Frame.of("one too many")));

        assertTrue(outbox.isOverflowed());
        assertEquals(0, outbox.queuedFrames());
        assertFalse(outbox.offer(Frame.of("later")));
        peer.completeNext();
        assertEquals(List.of("in flight"), peer.log);
    }

    @Test
    void overflowByByteBudgetCountsUtf8Bytes() {
        // "é" is 2 bytes in UTF-8: 4 + 4 queued bytes fit a budget of 9, 2 more do not.
        Outbox outbox = outbox(100, 9);
        outbox.offer(Frame.of("0"));
        assertTrue(outbox.offer(Frame.of("éé")));
        assertTrue(outbox.offer(Frame.of("éé")));
        assertFalse(outbox.isOverflowed());

        assertFalse(outbox.offer(Frame.of("é")));

        assertTrue(outbox.isOverflowed());
        assertEquals(0, outbox.queuedFrames());
        assertFalse(outbox.offer(Frame.of("x")));
    }

    @Test
    void aFrameExactlyFillingTheByteBudgetIsAccepted() {
        Outbox outbox = outbox(100, 3);
        outbox.offer(Frame.of("0"));

        assertTrue(outbox.offer(Frame.of("abc")));

        assertFalse(outbox.isOverflowed());
        assertEquals(1, outbox.queuedFrames());
    }

    @Test
    void aFrameBiggerThanTheByteBudgetOverflowsEvenAnIdleOutbox() {
        Outbox outbox = outbox(100, 3);

        assertFalse(outbox.offer(Frame.of("abcd")));

        assertTrue(outbox.isOverflowed());
        assertEquals(List.of(), peer.log);
    }

    @Test
    void sentFramesNoLongerCountAgainstTheByteBudget() {
        Outbox outbox = outbox(100, 4);
        outbox.offer(Frame.of("0"));
        outbox.offer(Frame.of("abcd"));
        peer.completeNext(); // "abcd" leaves the queue and goes in flight

        assertTrue(outbox.offer(Frame.of("efgh")));
        assertFalse(outbox.isOverflowed());
    }

    @Test
    void aFailedSendClosesTheOutboxWithoutCallingItAnOverflow() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));

        IOException reset = new IOException("connection reset");
        peer.failNext(reset);

        assertEquals(List.of(reset), failures, "the owner hears of it once");
        assertEquals(List.of("a"), peer.log);
        assertEquals(0, outbox.queuedFrames());
        assertFalse(outbox.offer(Frame.of("c")));
        assertFalse(outbox.isOverflowed());
        assertEquals(List.of("a"), peer.log);
    }

    @Test
    void anInlineFailureStopsTheDrain() {
        peer.completeInline = true;
        peer.inlineFailure = new IOException("broken pipe");
        Outbox outbox = outbox(10, 1000);

        assertTrue(outbox.offer(Frame.of("a")));

        assertFalse(outbox.offer(Frame.of("b")));
        assertEquals(List.of("a"), peer.log);
        assertEquals(List.of(peer.inlineFailure), failures);
    }

    @Test
    void closeDropsTheQueueButLetsTheFrameInFlightFinish() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));

        outbox.close();
        peer.completeNext();

        assertEquals(List.of("a"), peer.log);
        assertFalse(outbox.offer(Frame.of("c")));
        assertFalse(outbox.isOverflowed());
    }

    @Test
    void aPingOnAnIdleOutboxGoesOutAtOnceWithItsPayload() {
        Outbox outbox = outbox(10, 1000);

        assertTrue(outbox.ping(payload("1"), NOTHING));

        assertEquals(List.of("(ping 1)"), peer.log);
    }

    @Test
    void pingsWhileASendIsInFlightWaitInTheirPlaceAmongTheFrames() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));

        assertTrue(outbox.ping(payload("1"), NOTHING));
        outbox.offer(Frame.of("c"));
        assertTrue(outbox.ping(payload("2"), NOTHING));

        assertTrue(outbox.isPingWaiting());
        assertEquals(List.of("a"), peer.log);
        peer.completeNext();
        assertEquals(List.of("a", "b"), peer.log);
        peer.completeNext();
        assertEquals(List.of("a", "b", "(ping 1)"), peer.log);
        assertTrue(outbox.isPingWaiting());
        peer.completeNext();
        peer.completeNext();
        assertEquals(List.of("a", "b", "(ping 1)", "c", "(ping 2)"), peer.log);
        assertFalse(outbox.isPingWaiting(), "ping 2 is in flight, no longer waiting");
        assertEquals(0, outbox.queuedFrames());
    }

    @Test
    void waitingPingsAreNotCountedAgainstTheFrameBudget() {
        Outbox outbox = outbox(2, 1000);
        outbox.offer(Frame.of("a")); // in flight
        outbox.ping(payload("1"), NOTHING);
        outbox.offer(Frame.of("b"));
        outbox.ping(payload("2"), NOTHING);

        assertTrue(outbox.offer(Frame.of("c")));
        assertEquals(2, outbox.queuedFrames());
        assertFalse(outbox.offer(Frame.of("d")));

        assertTrue(outbox.isOverflowed());
    }

    @Test
    void onceTheWaitingPingIsInFlightTheNextOneMayQueue() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.ping(payload("1"), NOTHING);
        peer.completeNext(); // the ping goes in flight

        assertTrue(outbox.ping(payload("2"), NOTHING));
        peer.completeNext();

        assertEquals(List.of("a", "(ping 1)", "(ping 2)"), peer.log);
    }

    @Test
    void thePingPayloadIsCopiedWhenQueued() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        byte[] payload = payload("1");
        outbox.ping(payload, NOTHING);
        payload[0] = 'X';

        peer.completeNext();

        assertEquals(List.of("a", "(ping 1)"), peer.log);
    }

    @Test
    void aFrameOfferedAfterAQueuedPingFollowsIt() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.ping(payload("1"), NOTHING);
        outbox.offer(Frame.of("b"));

        peer.completeNext();
        assertEquals(List.of("a", "(ping 1)"), peer.log, "b waits for the ping in flight");
        peer.completeNext();

        assertEquals(List.of("a", "(ping 1)", "b"), peer.log);
    }

    @Test
    void aClosedOutboxSendsNoPing() {
        Outbox outbox = outbox(10, 1000);
        outbox.close();

        assertFalse(outbox.ping(payload("1"), NOTHING));

        assertEquals(List.of(), peer.log);
    }

    @Test
    void closeDropsTheWaitingPings() {
        Outbox outbox = outbox(10, 1000);
        outbox.offer(Frame.of("a"));
        outbox.ping(payload("1"), NOTHING);
        outbox.offer(Frame.of("b"));
        outbox.ping(payload("2"), NOTHING);

        outbox.close();
        peer.completeNext();

        assertFalse(outbox.isPingWaiting());
        assertEquals(List.of("a"), peer.log);
        assertEquals(0, peer.inFlight.size());
    }

    @Test
    void aSealedOutboxSendsWhatIsQueuedThenRunsTheTaskOnce() {
        Outbox outbox = outbox(10, 1000);
        List<String> ran = new ArrayList<>();
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));

        outbox.seal();
        outbox.whenDrained(() -> ran.add("then"));

        assertFalse(outbox.offer(Frame.of("c")), "nothing new is accepted");
        assertFalse(outbox.isOverflowed());
        assertEquals(List.of(), ran);
        peer.completeNext();
        assertEquals(List.of(), ran, "b is still in flight");
        peer.completeNext();
        assertEquals(List.of("then"), ran);
        assertEquals(List.of("a", "b"), peer.log);
    }

    @Test
    void whenDrainedOnAnIdleOutboxRunsTheTaskAtOnce() {
        Outbox outbox = outbox(10, 1000);
        List<String> ran = new ArrayList<>();
        outbox.seal();

        outbox.whenDrained(() -> ran.add("then"));

        assertEquals(List.of("then"), ran);
    }

    @Test
    void aClosedOutboxDropsTheQueueAndRunsTheTaskOnceTheFrameInFlightCompletes() {
        Outbox outbox = outbox(10, 1000);
        List<String> ran = new ArrayList<>();
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));

        outbox.close();
        outbox.whenDrained(() -> ran.add("then"));

        assertFalse(outbox.offer(Frame.of("c")), "nothing new is accepted");
        assertEquals(List.of(), ran, "a is still in flight");
        peer.completeNext();
        assertEquals(List.of("a"), peer.log, "b was dropped");
        assertEquals(List.of("then"), ran);
    }

    @Test
    void closeDuringADrainDropsTheQueueAndRunsTheTaskWhenTheFrameInFlightCompletes() {
        Outbox outbox = outbox(10, 1000);
        List<String> ran = new ArrayList<>();
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));
        outbox.seal();
        outbox.whenDrained(() -> ran.add("then"));

        outbox.close();
        peer.completeNext();

        assertEquals(List.of("a"), peer.log, "b was dropped");
        assertEquals(List.of("then"), ran);
    }

    @Test
    void aFailedSendDuringADrainStillRunsTheTask() {
        Outbox outbox = outbox(10, 1000);
        List<String> ran = new ArrayList<>();
        outbox.offer(Frame.of("a"));
        outbox.offer(Frame.of("b"));
        outbox.seal();
        outbox.whenDrained(() -> ran.add("then"));

        peer.failNext(new IOException("reset"));

        assertEquals(List.of("a"), peer.log);
        assertEquals(List.of("then"), ran);
    }

    /**
     * A frame the policy allows goes out through the direct send and a ping too, each told the
     * bytes of text handed over before it; the rest go the async way, and a direct send that
     * completes in place lets the pump go straight on.
     */
    @Test
    void framesAndPingsThePolicyAllowsAreSentDirectlyTheRestAsync() {
        List<String> asked = new ArrayList<>();
        ManualPeer peer = new ManualPeer() {
            @Override
            public void sendDirectly(String text, Consumer<Throwable> done) {
                log.add("direct " + text);
                done.accept(null);
            }

            @Override
            public void pingDirectly(byte[] payload, Consumer<Throwable> done) {
                log.add("direct (ping " + new String(payload, StandardCharsets.US_ASCII) + ")");
                done.accept(null);
            }
        };
        Outbox outbox = new Outbox(peer, 10, 1000, (handedBytes, bytes) -> {
            asked.add(handedBytes + "+" + bytes);
            return handedBytes + bytes <= 14;
        }, Telemetry.NONE, failure -> { });

        outbox.offer(new Frame("a", 4));
        outbox.ping("p1".getBytes(StandardCharsets.US_ASCII), () -> { });
        outbox.offer(new Frame("b", 6));
        outbox.offer(new Frame("c", 5));
        outbox.ping("p2".getBytes(StandardCharsets.US_ASCII), () -> { });

        assertEquals(List.of("direct a", "direct (ping p1)", "direct b", "c"), peer.log);
        peer.completeNext();
        assertEquals(List.of("direct a", "direct (ping p1)", "direct b", "c", "(ping p2)"), peer.log,
                "a ping's 10 bytes would go beyond the 14 allowed");
        assertEquals(List.of("0+4", "4+10", "4+6", "10+5", "15+10"), asked);
        assertEquals(15, outbox.handedBytes(), "text only: pings are not counted");
    }

    /** Records direct sends and batches, completing each in place, as a blocking send does. */
    static class BatchingPeer extends ManualPeer {

        @Override
        public void sendDirectly(String text, Consumer<Throwable> done) {
            log.add("direct " + text);
            done.accept(null);
        }

        @Override
        public void sendDirectly(List<String> texts, Consumer<Throwable> done) {
            log.add("batch " + String.join(",", texts));
            done.accept(null);
        }

        @Override
        public void pingDirectly(byte[] payload, Consumer<Throwable> done) {
            log.add("direct (ping " + new String(payload, StandardCharsets.US_ASCII) + ")");
            done.accept(null);
        }
    }

    /** Frames of 100 bytes or more are never direct; the rest always are. */
    private static final DirectWrites SMALL_ONES = (handedBytes, bytes) -> bytes < 100;

    /**
     * Frames that queued behind one in flight go out together once it is done, up to the first
     * ping; the ping follows on its own, and what is behind it forms the next batch, or goes
     * alone if it is one frame.
     */
    @Test
    void framesQueuedBehindOneInFlightGoAsOneBatchUpToTheNextPing() {
        BatchingPeer peer = new BatchingPeer();
        Outbox outbox = new Outbox(peer, 100, 10_000, SMALL_ONES, Telemetry.NONE, failures::add);

        outbox.offer(new Frame("big", 100));
        outbox.offer(new Frame("a", 1));
        outbox.offer(new Frame("b", 1));
        outbox.offer(new Frame("c", 1));
        outbox.ping(payload("p"), NOTHING);
        outbox.offer(new Frame("d", 1));
        peer.completeNext();

        assertEquals(List.of("big", "batch a,b,c", "direct (ping p)", "direct d"), peer.log);
        assertEquals(104, outbox.handedBytes());
        assertEquals(6, outbox.handedOver(), "each frame of a batch counts as handed over");
        assertEquals(0, outbox.queuedBytes());
    }

    @Test
    void aBatchStopsAtTheFirstFrameThePolicyRefusesAndAtMostMaxBatchGoTogether() {
        BatchingPeer peer = new BatchingPeer();
        Outbox outbox = new Outbox(peer, 100, 10_000, SMALL_ONES, Telemetry.NONE, failures::add);

        outbox.offer(new Frame("big", 100));
        for (int i = 0; i < Outbox.MAX_BATCH + 2; i++) {
            outbox.offer(new Frame("m" + i, 1));
        }
        outbox.offer(new Frame("big again", 100));
        peer.completeNext();

        String firstBatch = IntStream.range(0, Outbox.MAX_BATCH).mapToObj(i -> "m" + i).collect(java.util.stream.Collectors.joining(","));
        assertEquals(List.of("big", "batch " + firstBatch, "batch m" + Outbox.MAX_BATCH + ",m" + (Outbox.MAX_BATCH + 1), "big again"),
                peer.log);
    }

    /** Where direct writes are not real, queued frames go one by one, as before. */
    @Test
    void aPeerThatDoesNotWriteDirectlyGetsNoBatches() {
        BatchingPeer peer = new BatchingPeer() {
            @Override
            public boolean writesDirectly() {
                return false;
            }
        };
        Outbox outbox = new Outbox(peer, 100, 10_000, SMALL_ONES, Telemetry.NONE, failures::add);

        outbox.offer(new Frame("big", 100));
        outbox.offer(new Frame("a", 1));
        outbox.offer(new Frame("b", 1));
        peer.completeNext();

        assertEquals(List.of("big", "direct a", "direct b"), peer.log);
    }

    /** A peer without batches of its own sends a batch frame by frame, each once the one before is done. */
    @Test
    void aBatchOnAPeerThatCannotBatchIsSentFrameByFrameAndAFailureStopsIt() {
        ManualPeer peer = new ManualPeer();
        List<Throwable> outcome = new ArrayList<>();

        peer.sendDirectly(List.of("a", "b", "c"), outcome::add);
        assertEquals(List.of("a"), peer.log);
        peer.completeNext();
        assertEquals(List.of("a", "b"), peer.log);
        IOException broken = new IOException("broken pipe");
        peer.failNext(broken);

        assertEquals(List.of("a", "b"), peer.log, "nothing after the failure");
        assertEquals(List.of(broken), outcome);
    }

    @Test
    void aBatchThatFailsClosesTheOutboxAndIsReportedOnce() {
        BatchingPeer peer = new BatchingPeer() {
            @Override
            public void sendDirectly(List<String> texts, Consumer<Throwable> done) {
                super.sendDirectly(texts, failure -> done.accept(new IOException("reset")));
            }
        };
        Outbox outbox = new Outbox(peer, 100, 10_000, SMALL_ONES, Telemetry.NONE, failures::add);

        outbox.offer(new Frame("big", 100));
        outbox.offer(new Frame("a", 1));
        outbox.offer(new Frame("b", 1));
        peer.completeNext();

        assertEquals(1, failures.size());
        assertFalse(outbox.offer(new Frame("c", 1)));
        assertFalse(outbox.isOverflowed());
    }
}
