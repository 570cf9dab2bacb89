package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.Moderation;
import org.websocketchat.wire.Frame;

class BacklogTest {

    /** Hears only the waits; every other report is of no interest here. */
    private static final class Waits implements Telemetry {

        final List<Long> waits = new ArrayList<>();

        @Override
        public void waited(long nanos) {
            waits.add(nanos);
        }

        @Override
        public void received() {
        }

        @Override
        public void fannedOut(int deliveries, long nanos) {
        }

        @Override
        public void refused(ErrorCode code) {
        }

        @Override
        public void closed(int code) {
        }

        @Override
        public void evicted() {
        }

        @Override
        public void silent() {
        }

        @Override
        public void relayed(long nanos, boolean failed) {
        }

        @Override
        public void stored(long nanos, boolean failed) {
        }

        @Override
        public void moderated(String room, String by, Moderation.Request request) {
        }
    }

    private final Waits telemetry = new Waits();
    private final Backlog backlog = new Backlog(telemetry);

    private void add(int frames) {
        for (int i = 0; i < frames; i++) {
            backlog.add(Frame.of("frame"));
        }
    }

    private void pollAll() {
        while (backlog.pollText() != null) {
            // taking them is all
        }
    }

    @Test
    void theFirstFrameAndThenOneInSixteenAreTimedAsTheyLeave() {
        add(1);
        assertEquals(List.of(), telemetry.waits, "timed when it leaves, not when it comes");
        pollAll();
        assertEquals(1, telemetry.waits.size());
        add(Backlog.SAMPLE_EVERY);
        pollAll();
        add(Backlog.SAMPLE_EVERY);
        pollAll();
        assertEquals(3, telemetry.waits.size(), "the 16th and the 32nd after the first");
        assertTrue(telemetry.waits.stream().allMatch(nanos -> nanos >= 0));
    }

    @Test
    void oneFrameIsTimedAtATimeAndTheCountStartsWhenItLeaves() {
        add(1 + Backlog.SAMPLE_EVERY * 2);
        pollAll();
        assertEquals(1, telemetry.waits.size(), "the first was still waiting when the others came");
        add(Backlog.SAMPLE_EVERY - 1);
        pollAll();
        assertEquals(1, telemetry.waits.size());
        add(1);
        pollAll();
        assertEquals(2, telemetry.waits.size(), "the 16th frame queued after the timed one left");
    }

    @Test
    void aTimedFrameDroppedUnsentIsNotReportedAndTheNextSampleStillComes() {
        add(1);
        backlog.clear();
        assertEquals(List.of(), telemetry.waits);
        add(Backlog.SAMPLE_EVERY);
        pollAll();
        assertEquals(1, telemetry.waits.size());
    }
}
