package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.websocketchat.entity.Presence;

class TurnoutTest {

    private final Turnout turnout = new Turnout();

    @Test
    void anUpdateMarksTheSignedInAmongTheNamesItCarries() {
        turnout.joined("ana", true, 150);
        turnout.joined("bo", false, 151);
        turnout.left("cy", true, 150);

        assertEquals(Optional.of(new Presence.Update("lobby", 150, 2, 1, List.of("ana", "bo"), List.of("cy"), Set.of("ana"), Set.of("cy"))),
                turnout.drain("lobby"));
    }

    @Test
    void marksOnlyTheNamesItCarriesAndStartsAfreshAfterAnUpdate() {
        for (int i = 0; i < Turnout.NAMED; i++) {
            turnout.joined("m" + i, false, 101 + i);
        }
        turnout.joined("ana", true, 121);
        Presence.Update first = turnout.drain("lobby").orElseThrow();

        assertEquals(Turnout.NAMED + 1, first.joins());
        assertEquals(Set.of(), first.verifiedJoined(), "ana came after the names an update carries");
        assertEquals(Optional.empty(), turnout.drain("lobby"), "nothing since");
        turnout.left("ana", true, 120);
        assertEquals(Optional.of(new Presence.Update("lobby", 120, 0, 1, List.of(), List.of("ana"), Set.of(), Set.of("ana"))),
                turnout.drain("lobby"));
    }
}
