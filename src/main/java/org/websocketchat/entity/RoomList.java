package org.websocketchat.entity;

import java.util.List;

/**
 * The directory: the rooms in use and how many are in each, busiest first, at most
 * {@value #MAX_LISTED} of them, and only those the asker may join.
 */
public record RoomList(List<Entry> rooms) implements ServerFrame {

    /** Rooms a directory lists at most: it answers without walking any member, and stays one small frame. */
    public static final int MAX_LISTED = 200;

    public RoomList {
        rooms = List.copyOf(rooms);
    }

    /** A room in use and how many connections are in it. */
    public record Entry(String room, int members) {
    }
}
