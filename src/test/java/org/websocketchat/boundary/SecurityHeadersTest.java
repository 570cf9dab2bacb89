package org.websocketchat.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SecurityHeadersTest {

    @Test
    void theEndpointsOriginsAreNamedForAPlainHost() {
        assertEquals(SecurityHeaders.FIXED_POLICY + "; connect-src 'self' ws://chat.example:8080 wss://chat.example:8080",
                SecurityHeaders.policy("chat.example:8080"));
        assertEquals(SecurityHeaders.FIXED_POLICY + "; connect-src 'self' ws://[::1]:8080 wss://[::1]:8080",
                SecurityHeaders.policy("[::1]:8080"));
    }

    /** A Host header is the client's to write: anything but a plain host and port stays out of the header. */
    @Test
    void aHostThatIsNotPlainIsLeftOutAndSelfAloneRemains() {
        for (String host : new String[] {null, "", "evil.example; script-src *", "a b", "chat.example:8080/x", "chat.example:123456"}) {
            assertEquals(SecurityHeaders.FIXED_POLICY + "; connect-src 'self'", SecurityHeaders.policy(host), String.valueOf(host));
        }
    }
}
