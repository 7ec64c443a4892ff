package io.framebus.bridge;

/**
 * What a {@link BridgeReceiver} did.
 *
 * @param received      frames received whole and published on the local channel
 * @param bytes         payload bytes of those frames
 * @param incomplete    frames dropped unpublished: their sender died or went away half-way, or a chunk was missing
 * @param duplicates    frames a sender sent again after a reconnection that were already published
 * @param refused       messages that were not the bridge's, or frames whose metadata was impossible
 * @param sourceSkipped frames the senders said they skipped (a latest sender that fell behind)
 * @param sessions      senders heard (a restarted sender is a new one)
 * @param channels      local channels created (more than one when the source's geometry changed or it closed)
 * @param seconds       from the first frame received to the last
 * @param end           why the receiver stopped: "closed" (with {@code once}, the source closed), "stopped"
 */
public record ReceiverStats(long received, long bytes, long incomplete, long duplicates, long refused,
                            long sourceSkipped, long sessions, long channels, double seconds, String end) {
    /** @return frames per second between the first frame received and the last */
    public double fps() {
        return received > 1 && seconds > 0 ? (received - 1) / seconds : 0;
    }
}
