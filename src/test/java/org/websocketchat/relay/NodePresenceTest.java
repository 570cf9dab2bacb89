package org.websocketchat.relay;

import org.websocketchat.control.Telemetry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import io.lettuce.core.RedisURI;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.websocketchat.node.RedisNode;

/** A node's presence against a real Redis that stops and comes back, empty, on the same port. */
class NodePresenceTest {

    /**
     * A return is seen at the first beat (every 2 s) that finds Redis answering; a beat that
     * catches Lettuce before it has noticed the outage waits for its call to time out (5 s) first.
     * The bound is generous because a slow machine must not fail a correct node; a node that never
     * comes back still fails within it.
     */
    private static final Duration BACK = NodePresence.NODE_TTL.multipliedBy(3);

    /** One permit each time the node ends its clients. */
    private final Semaphore endings = new Semaphore(0);
    /** One permit each time the node starts serving. */
    private final Semaphore serving = new Semaphore(0);
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
        link = new RedisLink(RedisURI.create(redis.uri()), Telemetry.NONE);
        presence = new NodePresence(link, "node-1", RedisRelay.PREFIX + "events", event -> { }, () -> {
            endings.release();
            return 3;
        }, serving::release);
        presence.start();
    }

    @Test
    void aNodeStartedWhileRedisIsDownServesOnceRedisAnswers() throws Exception {
        redis = RedisNode.start();
        redis.stop();

        start();
        assertFalse(presence.isAvailable());
        redis.restart();

        assertTrue(serving.tryAcquire(BACK.toMillis(), TimeUnit.MILLISECONDS), "available after Redis started");
        assertTrue(presence.isAvailable());
        assertEquals(0, endings.availablePermits(), "no client was ended: none had been served");
    }

    @Test
    void anOutageEndsTheClientsOnceHoweverOftenItIsFoundAndTheBeatBringsTheNodeBack() throws Exception {
        redis = RedisNode.start();
        start();
        assertTrue(presence.isAvailable(), "the first beat, which start() waits for, found Redis");
        assertTrue(serving.tryAcquire(), "and the node started serving");

        redis.stop();
        assertTrue(endings.tryAcquire(BACK.toMillis(), TimeUnit.MILLISECONDS), "the clients ended after Redis stopped");
        assertFalse(presence.isAvailable());
        presence.outage(new IllegalStateException("found again by a client's call"));
        assertEquals(0, endings.availablePermits(), "ended once");

        redis.restart();
        assertTrue(serving.tryAcquire(BACK.toMillis(), TimeUnit.MILLISECONDS), "available again");
        assertTrue(presence.isAvailable());
        assertEquals(0, endings.availablePermits(), "ended once");
    }
}
