package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.websocketchat.control.Limits;

/** Messages put together from parts, and the 16 KiB limit counted in UTF-8 as they arrive. */
class TextAssemblerTest {

    private static final int MAX = Limits.MAX_FRAME_BYTES;

    @Test
    void aMessageInOnePartPassesAsItIs() {
        TextAssembler assembler = new TextAssembler();
        String text = "hello";
        assertTrue(assembler.add(text, true).filter(whole -> whole == text).isPresent());
    }

    @Test
    void partsMakeOneMessageAndTheNextStartsAfresh() {
        TextAssembler assembler = new TextAssembler();
        assertEquals(Optional.empty(), assembler.add("hel", false));
        assertEquals(Optional.empty(), assembler.add("lo ", false));
        assertEquals(Optional.of("hello world"), assembler.add("world", true));
        assertEquals(Optional.of("next"), assembler.add("next", true));
        assertFalse(assembler.tooBig());
    }

    @Test
    void asciiUpToTheLimitPassesOneByteMoreIsTooBig() {
        assertEquals(MAX, new TextAssembler().add("x".repeat(MAX), true).orElseThrow().length());
        TextAssembler over = new TextAssembler();
        assertEquals(Optional.empty(), over.add("x".repeat(MAX + 1), true));
        assertTrue(over.tooBig());
    }

    @Test
    void theLimitCountsUtf8BytesNotChars() {
        String threeBytes = "\u20AC"; // €
        assertTrue(new TextAssembler().add(threeBytes.repeat(MAX / 3), true).isPresent());
        TextAssembler euros = new TextAssembler();
        euros.add(threeBytes.repeat(MAX / 3) + "xx", true);
        assertTrue(euros.tooBig());
        String fourBytes = "\uD83D\uDE00"; // one emoji, two chars
        assertTrue(new TextAssembler().add(fourBytes.repeat(MAX / 4), true).isPresent());
        TextAssembler emoji = new TextAssembler();
        emoji.add(fourBytes.repeat(MAX / 4) + "x", true);
        assertTrue(emoji.tooBig());
    }

    @Test
    void aSurrogatePairSplitAcrossPartsCountsFourBytes() {
        TextAssembler assembler = new TextAssembler(8);
        assembler.add("xxx\uD83D", false);
        assertEquals(Optional.of("xxx\uD83D\uDE00x"), assembler.add("\uDE00x", true));
        assertFalse(assembler.tooBig());
    }

    @Test
    void partsOverTheLimitAreRefusedBeforeTheLastOneAndTheRestIsDropped() {
        TextAssembler assembler = new TextAssembler(10);
        assertEquals(Optional.empty(), assembler.add("x".repeat(6), false));
        assertFalse(assembler.tooBig());
        assertEquals(Optional.empty(), assembler.add("x".repeat(5), false));
        assertTrue(assembler.tooBig());
        assertEquals(Optional.empty(), assembler.add("x", true));
        assertEquals(Optional.empty(), assembler.add("y", true));
        assertTrue(assembler.tooBig());
    }
}
