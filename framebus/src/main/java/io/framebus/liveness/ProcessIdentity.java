package io.framebus.liveness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A process named by its pid and its start time (field 22 of {@code /proc/PID/stat}, in clock ticks
 * since boot). The pair survives pid reuse: a new process with the same pid has a later start time.
 */
public record ProcessIdentity(long pid, long startTime) {
    private static final ProcessIdentity CURRENT = new ProcessIdentity(ProcessHandle.current().pid(),
            startTimeOf(ProcessHandle.current().pid()));

    public static ProcessIdentity current() {
        return CURRENT;
    }

    /** The start time of process {@code pid}, or -1 if there is no such process. */
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

    /** True while this exact process (same pid, same start time) exists. */
    public boolean isAlive() {
        return startTime >= 0 && startTimeOf(pid) == startTime;
    }
}
