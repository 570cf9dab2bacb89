package org.websocketchat.control;

/**
 * What a client asked for when it connected. Each field is {@code null} when absent.
 *
 * @param principal the authenticated user's name; when present it is the member's name
 * @param name      the {@code name} query parameter
 * @param room      the {@code room} query parameter
 * @param since     the {@code since} query parameter: the last event id the client saw
 */
public record Handshake(String principal, String name, String room, String since) {
}
