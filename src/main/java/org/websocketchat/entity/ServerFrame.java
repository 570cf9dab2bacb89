package org.websocketchat.entity;

/** Everything the server sends to a client, whatever the wire format. */
public sealed interface ServerFrame permits Welcome, Goodbye, ChatEvent, DirectMessage, Conversation, Presence, MembersPage, HistoryPage, ErrorReply, Help, Typing, RoomList,
        Moderation.Notice, Moderation.Deleted {
}
