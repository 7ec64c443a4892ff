package io.framebus.bridge;

/**
 * What a {@link BridgeSender} did.
 *
 * @param sent          frames sent whole
 * @param bytes         payload bytes of those frames
 * @param skipped       frames a latest sender passed over to stay on the newest, and frames it skipped while no
 *                      receiver was connected
 * @param abandoned     frames given up half-sent because the receiver went away (a lossless sender sends them
 *                      again once a receiver is back)
 * @param lost          frames a lossless sender missed because the local writer demoted it (its stall budget ran out)
 * @param lastSequence  source sequence of the last frame sent, 0 if none
 * @param disconnects   times the receiver went away
 * @param seconds       from the first frame sent to the last
 * @param end           why the sender stopped: "closed" (the local channel was closed and its close forwarded),
 *                      "stopped"
 */
public record SenderStats(long sent, long bytes, long skipped, long abandoned, long lost, long lastSequence,
                          long disconnects, double seconds, String end) {
    /** @return frames per second between the first frame sent and the last */
    public double fps() {
        return sent > 1 && seconds > 0 ? (sent - 1) / seconds : 0;
    }

    /** @return payload bytes per second, in decimal gigabytes */
    public double gigabytesPerSecond() {
        return sent > 1 && seconds > 0 ? bytes * (sent - 1) / (double) sent / seconds / 1e9 : 0;
    }
}
