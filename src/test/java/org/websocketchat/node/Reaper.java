package org.websocketchat.node;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Kills the server processes still running when the JVM that started them exits, so none outlives a build. */
final class Reaper {

    private static final Set<ProcessHandle> RUNNING = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> RUNNING.forEach(ProcessHandle::destroyForcibly)));
    }

    private Reaper() {
    }

    static void watch(ProcessHandle process) {
        RUNNING.add(process);
    }

    static void forget(ProcessHandle process) {
        RUNNING.remove(process);
    }
}
