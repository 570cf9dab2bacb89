package org.websocketchat.it;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import jakarta.json.JsonObject;

/** Messages as the tests compare them: by their texts. */
final class Texts {

    private Texts() {
    }

    /** The client's next {@code count} messages, skipping other frames. */
    static List<JsonObject> messages(ChatClient client, int count) {
        List<JsonObject> messages = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            messages.add(client.nextJson("message"));
        }
        return messages;
    }

    /** The texts of the client's next {@code count} messages. */
    static List<String> next(ChatClient client, int count) {
        return of(messages(client, count));
    }

    /** The texts of the messages of a {@code history} or {@code dms} frame, in its order. */
    static List<String> of(JsonObject page) {
        return of(page.getJsonArray("messages").getValuesAs(JsonObject.class));
    }

    static List<String> of(List<JsonObject> messages) {
        return messages.stream().map(message -> message.getString("text")).toList();
    }

    /** {@code prefix + from} to {@code prefix + to}: m1, m2, … */
    static List<String> numbered(String prefix, int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> prefix + i).toList();
    }
}
