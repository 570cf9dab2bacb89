package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.websocketchat.wire.Frame;

class BacklogTest {

    private final List<Long> waits = new ArrayList<>();
    /** Hears only the waits: every other report is of no interest here. */
    private final Telemetry telemetry = (Telemetry) Proxy.newProxyInstance(Telemetry.class.getClassLoader(),
            new Class<?>[] {Telemetry.class}, (proxy, method, args) -> {
                if (method.getName().equals("waited")) {
                    waits.add((Long) args[0]);
                }
                return null;
            });
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
        assertEquals(List.of(), waits, "timed when it leaves, not when it comes");
        pollAll();
        assertEquals(1, waits.size());
        add(Telemetry.WAIT_SAMPLE_EVERY);
        pollAll();
        add(Telemetry.WAIT_SAMPLE_EVERY);
        pollAll();
        assertEquals(3, waits.size(), "the 16th and the 32nd after the first");
        assertTrue(waits.stream().allMatch(nanos -> nanos >= 0));
    }

    @Test
    void oneFrameIsTimedAtATimeAndTheCountStartsWhenItLeaves() {
        add(1 + Telemetry.WAIT_SAMPLE_EVERY * 2);
        pollAll();
        assertEquals(1, waits.size(), "the first was still waiting when the others came");
        add(Telemetry.WAIT_SAMPLE_EVERY - 1);
        pollAll();
        assertEquals(1, waits.size());
        add(1);
        pollAll();
        assertEquals(2, waits.size(), "the 16th frame queued after the timed one left");
    }

    @Test
    void aTimedFrameDroppedUnsentIsNotReportedAndTheNextSampleStillComes() {
        add(1);
        backlog.clear();
        assertEquals(List.of(), waits);
        add(Telemetry.WAIT_SAMPLE_EVERY);
        pollAll();
        assertEquals(1, waits.size());
    }
}
