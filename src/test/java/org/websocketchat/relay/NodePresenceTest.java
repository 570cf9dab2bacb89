package org.websocketchat.relay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.lettuce.core.RedisURI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.node.RedisNode;

/** A node's presence against a real Redis that stops and comes back, empty, on the same port. */
class NodePresenceTest {

    /** A beat is every 2 s; a return is seen at the first beat that finds Redis answering. */
    private static final Duration BACK = NodePresence.BEAT.multipliedBy(3);

    private final AtomicInteger endings = new AtomicInteger();
    private RedisNode redis;
    private RedisLink link;
    private NodePresence presence;

    @AfterEach
    void stop() throws InterruptedException {
        if (presence != null) {
            presence.stop();
        }
        if (link != null) {
            link.stop();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private void start() {
        link = new RedisLink(RedisURI.create(redis.uri()));
        presence = new NodePresence(link, "node-1", RedisRelay.PREFIX + "events", event -> { }, () -> {
            endings.incrementAndGet();
            return 3;
        });
        presence.start();
    }

    @Test
    void aNodeStartedWhileRedisIsDownServesOnceRedisAnswers() throws Exception {
        redis = RedisNode.start();
        redis.stop();

        start();
        assertFalse(presence.isAvailable());
        redis.restart();

        RedisParts.await("available after Redis started", BACK, presence::isAvailable);
        assertEquals(0, endings.get(), "no client was ended: none had been served");
    }

    @Test
    void anOutageEndsTheClientsOnceHoweverOftenItIsFoundAndTheBeatBringsTheNodeBack() throws Exception {
        redis = RedisNode.start();
        start();
        RedisParts.await("available", BACK, presence::isAvailable);

        redis.stop();
        RedisParts.await("unavailable after Redis stopped", BACK, () -> !presence.isAvailable());
        presence.outage(new IllegalStateException("found again by a client's call"));
        assertEquals(1, endings.get());

        redis.restart();
        RedisParts.await("available again", BACK, presence::isAvailable);
        assertEquals(1, endings.get());
    }
}
