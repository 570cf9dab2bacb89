package org.websocketchat.entity;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class EventIdTest {

    @Test
    void toStringIsEpochDashSequence() {
        assertEquals("1764000000000-42", new EventId(1_764_000_000_000L, 42).toString());
    }

    @Test
    void parseReadsWhatToStringWrites() {
        EventId id = new EventId(1_764_000_000_000L, 7);

        assertEquals(Optional.of(id), EventId.parse(id.toString()));
    }

    @Test
    void parseAcceptsEpochZero() {
        assertEquals(Optional.of(new EventId(0, 1)), EventId.parse("0-1"));
    }

    @Test
    void parseRejectsAnythingButEpochDashPositiveSequence() {
        assertEquals(Optional.empty(), EventId.parse(null));
        assertAll(Stream.of("", "5", "-1", "a-b", "1-0", "1-", " 1-2", "1-2 ", "1--2", "1-2-3", "99999999999999999999-1")
                .map(text -> () -> assertEquals(Optional.empty(), EventId.parse(text), "parse(\"" + text + "\")")));
    }

    @Test
    void ordersByEpochFirstThenBySequence() {
        EventId oldEpochHighSequence = new EventId(1, 900);
        EventId newEpochFirst = new EventId(2, 1);
        EventId newEpochSecond = new EventId(2, 2);
        List<EventId> ids = new ArrayList<>(List.of(newEpochSecond, oldEpochHighSequence, newEpochFirst));

        Collections.sort(ids);

        assertEquals(List.of(oldEpochHighSequence, newEpochFirst, newEpochSecond), ids);
        assertEquals(0, new EventId(2, 2).compareTo(newEpochSecond));
    }

    @Test
    void nextIncrementsTheSequenceWithinTheEpoch() {
        assertEquals(new EventId(9, 4), new EventId(9, 3).next());
        assertTrue(new EventId(9, 3).next().compareTo(new EventId(9, 3)) > 0);
    }

    @Test
    void constructorRejectsANegativeEpochAndASequenceBelowOne() {
        IllegalArgumentException negativeEpoch = assertThrows(IllegalArgumentException.class, () -> new EventId(-1, 1));
        IllegalArgumentException zeroSequence = assertThrows(IllegalArgumentException.class, () -> new EventId(1, 0));

        assertEquals("invalid event id -1-1", negativeEpoch.getMessage());
        assertEquals("invalid event id 1-0", zeroSequence.getMessage());
    }
}
