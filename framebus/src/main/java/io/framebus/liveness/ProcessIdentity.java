package io.framebus.liveness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process named by its pid, its start time (field 22 of {@code /proc/PID/stat}, in clock ticks since
 * boot) and its PID namespace (the inode of {@code /proc/PID/ns/pid}). The pid and start time survive
 * pid reuse: a new process with the same pid has a later start time. Both mean something only in the
 * PID namespace they were read in: a process in a container has other pids than it has on the host.
 *
 * @param pid          the pid, in the process's own PID namespace
 * @param startTime    its start time
 * @param pidNamespace the inode of its PID namespace, 0 if unknown
 */
public record ProcessIdentity(long pid, long startTime, long pidNamespace) {
    private static final ProcessIdentity CURRENT = new ProcessIdentity(ProcessHandle.current().pid(),
            startTimeOf(ProcessHandle.current().pid()), namespaceOf("self"));

    /** @return this process */
    public static ProcessIdentity current() {
        return CURRENT;
    }

    /**
     * @param pid a pid in this process's PID namespace
     * @return the start time of process {@code pid}, or -1 if there is no such process
     */
    public static long startTimeOf(long pid) {
        if (pid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            // The command name (field 2) is in parentheses and may hold spaces or ')'; fields resume after
            // the last ')'.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[19]);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The inode of {@code /proc/<who>/ns/pid} ("pid:[4026531836]"), 0 when it cannot be read. */
    private static long namespaceOf(String who) {
        try {
            String link = Files.readSymbolicLink(Path.of("/proc", who, "ns", "pid")).toString();
            return Long.parseLong(link.substring(link.indexOf('[') + 1, link.indexOf(']')));
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * Whether this identity's pid can be looked up here: it was recorded in this process's PID namespace.
     *
     * @return false when it comes from another PID namespace (a container, {@code unshare --pid})
     */
    public boolean inThisPidNamespace() {
        return pidNamespace == 0 || CURRENT.pidNamespace == 0 || pidNamespace == CURRENT.pidNamespace;
    }

    /**
     * Whether this exact process (same pid, same start time) exists. Meaningful only when
     * {@link #inThisPidNamespace()}; the liveness locks are what decides, in every namespace.
     *
     * @return true while it runs
     */
    public boolean isAlive() {
        return inThisPidNamespace() && startTime >= 0 && startTimeOf(pid) == startTime;
    }
}
