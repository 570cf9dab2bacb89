package org.websocketchat.control;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;

import org.junit.jupiter.api.Test;

class OriginPolicyTest {

    private final OriginPolicy none = new OriginPolicy(Set.of());
    private final OriginPolicy listed = new OriginPolicy(Set.of("https://allowed.example", "http://localhost:3000"));

    @Test
    void aClientWithoutOriginIsAllowed() {
        assertTrue(none.allows(null, "chat.example.com"));
        assertTrue(none.allows(null, null));
        assertTrue(none.allowsOnAnyHost(null));
    }

    @Test
    void aListedOriginIsAllowedOnAnyHost() {
        assertTrue(listed.allows("https://allowed.example", "chat.example.com"));
        assertTrue(listed.allows("http://localhost:3000", "chat.example.com"));
        assertTrue(listed.allowsOnAnyHost("https://allowed.example"));
    }

    @Test
    void aListedOriginMatchesCaseInsensitively() {
        assertTrue(listed.allows("HTTPS://Allowed.Example", "chat.example.com"));
    }

    @Test
    void anUnlistedOriginIsRefusedOnAnotherHost() {
        assertFalse(listed.allows("https://evil.example", "chat.example.com"));
        assertFalse(listed.allowsOnAnyHost("https://evil.example"));
        assertFalse(listed.allows("https://allowed.example:8443", "chat.example.com"));
        assertFalse(listed.allows("http://allowed.example", "chat.example.com"));
    }

    @Test
    void aStarAllowsAnyOrigin() {
        OriginPolicy any = new OriginPolicy(Set.of("*"));

        assertTrue(any.allows("https://evil.example", "chat.example.com"));
        assertTrue(any.allows("null", null));
        assertTrue(any.allowsOnAnyHost("not even a url"));
    }

    @Test
    void theNullOriginOfAPageFromDiskIsAllowedOnlyWhenListed() {
        assertFalse(none.allows("null", "chat.example.com"));
        assertTrue(new OriginPolicy(Set.of("null")).allows("null", "chat.example.com"));
    }

    @Test
    void thePageOfTheSameHostAndExplicitPortIsAllowed() {
        assertTrue(none.allows("http://chat.example.com:8080", "chat.example.com:8080"));
        assertTrue(none.allows("https://chat.example.com:8443", "chat.example.com:8443"));
    }

    @Test
    void theHostMatchesCaseInsensitively() {
        assertTrue(none.allows("http://Chat.Example.com:8080", "CHAT.example.COM:8080"));
    }

    @Test
    void aHostWithoutPortMeansPort80ForHttpPages() {
        assertTrue(none.allows("http://chat.example.com", "chat.example.com"));
        assertTrue(none.allows("http://chat.example.com:80", "chat.example.com"));
        assertTrue(none.allows("http://chat.example.com", "chat.example.com:80"));
        assertFalse(none.allows("http://chat.example.com:8080", "chat.example.com"));
    }

    @Test
    void aHostWithoutPortMeansPort443ForHttpsPages() {
        assertTrue(none.allows("https://chat.example.com", "chat.example.com"));
        assertTrue(none.allows("https://chat.example.com:443", "chat.example.com"));
        assertTrue(none.allows("https://chat.example.com", "chat.example.com:443"));
        assertFalse(none.allows("https://chat.example.com", "chat.example.com:80"));
    }

    @Test
    void aDifferentPortIsRefused() {
        assertFalse(none.allows("http://chat.example.com:8081", "chat.example.com:8080"));
        assertFalse(none.allows("http://chat.example.com", "chat.example.com:8080"));
    }

    @Test
    void aDifferentHostIsRefused() {
        assertFalse(none.allows("http://evil.example:8080", "chat.example.com:8080"));
        assertFalse(none.allows("http://chat.example.com.evil.example", "chat.example.com"));
        assertFalse(none.allows("http://example.com", "chat.example.com"));
    }

    @Test
    void aSameHostOriginIsNotAllowedOnAnyHost() {
        // checkOrigin only knows the Host when the container lets it; without it, this must say no.
        assertFalse(none.allowsOnAnyHost("http://chat.example.com"));
    }

    @Test
    void aGarbageOriginIsRefused() {
        assertFalse(none.allows("not a url", "chat.example.com"));
        assertFalse(none.allows("http://", "chat.example.com"));
        assertFalse(none.allows("::::", "chat.example.com"));
        assertFalse(none.allows("", "chat.example.com"));
        assertFalse(none.allows("chat.example.com", "chat.example.com"));
    }

    @Test
    void aMissingHostRefusesUnlistedOrigins() {
        assertFalse(none.allows("http://chat.example.com", null));
        assertTrue(listed.allows("https://allowed.example", null));
    }
}
