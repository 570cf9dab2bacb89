package org.websocketchat.relay;

import org.websocketchat.control.Telemetry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.entity.ChatEvent;
import org.websocketchat.node.RedisNode;

/** The wire to a real Redis: chat.lua runs, published events arrive, a lost Redis is reported. */
class RedisLinkTest {

    private static final String CHANNEL = RedisRelay.PREFIX + "events";

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<Throwable> lost = new LinkedBlockingQueue<>();
    private RedisNode redis;
    private RedisLink link;

    @AfterEach
    void stop() throws InterruptedException {
        if (link != null) {
            link.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private void connect() throws Exception {
        redis = RedisNode.start();
        link = new RedisLink(RedisURI.create(redis.uri()), Telemetry.NONE);
        link.connect(CHANNEL, events::add, lost::add);
        link.loadScript();
        link.subscribe(CHANNEL);
    }

    @Test
    void theScriptAnswersAndTheEventItPublishesArrives() throws Exception {
        connect();

        Long reaped = link.evalNow(ScriptOutputType.INTEGER, "beat", RedisRelay.PREFIX, "node-1", "10000", "1");
        List<Object> admission = RedisLink.await(link.eval(ScriptOutputType.MULTI,
                "join", RedisRelay.PREFIX, "lobby", "node-1", "t1", "", "100", "guest", "ana", "ana"));

        assertEquals(0L, reaped, "no node has died yet");
        Replies.Admission ana = Replies.admission("lobby", admission);
        assertEquals("ana", ana.given());
        String published = events.poll(5, TimeUnit.SECONDS);
        assertNotNull(published, "the joined event");
        ChatEvent.Joined joined = (ChatEvent.Joined) ((Published.Event) Published.parse(published).orElseThrow()).event();
        assertEquals(List.of("lobby", "ana", ana.joined()), List.of(joined.room(), joined.name(), joined.id()));
        assertEquals(List.of(), List.copyOf(lost));
    }

    @Test
    void aRedisThatStopsIsReportedLostAndACallFailsAsUnavailable() throws Exception {
        connect();

        redis.stop();

        assertNotNull(lost.poll(5, TimeUnit.SECONDS), "the lost connection reported");
        RelayUnavailableException failed = assertThrows(RelayUnavailableException.class,
                () -> RedisLink.await(link.eval(ScriptOutputType.INTEGER, "beat", RedisRelay.PREFIX, "node-1", "10000", "0")));
        assertTrue(failed.getMessage().startsWith("Redis"), failed.getMessage());
    }
}
