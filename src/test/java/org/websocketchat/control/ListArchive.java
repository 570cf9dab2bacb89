package org.websocketchat.control;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

import org.websocketchat.entity.ChatEvent;
import org.websocketchat.entity.DirectMessage;
import org.websocketchat.entity.EventId;

/** An archive in a list, which can be made to fail like a database out of reach. */
final class ListArchive implements Archive {

    final List<ChatEvent.Message> messages = new ArrayList<>();
    final List<String> deletedBy = new ArrayList<>();
    boolean down;
    /** While true, batches wait for {@link #answerHeld}, as they wait for a database's commit. */
    boolean holding;
    final List<Runnable> held = new ArrayList<>();
    /** The size of each batch asked for. */
    final List<Integer> batches = new ArrayList<>();
    Consumer<ChatEvent.Message> onAppend = message -> {
    };

    List<String> texts() {
        return messages.stream().map(ChatEvent.Message::text).toList();
    }

    private void check() {
        if (down) {
            throw new Archive.Unavailable("down", null);
        }
    }

    @Override
    public boolean keeps() {
        return true;
    }

    /** Answers at once on the caller's thread, as an archive may; or, while {@link #holding}, when the test says. */
    @Override
    public void append(List<ChatEvent.Message> batch, Consumer<Boolean> done) {
        batches.add(batch.size());
        Runnable answer = () -> {
            if (down) {
                done.accept(false);
                return;
            }
            batch.forEach(onAppend);
            messages.addAll(batch);
            done.accept(true);
        };
        if (holding) {
            held.add(answer);
        } else {
            answer.run();
        }
    }

    /** Answers the batches held so far, oldest first. */
    void answerHeld() {
        List<Runnable> now = List.copyOf(held);
        held.clear();
        now.forEach(Runnable::run);
    }

    @Override
    public boolean delete(String room, EventId id, String by) {
        check();
        deletedBy.add(by);
        return messages.removeIf(message -> message.id().equals(id));
    }

    @Override
    public Page before(String room, Optional<EventId> before, int limit) {
        check();
        List<ChatEvent.Message> older = messages.stream().filter(m -> before.isEmpty() || m.id().compareTo(before.get()) < 0).toList();
        return new Page(older.subList(Math.max(0, older.size() - limit), older.size()), older.size() > limit);
    }

    @Override
    public Optional<List<ChatEvent.Message>> after(String room, EventId since, int max) {
        check();
        if (messages.stream().noneMatch(m -> m.id().equals(since))) {
            return Optional.empty();
        }
        return Optional.of(messages.stream().filter(m -> m.id().compareTo(since) > 0).toList());
    }

    final Map<String, List<DirectMessage>> direct = new HashMap<>();

    @Override
    public void appendDirect(String pair, DirectMessage message) {
        check();
        direct.computeIfAbsent(pair, key -> new ArrayList<>()).add(message);
    }

    @Override
    public List<DirectMessage> newestDirect(String pair, int limit) {
        check();
        List<DirectMessage> all = direct.getOrDefault(pair, List.of());
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    @Override
    public Optional<List<DirectMessage>> directAfter(String pair, EventId since, int max) {
        check();
        List<DirectMessage> all = direct.getOrDefault(pair, List.of());
        if (all.stream().noneMatch(m -> m.id().equals(since))) {
            return Optional.empty();
        }
        return Optional.of(all.stream().filter(m -> m.id().compareTo(since) > 0).toList());
    }
}
