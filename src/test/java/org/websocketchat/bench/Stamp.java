package org.websocketchat.bench;

/**
 * A benchmark message, {@code bench SENDER SEQ NANOTIME}: who sent it and when, by this JVM's
 * {@code System.nanoTime()}, which senders and receivers share. Both servers the benchmark
 * talks to deliver it as {@code NAME: TEXT} in plain text ({@code c3: bench …} from ours,
 * {@code Guest7: bench …} from Tomcat's example, whose HTML filter leaves digits and letters
 * alone), so one reading serves both.
 *
 * @param sender the sending client's index among the senders
 * @param sentAt {@code System.nanoTime()} when it was sent
 */
record Stamp(int sender, long sentAt) {

    private static final String MARK = ": bench ";

    /** The text a sender posts. */
    static String text(int sender, long seq, long now) {
        return "bench " + sender + " " + seq + " " + now;
    }

    /** The stamp of a delivered benchmark message, or {@code null} for any other frame (join and leave notices). */
    static Stamp of(String frame) {
        int mark = frame.indexOf(MARK);
        if (mark < 0) {
            return null;
        }
        int senderStart = mark + MARK.length();
        int sender = Integer.parseInt(frame, senderStart, frame.indexOf(' ', senderStart), 10);
        int stamp = frame.lastIndexOf(' ');
        return new Stamp(sender, Long.parseLong(frame, stamp + 1, frame.length(), 10));
    }
}
