package org.websocketchat.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.ClientCommand;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.ErrorReply;
import org.websocketchat.entity.Goodbye;
import org.websocketchat.entity.Help;
import org.websocketchat.entity.MembersPage;
import org.websocketchat.entity.Moderation;
import org.websocketchat.entity.Presence;
import org.websocketchat.entity.RoomList;
import org.websocketchat.entity.ServerFrame;
import org.websocketchat.entity.Typing;
import org.websocketchat.entity.Welcome;

/**
 * Plain mode, for clients that ask for no subprotocol (the seed page, websocat, a terminal):
 * every text frame in is a message; out go {@code NAME: TEXT} lines, notices starting with
 * {@code "* "} and errors starting with {@code "! "}; a frame starting with {@code /} is a command
 * ({@link PlainCommands}). A crowded room's presence is counts only, no names; {@code /who} asks
 * for the first {@value ClientCommand.Members#DEFAULT_LIMIT} members by name, with the signed-in
 * mark. Names and text are HTML-escaped unless
 * configured otherwise, because the seed page appends what it receives with {@code innerHTML}.
 */
public final class PlainWire implements Wire {

    private static final Map<Moderation.Action, String> PAST = Map.of(Moderation.Action.KICK, "kicked", Moderation.Action.MUTE,
            "muted", Moderation.Action.BAN, "banned", Moderation.Action.UNBAN, "unbanned");

    private static final String HELP = "* commands: /who (who is here), /rooms (the rooms in use), /join ROOM (go to ROOM),"
            + " /msg NAME TEXT (to NAME alone), /nick NAME (a guest's new name), /me ACTION (* you ACTION), //TEXT (a message starting with /), /help";
    private static final String MODERATOR_HELP = "; moderators: /kick NAME [REASON], /mute NAME SECONDS [REASON],"
            + " /ban NAME SECONDS [REASON], /unban NAME";

    /** After a signed-in member's name. */
    public static final String MARK = " ✓";

    private final boolean escapeHtml;

    public PlainWire(boolean escapeHtml) {
        this.escapeHtml = escapeHtml;
    }

    @Override
    public ClientCommand read(String frame) {
        return PlainCommands.read(frame);
    }

    /** Typing signals would be noise between the lines of a terminal or the seed page. */
    @Override
    public boolean carries(ServerFrame frame) {
        return !(frame instanceof Typing);
    }

    @Override
    public String write(ServerFrame frame) {
        if (frame instanceof ChatEvent.Message message) {
            return message.action() ? "* " + marked(message.from(), message.verified()) + " " + escape(message.text())
                    : marked(message.from(), message.verified()) + ": " + escape(message.text());
        } else if (frame instanceof ChatEvent.Joined joined) {
            return "* " + marked(joined.name(), joined.verified()) + " joined";
        } else if (frame instanceof ChatEvent.Left left) {
            return "* " + marked(left.name(), left.verified()) + " left";
        } else if (frame instanceof Welcome welcome) {
            String you = "* you are " + marked(welcome.you(), welcome.verified()) + " in #" + welcome.room() + " — ";
            return welcome.listed() ? you + online(welcome.members(), welcome.verifiedMembers()) : you + welcome.count() + " online";
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
            return "* " + online(everyone.members(), everyone.verified());
        } else if (frame instanceof MembersPage page) {
            String line = "* " + page.count() + " in #" + page.room() + ": " + names(page.names(), page.verified());
            int more = page.count() - page.names().size();
            return page.next().isPresent() && more > 0 ? line + " and " + more + " more" : line;
        } else if (frame instanceof Moderation.Notice notice) {
            String done = "* " + escape(notice.name()) + " was " + PAST.get(notice.action())
                    + (notice.action().timed() ? " for " + notice.duration().toSeconds() + " s" : "") + " by " + escape(notice.by());
            return notice.reason().isEmpty() ? done : done + ": " + escape(notice.reason());
        } else if (frame instanceof Moderation.Deleted deleted) {
            return "* a message was deleted by " + escape(deleted.by());
        } else if (frame instanceof RoomList list) {
            StringBuilder line = new StringBuilder("* rooms in use:");
            for (int i = 0; i < list.rooms().size(); i++) {
                RoomList.Entry entry = list.rooms().get(i);
                line.append(i == 0 ? " #" : ", #").append(entry.room()).append(" (").append(entry.members()).append(')');
            }
            return list.rooms().isEmpty() ? "* no rooms in use" : line.toString();
        } else if (frame instanceof Help help) {
            return help.moderator() ? HELP + MODERATOR_HELP : HELP;
        } else if (frame instanceof DirectMessage dm) {
            return "(private) " + marked(dm.from(), dm.verified()) + " → " + escape(dm.to()) + ": " + escape(dm.text());
        } else if (frame instanceof Goodbye goodbye) {
            return goodbye.reason().map(reason -> "* you are out of #" + goodbye.room() + ": " + escape(reason))
                    .orElse("* you left #" + goodbye.room());
        } else if (frame instanceof ErrorReply error) {
            return "! " + escape(error.message());
        }
        throw new IllegalArgumentException("no plain form for " + frame.getClass().getSimpleName());
    }

    private String online(List<String> members, Set<String> verified) {
        return members.size() + " online: " + names(members, verified);
    }

    private String names(List<String> members, Set<String> verified) {
        StringBuilder line = new StringBuilder(members.size() * 12);
        for (int i = 0; i < members.size(); i++) {
            line.append(i == 0 ? "" : ", ").append(marked(members.get(i), verified.contains(members.get(i))));
        }
        return line.toString();
    }

    /**
     * A name as shown, with {@value #MARK} after a signed-in member's: no guest can pick the mark,
     * as guest names hold only letters, digits, spaces and {@code . _ -}.
     */
    private String marked(String name, boolean verified) {
        return verified ? escape(name) + MARK : escape(name);
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
