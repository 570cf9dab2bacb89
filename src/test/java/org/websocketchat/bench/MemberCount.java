package org.websocketchat.bench;

/**
 * The room's member count as a plain-mode client reads it from the presence lines (README,
 * "Crowded rooms"): the welcome ({@code * you are c1 in #lobby — 150 online}, or {@code — 3 online:
 * ana, bo, cy} in a small room), a crowded room's update ({@code * 152 online: 3 joined, 1 left}),
 * the list when it is small again ({@code * 50 online: ana, cy, …}) and a small room's one-by-one
 * {@code * cy joined} and {@code * cy left}.
 *
 * <p>Names may hold digits and spaces, so a name such as {@code 5 online} would read as a count;
 * the benchmark's own names ({@code c0}, {@code c1}, …) never do.
 */
final class MemberCount {

    /** The count a client does not know yet: no welcome has come. */
    static final int UNKNOWN = -1;

    private static final String WELCOME = "* you are ";
    private static final String COUNT_AFTER = " — ";
    private static final String ONLINE = " online";

    private MemberCount() {
    }

    /** The count after {@code frame}, given the count before it; {@code previous} for any frame that is not presence. */
    static int after(int previous, String frame) {
        if (!frame.startsWith("* ")) {
            return previous;
        }
        if (frame.startsWith(WELCOME)) {
            int count = frame.indexOf(COUNT_AFTER);
            return count < 0 ? previous : countAt(frame, count + COUNT_AFTER.length(), previous);
        }
        int count = countAt(frame, 2, UNKNOWN);
        if (count != UNKNOWN) {
            return count;
        }
        if (frame.endsWith(" joined")) {
            return previous + 1;
        }
        return frame.endsWith(" left") ? previous - 1 : previous;
    }

    /** The number at {@code start} if {@code " online"} follows it, else {@code otherwise}. */
    private static int countAt(String frame, int start, int otherwise) {
        int end = start;
        while (end < frame.length() && Character.isDigit(frame.charAt(end))) {
            end++;
        }
        if (end == start || !frame.startsWith(ONLINE, end)) {
            return otherwise;
        }
        return Integer.parseInt(frame, start, end, 10);
    }
}
