package org.websocketchat.control;

import org.websocketchat.entity.ErrorCode;
import org.websocketchat.entity.Moderation;

/**
 * What the chat reports as it runs, to whoever measures it. Each call is made on the thread where
 * the thing happened (a container's, a broadcast's, the heartbeat's, the relay's), often inside a
 * room's lock: an implementation must be cheap, thread-safe, and must never block or throw. Only a
 * moderation request names a member and a room, for the moderators' own dashboard.
 */
public interface Telemetry {

    /** A message or direct message accepted from a client. */
    void received();

    /**
     * A room's message handed to the outboxes of {@code deliveries} members here, {@code nanos}
     * after the room took it (in its lock); the sends then start after the lock is let go.
     */
    void fannedOut(int deliveries, long nanos);

    /** {@link #waited} is heard for one text frame in this many per connection. */
    int WAIT_SAMPLE_EVERY = 16;

    /**
     * A text frame left its outbox for the socket {@code nanos} after it was queued. Heard for a
     * sample: one text frame in {@value #WAIT_SAMPLE_EVERY} per connection, as they come.
     */
    void waited(long nanos);

    /** A client's request answered with an error rather than carried out. */
    void refused(ErrorCode code);

    /** A connection ended, with the close code the container reported. */
    void closed(int code);

    /** A connection closed for falling behind: its outbox overflowed, or it stopped reading. */
    void evicted();

    /** A connection ended because it stopped answering pings. */
    void silent();

    /** A call to the relay (Redis) came back after {@code nanos}, or failed. */
    void relayed(long nanos, boolean failed);

    /** A write to the archive (the database) came back after {@code nanos}, or failed. */
    void stored(long nanos, boolean failed);

    /** Moderator {@code by} asked for {@code request} in {@code room}, whatever comes of it. */
    void moderated(String room, String by, Moderation.Request request);

    /** Reports nothing: for tests, and wherever nobody measures. */
    Telemetry NONE = new Telemetry() {
        @Override
        public void received() {
        }

        @Override
        public void fannedOut(int deliveries, long nanos) {
        }

        @Override
        public void waited(long nanos) {
        }

        @Override
        public void refused(ErrorCode code) {
        }

        @Override
        public void closed(int code) {
        }

        @Override
        public void evicted() {
        }

        @Override
        public void silent() {
        }

        @Override
        public void relayed(long nanos, boolean failed) {
        }

        @Override
        public void stored(long nanos, boolean failed) {
        }

        @Override
        public void moderated(String room, String by, Moderation.Request request) {
        }
    };
}
