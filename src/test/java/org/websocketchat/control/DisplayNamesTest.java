package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class DisplayNamesTest {

    private static Set<String> taken(String... names) {
        return Stream.of(names).map(DisplayNames::key).collect(Collectors.toCollection(HashSet::new));
    }

    private static int codePoints(String text) {
        return text.codePointCount(0, text.length());
    }

    @Test
    void memberTrimsSurroundingWhitespace() {
        assertEquals(Optional.of("ana"), DisplayNames.member("  ana \t"));
    }

    @Test
    void memberNormalisesToNfc() {
        // "e" + COMBINING ACUTE ACCENT becomes the single code point "é"
        assertEquals(Optional.of("Am\u00e9lie"), DisplayNames.member("Ame\u0301lie"));
    }

    @Test
    void memberCountsLengthAfterNormalising() {
        String decomposed = "e\u0301".repeat(32); // 64 code points, 32 once composed

        assertEquals(Optional.of("\u00e9".repeat(32)), DisplayNames.member(decomposed));
    }

    @Test
    void memberAcceptsUnicodeLettersDigitsSpacesAndDotUnderscoreHyphen() {
        assertAll(Stream.of("Zoë", "Σωκράτης", "李小龍", "Ана 2", "a.b_c-d", "٣٤", "Mary Ann")
                .map(name -> () -> assertEquals(Optional.of(name), DisplayNames.member(name), name)));
    }

    @Test
    void memberAcceptsThirtyTwoCodePointsEvenOutsideTheBasicPlane() {
        String scriptA = "\uD835\uDC9C"; // U+1D49C MATHEMATICAL SCRIPT CAPITAL A, a letter
        assertEquals(Optional.of("a".repeat(32)), DisplayNames.member("a".repeat(32)));
        assertEquals(Optional.of(scriptA.repeat(32)), DisplayNames.member(scriptA.repeat(32)));
    }

    @Test
    void memberRejectsThirtyThreeCodePoints() {
        assertEquals(Optional.empty(), DisplayNames.member("a".repeat(33)));
        assertEquals(Optional.empty(), DisplayNames.member("\uD835\uDC9C".repeat(33)));
    }

    @Test
    void memberRejectsEmptyAndBlank() {
        assertEquals(Optional.empty(), DisplayNames.member(""));
        assertEquals(Optional.empty(), DisplayNames.member("   "));
    }

    @Test
    void memberRejectsControlCharactersMarkupAndOtherSymbols() {
        assertAll(Stream.of("a\u0000b", "a\u0007b", "a\tb", "a\nb", "a\u007fb", "<b>", "a<b", "ana@example", "a&b", "a'b", "a\"b", "a/b", "😀")
                .map(name -> () -> assertEquals(Optional.empty(), DisplayNames.member(name), name)));
    }

    @Test
    void roomLowerCases() {
        assertEquals(Optional.of("dev-ops_2"), DisplayNames.room("Dev-Ops_2"));
    }

    @Test
    void roomAcceptsOneToThirtyTwoOfTheAllowedCharacters() {
        assertEquals(Optional.of("a"), DisplayNames.room("a"));
        assertEquals(Optional.of("x".repeat(32)), DisplayNames.room("x".repeat(32)));
    }

    @Test
    void roomRejectsEverythingElse() {
        assertAll(Stream.of("", "x".repeat(33), "my room", "café", "a.b", "a/b", "#lobby", "<b>")
                .map(room -> () -> assertEquals(Optional.empty(), DisplayNames.room(room), room)));
    }

    @Test
    void uniqueKeepsAFreeName() {
        assertEquals("ana", DisplayNames.unique("ana", taken("bo")::contains));
    }

    @Test
    void uniqueNumbersATakenNameFromTwo() {
        assertEquals("ana-2", DisplayNames.unique("ana", taken("ana")::contains));
        assertEquals("ana-3", DisplayNames.unique("ana", taken("ana", "ana-2")::contains));
    }

    @Test
    void uniqueComparesCaseInsensitively() {
        assertEquals("ANA-2", DisplayNames.unique("ANA", taken("ana")::contains));
        assertEquals("Ana-3", DisplayNames.unique("Ana", taken("aNa", "ANA-2")::contains));
    }

    @Test
    void uniqueShortensALongNameSoTheSuffixFits() {
        String longest = "a".repeat(32);

        String second = DisplayNames.unique(longest, taken(longest)::contains);

        assertEquals("a".repeat(30) + "-2", second);
    }

    @Test
    void uniqueShortensFurtherForALongerSuffix() {
        String longest = "b".repeat(32);
        Set<String> taken = taken(longest);
        for (int n = 2; n <= 9; n++) {
            taken.add("b".repeat(30) + "-" + n);
        }

        String tenth = DisplayNames.unique(longest, taken::contains);

        assertEquals("b".repeat(29) + "-10", tenth);
    }

    @Test
    void uniqueShortensByCodePointsNeverSplittingASurrogatePair() {
        String scriptA = "\uD835\uDC9C";
        String longest = scriptA.repeat(32);

        String second = DisplayNames.unique(longest, taken(longest)::contains);

        assertEquals(scriptA.repeat(30) + "-2", second);
        assertEquals(32, codePoints(second));
    }

    @Test
    void guestIsGuestDashFourDigits() {
        Pattern guest = Pattern.compile("guest-\\d{4}");
        Random random = new Random(7);
        for (int i = 0; i < 1_000; i++) {
            String name = DisplayNames.guest(random);
            assertTrue(guest.matcher(name).matches(), name);
        }
    }

    @Test
    void guestCoversTheLowestAndHighestNumbers() {
        assertEquals("guest-1000", DisplayNames.guest(() -> 0L));
        assertEquals("guest-9999", DisplayNames.guest(new Random() {
            @Override
            public int nextInt(int bound) {
                return bound - 1;
            }
        }));
    }

    @Test
    void candidatesAreTheNamesUniqueTriesInOrder() {
        assertEquals("ana", DisplayNames.candidate("ana", 1));
        assertEquals("ana-2", DisplayNames.candidate("ana", 2));
        assertEquals("ana-17", DisplayNames.candidate("ana", 17));
        String longest = "a".repeat(DisplayNames.MAX_LENGTH);
        assertEquals("a".repeat(DisplayNames.MAX_LENGTH - 3) + "-10", DisplayNames.candidate(longest, 10));
    }
}
