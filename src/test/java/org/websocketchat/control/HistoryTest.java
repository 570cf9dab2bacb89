package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.EventId;

class HistoryTest {

    private static final long EPOCH = 1_764_000_000_000L;
    private static final Instant AT = Instant.parse("2026-11-24T10:00:00Z");

    private static EventId id(long sequence) {
        return new EventId(EPOCH, sequence);
    }

    /** Adds messages "m1", "m2", … with ids 1, 2, … of {@link #EPOCH}. */
    private static History historyWith(int capacity, int messages) {
        History history = new History(capacity);
        for (int i = 1; i <= messages; i++) {
            history.add(id(i), new Rendering(new ChatEvent.Message(id(i), "lobby", "ana", "m" + i, AT)));
        }
        return history;
    }

    private static List<String> texts(List<Rendering> renderings) {
        return renderings.stream().map(r -> ((ChatEvent.Message) r.frame()).text()).toList();
    }

    private static Optional<List<String>> textsAfter(History history, EventId since, EventId lastIssued) {
        return history.after(since, lastIssued).map(HistoryTest::texts);
    }

    @Test
    void allIsOldestFirst() {
        assertEquals(List.of("m1", "m2", "m3"), texts(historyWith(5, 3).all()));
    }

    @Test
    void keepsOnlyTheLastCapacityMessages() {
        assertEquals(List.of("m3", "m4", "m5"), texts(historyWith(3, 5).all()));
    }

    @Test
    void anEmptyHistoryHasNothing() {
        assertEquals(List.of(), new History(3).all());
    }

    @Test
    void afterReturnsExactlyTheLaterMessages() {
        History history = historyWith(10, 5);

        assertEquals(Optional.of(List.of("m3", "m4", "m5")), textsAfter(history, id(2), id(5)));
    }

    @Test
    void afterTheLastIssuedIdIsResumedWithNothingMissed() {
        History history = historyWith(10, 5);

        assertEquals(Optional.of(List.of()), textsAfter(history, id(5), id(5)));
    }

    @Test
    void afterAnIdThatIsNotAMessageStillResumes() {
        // Joined and Left take ids too, so lastIssued may be ahead of the newest message.
        History history = historyWith(10, 3);

        assertEquals(Optional.of(List.of()), textsAfter(history, id(4), id(6)));
    }

    @Test
    void afterTheNewestEvictedIdResumesWithEverythingKept() {
        History history = historyWith(3, 5); // m1, m2 evicted

        assertEquals(Optional.of(List.of("m3", "m4", "m5")), textsAfter(history, id(2), id(5)));
    }

    @Test
    void afterAnIdOlderThanTheEvictedWatermarkIsAGap() {
        History history = historyWith(3, 5);

        assertEquals(Optional.empty(), textsAfter(history, id(1), id(5)));
    }

    @Test
    void afterAnIdBeforeTheFirstMessageReturnsEverythingWhenNothingWasEvicted() {
        // Ids 1 and 2 went to events that are not messages (someone joined, say).
        History history = new History(10);
        for (int i = 3; i <= 5; i++) {
            history.add(id(i), new Rendering(new ChatEvent.Message(id(i), "lobby", "ana", "m" + i, AT)));
        }

        assertEquals(Optional.of(List.of("m3", "m4", "m5")), textsAfter(history, id(1), id(5)));
    }

    @Test
    void afterAnIdOfAnotherEpochIsEmpty() {
        History history = historyWith(10, 3);

        assertEquals(Optional.empty(), textsAfter(history, new EventId(EPOCH - 1, 1), id(3)));
        assertEquals(Optional.empty(), textsAfter(history, new EventId(EPOCH + 1, 1), id(3)));
    }

    @Test
    void afterAnIdNewerThanTheLastIssuedIsEmpty() {
        History history = historyWith(10, 3);

        assertEquals(Optional.empty(), textsAfter(history, id(4), id(3)));
    }

    @Test
    void afterAnythingInARoomThatIssuedNothingIsEmpty() {
        assertEquals(Optional.empty(), new History(10).after(id(1), null));
    }

    @Test
    void capacityZeroKeepsNothing() {
        History history = historyWith(0, 3);

        assertEquals(List.of(), history.all());
    }

    @Test
    void capacityZeroResumesOnlyFromTheLastMessage() {
        History history = historyWith(0, 3);

        assertEquals(Optional.of(List.of()), textsAfter(history, id(3), id(3)));
        assertEquals(Optional.empty(), textsAfter(history, id(2), id(3)));
    }
}
