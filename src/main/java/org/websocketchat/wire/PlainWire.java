package org.websocketchat.wire;

import java.util.ArrayList;
import java.util.List;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Welcome;

/**
 * Plain mode, for clients that ask for no subprotocol (the seed page, websocat, a terminal):
 * every text frame in is a message; out go {@code NAME: TEXT} lines, notices starting with
 * {@code "* "} and errors starting with {@code "! "}. A crowded room's presence is counts only,
 * no names; its member list is for JSON clients, who can ask for it. Names and text are HTML-escaped unless
 * configured otherwise, because the seed page appends what it receives with {@code innerHTML}.
 */
public final class PlainWire implements Wire {

    private final boolean escapeHtml;

    public PlainWire(boolean escapeHtml) {
        this.escapeHtml = escapeHtml;
    }

    @Override
    public ClientCommand read(String frame) {
        return new ClientCommand.Say(frame);
    }

    @Override
    public String write(ServerFrame frame) {
        if (frame instanceof ChatEvent.Message message) {
            return escape(message.from()) + ": " + escape(message.text());
        } else if (frame instanceof ChatEvent.Joined joined) {
            return "* " + escape(joined.name()) + " joined";
        } else if (frame instanceof ChatEvent.Left left) {
            return "* " + escape(left.name()) + " left";
        } else if (frame instanceof Welcome welcome) {
            // A signed-in name is marked, as in the page: nobody can pick a mark as part of a guest name.
            String you = "* you are " + escape(welcome.you()) + (welcome.verified() ? " ✓" : "") + " in #" + welcome.room() + " — ";
            return welcome.listed() ? you + online(welcome.members()) : you + welcome.count() + " online";
        } else if (frame instanceof Presence.Update update) {
            List<String> changes = new ArrayList<>(2);
            if (update.joins() > 0) {
                changes.add(update.joins() + " joined");
            }
            if (update.leaves() > 0) {
                changes.add(update.leaves() + " left");
            }
            return "* " + update.count() + " online" + (changes.isEmpty() ? "" : ": " + String.join(", ", changes));
        } else if (frame instanceof Presence.Everyone everyone) {
            return "* " + online(everyone.members());
        } else if (frame instanceof ErrorReply error) {
            return "! " + error.message();
        }
        throw new IllegalArgumentException("no plain form for " + frame.getClass().getSimpleName());
    }

    private String online(List<String> members) {
        return members.size() + " online: " + escape(String.join(", ", members));
    }

    private String escape(String text) {
        if (!escapeHtml) {
            return text;
        }
        StringBuilder escaped = null;
        for (int i = 0; i < text.length(); i++) {
            String entity = switch (text.charAt(i)) {
                case '&' -> "&amp;";
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '"' -> "&quot;";
                case '\'' -> "&#39;";
                default -> null;
            };
            if (entity != null && escaped == null) {
                escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            if (escaped != null) {
                if (entity != null) {
                    escaped.append(entity);
                } else {
                    escaped.append(text.charAt(i));
                }
            }
        }
        return escaped == null ? text : escaped.toString();
    }
}
