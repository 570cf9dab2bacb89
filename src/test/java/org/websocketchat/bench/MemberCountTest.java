package org.websocketchat.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class MemberCountTest {

    @Test
    void welcomesGiveTheCountCrowdedOrNot() {
        assertEquals(150, MemberCount.after(MemberCount.UNKNOWN, "* you are c7 in #lobby — 150 online"));
        assertEquals(3, MemberCount.after(MemberCount.UNKNOWN, "* you are c7 in #lobby — 3 online: ana, bo, cy"));
    }

    @Test
    void crowdedUpdatesAndTheListWhenSmallAgainAreAbsolute() {
        assertEquals(152, MemberCount.after(150, "* 152 online: 3 joined, 1 left"));
        assertEquals(149, MemberCount.after(150, "* 149 online: 1 left"));
        assertEquals(150, MemberCount.after(7, "* 150 online"));
        assertEquals(50, MemberCount.after(51, "* 50 online: ana, cy, dee"));
    }

    @Test
    void smallRoomJoinsAndLeavesCountOneByOne() {
        assertEquals(4, MemberCount.after(3, "* cy joined"));
        assertEquals(2, MemberCount.after(3, "* cy left"));
    }

    @Test
    void messagesAndErrorsLeaveTheCountAlone() {
        assertEquals(9, MemberCount.after(9, "c3: bench 0 0 123"));
        assertEquals(9, MemberCount.after(9, "c3: * 5 online"));
        assertEquals(9, MemberCount.after(9, "! message too long (max 2000 characters)"));
    }
}
