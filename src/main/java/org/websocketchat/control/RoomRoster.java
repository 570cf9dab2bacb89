package org.websocketchat.control;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.websocketchat.entity.MembersPage;

/**
 * Who is in an in-JVM room, under which member key ({@link MemberKeys}): in the order they joined
 * (the order a welcome lists them in) and sorted by key (for the member list's pages). Not
 * thread-safe: its room calls it under its lock.
 */
final class RoomRoster {

    private record Seated(String key, String name) {
    }

    private final Map<String, Connection> inJoinOrder = new LinkedHashMap<>();
    private final NavigableMap<String, Connection> sorted = new TreeMap<>();
    /** Each member's key and its name here: a connection in several rooms may be known by another name in each. */
    private final Map<Connection, Seated> seats = new IdentityHashMap<>();
    /**
     * The members in join order as an array, for {@link #deliver}, made again on the first
     * broadcast after a change ({@code null} until then): walking an array costs a broadcast less
     * than walking the map's entries, and a crowded room whose members come and go by hundreds a
     * second copies it once per broadcast at most, not once per change.
     */
    private Connection[] everyone;
    /** The size as of the last change, published for readers outside the lock. */
    private volatile int count;
    private long verifiedJoins;

    /**
     * The name a newcomer gets: a signed-in user's own; for a guest {@code wanted} or the first
     * free {@code wanted-N} that no member holds, signed in or not.
     */
    String nameFor(Connection member, String wanted) {
        return member.identity().verified() ? wanted : DisplayNames.unique(wanted, key -> MemberKeys.taken(sorted, key));
    }

    /** The guest holding {@code name}, if a guest does. */
    Optional<Connection> guestHolding(String name) {
        return Optional.ofNullable(inJoinOrder.get(DisplayNames.key(name)));
    }

    /** Adds the member under {@code name}, which {@link #nameFor} gave it. */
    void add(Connection member, String name) {
        String key = member.identity().verified() ? MemberKeys.verified(name, Long.toString(++verifiedJoins, 36))
                : DisplayNames.key(name);
        inJoinOrder.put(key, member);
        sorted.put(key, member);
        seats.put(member, new Seated(key, name));
        everyone = null;
        count = seats.size();
    }

    /** False if it was not here. */
    boolean remove(Connection member) {
        Seated seat = seats.remove(member);
        if (seat == null) {
            return false;
        }
        inJoinOrder.remove(seat.key());
        sorted.remove(seat.key());
        everyone = null;
        count = seats.size();
        return true;
    }

    /** The member's name here; {@code null} if it is not here. */
    String nameOf(Connection member) {
        Seated seat = seats.get(member);
        return seat == null ? null : seat.name();
    }

    boolean contains(Connection member) {
        return seats.containsKey(member);
    }

    int size() {
        return seats.size();
    }

    /** {@link #size}, readable on any thread without the room's lock: for the directory. */
    int count() {
        return count;
    }

    Collection<Connection> inJoinOrder() {
        return inJoinOrder.values();
    }

    /** Hands {@code rendering} to every member but {@code except}, in join order, within the current {@link Fanout}. */
    void deliver(Rendering rendering, Connection except) {
        Fanout fanout = Fanout.current();
        if (everyone == null) {
            everyone = inJoinOrder.values().toArray(Connection[]::new);
        }
        for (Connection member : everyone) {
            if (member != except) {
                member.deliver(rendering.in(member.wire()), fanout);
            }
        }
    }

    /** Every connection under {@code name}: a guest's, or each of a signed-in user's. */
    List<Connection> holding(String name) {
        return List.copyOf(sorted.subMap(DisplayNames.key(name), true, MemberKeys.pageAfter(name), true).values());
    }

    /**
     * One page of {@code room}'s member list: at most {@code limit} names after every connection
     * of {@code after} in key order (from the first when empty), with the signed-in among them.
     */
    MembersPage page(String room, Optional<String> after, int limit) {
        Iterator<Connection> rest = after.map(name -> MemberKeys.after(sorted, name)).orElse(sorted).values().iterator();
        List<String> page = new ArrayList<>(Math.min(limit, sorted.size()));
        Set<String> verified = new HashSet<>();
        while (page.size() < limit && rest.hasNext()) {
            Connection next = rest.next();
            page.add(nameOf(next));
            if (next.identity().verified()) {
                verified.add(nameOf(next));
            }
        }
        Optional<String> next = rest.hasNext() ? Optional.of(page.get(page.size() - 1)) : Optional.empty();
        return new MembersPage(room, page, next, sorted.size(), verified);
    }

    List<String> names() {
        List<String> inOrder = new ArrayList<>(inJoinOrder.size());
        for (Connection member : inJoinOrder.values()) {
            inOrder.add(nameOf(member));
        }
        return inOrder;
    }

    /** The names of the signed-in members. */
    Set<String> verifiedNames() {
        Set<String> verified = new HashSet<>();
        for (Connection member : inJoinOrder.values()) {
            if (member.identity().verified()) {
                verified.add(nameOf(member));
            }
        }
        return verified;
    }

    void clear() {
        inJoinOrder.clear();
        sorted.clear();
        seats.clear();
        everyone = null;
        count = 0;
    }
}
