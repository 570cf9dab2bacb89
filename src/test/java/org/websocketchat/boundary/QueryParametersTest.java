package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class QueryParametersTest {

    @Test
    void percentEscapesAreUtf8WhateverTheContainerWouldDo() {
        assertEquals(Map.of("name", List.of("  Zoë M. Ñ_1-x  ")),
                QueryParameters.parse("name=%20%20Zo%C3%AB%20M.%20%C3%91_1-x%20%20"));
    }

    @Test
    void plusIsASpaceAndRepeatedNamesKeepEveryValueInOrder() {
        assertEquals(Map.of("name", List.of("ana maria"), "room", List.of("a", "b")),
                QueryParameters.parse("name=ana+maria&room=a&room=b"));
    }

    @Test
    void emptyPartsAndValuelessNames() {
        assertEquals(Map.of("since", List.of(""), "room", List.of("")), QueryParameters.parse("&since&&room="));
        assertEquals(Map.of(), QueryParameters.parse(""));
        assertEquals(Map.of(), QueryParameters.parse(null));
    }

    @Test
    void aMalformedEscapeKeepsTheRawText() {
        assertEquals(Map.of("name", List.of("100%")), QueryParameters.parse("name=100%"));
    }
}
