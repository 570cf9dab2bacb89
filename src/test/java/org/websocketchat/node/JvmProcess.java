package org.websocketchat.node;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a server's JVM costs, read from outside by its PID: CPU time, live heap (through
 * {@code jcmd}, no network port), resident memory and threads (from {@code /proc}, Linux). The
 * same figures for every container, so that a benchmark compares like with like.
 */
public final class JvmProcess {

    /** JDK 17: "garbage-first heap   total 34816K, used 8571K"; JDK 25 adds "reserved …, committed". */
    private static final Pattern HEAP_USED = Pattern.compile("heap\\s+total [^\\n]*?used (\\d+)K");

    private final ProcessHandle handle;

    JvmProcess(ProcessHandle handle) {
        this.handle = handle;
    }

    public long pid() {
        return handle.pid();
    }

    /** CPU time the server process has used so far (all its threads). */
    public Duration cpuTime() {
        return handle.info().totalCpuDuration().orElseThrow(() -> new IllegalStateException("no CPU time for " + pid()));
    }

    /** Live heap after a full collection, in bytes. */
    public long liveHeapBytes() throws IOException, InterruptedException {
        jcmd("GC.run");
        String info = jcmd("GC.heap_info");
        Matcher used = HEAP_USED.matcher(info);
        if (!used.find()) {
            throw new IllegalStateException("no heap figure in: " + info);
        }
        return Long.parseLong(used.group(1)) * 1024;
    }

    /** Resident set size of the server process, in bytes. */
    public long residentBytes() throws IOException {
        return procStatus("VmRSS:") * 1024;
    }

    /** The server process's threads as Linux counts them: the JVM's own (GC, compiler) as well as Java's. */
    public long threadCount() throws IOException {
        return procStatus("Threads:");
    }

    /** The names of the server's Java threads, from a thread dump. */
    public List<String> threadNames() throws IOException, InterruptedException {
        // Each thread's entry starts with its quoted name: "chat-send-1" #42 daemon prio=5 …
        return jcmd("Thread.print").lines().filter(line -> line.startsWith("\""))
                .map(line -> line.substring(1, line.indexOf('"', 1))).toList();
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process run = new ProcessBuilder(jcmd.toString(), Long.toString(pid()), command).redirectErrorStream(true).start();
        String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!run.waitFor(60, TimeUnit.SECONDS) || run.exitValue() != 0) {
            run.destroyForcibly();
            throw new IOException("jcmd " + command + " failed: " + output);
        }
        return output;
    }

    /** The number in a line of {@code /proc/PID/status}, such as {@code VmRSS:   86016 kB}. */
    private long procStatus(String key) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid()), "status"))) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).replaceAll("\\D", ""));
            }
        }
        throw new IllegalStateException("no " + key + " for " + pid());
    }
}
