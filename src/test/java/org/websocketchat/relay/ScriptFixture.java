package org.websocketchat.relay;

import org.websocketchat.control.Telemetry;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.websocketchat.node.RedisNode;

/**
 * chat.lua on a real Redis, started for each test: the script loaded, the events channel
 * subscribed, and one node ({@link #NODE}) registered.
 */
abstract class ScriptFixture {

    static final String NODE = "node-1";

    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    RedisNode redis;
    RedisLink link;

    @BeforeEach
    void start() throws Exception {
        redis = RedisNode.start();
        link = new RedisLink(RedisURI.create(redis.uri()), Telemetry.NONE);
        // A lost Redis fails the calls themselves, which is all these tests need to know of it.
        link.connect(RedisRelay.PREFIX + "events", events::add, lost -> { });
        link.loadScript();
        link.subscribe(RedisRelay.PREFIX + "events");
        link.evalNow(ScriptOutputType.INTEGER, "beat", RedisRelay.PREFIX, NODE, "10000", "1");
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (link != null) {
            link.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Asks chat.lua to pass on that the member of {@code key} holding {@code token} in lobby is typing: 1 if it did. */
    long typing(String token, String key) {
        return RedisLink.<Long>await(link.eval(ScriptOutputType.INTEGER, "typing", RedisRelay.PREFIX, "lobby", NODE, token, key));
    }

    /** The next payload published on the events channel; fails if none comes within 5 s. */
    String nextPayload() throws InterruptedException {
        String payload = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(payload, "a published event");
        return payload;
    }

    /** The same, read. */
    Published next() throws InterruptedException {
        String payload = nextPayload();
        return Published.parse(payload).orElseThrow(() -> new AssertionError(payload));
    }
}
