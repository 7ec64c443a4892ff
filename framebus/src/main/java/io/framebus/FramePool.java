package io.framebus;

import io.framebus.internal.MappedChannel;

/**
 * A reader's frame handles, one per frame it may hold, made when it attaches: taking a frame reuses a
 * free handle and never allocates. Unsynchronized, like the reader; handles are freed from any thread.
 */
final class FramePool {
    private final Frame[] handles;
    private final String channelName;
    private final int maxHoldLimit;

    FramePool(ChannelReader reader, MappedChannel channel, int holdLimit) {
        this.handles = new Frame[holdLimit];
        this.channelName = channel.name();
        this.maxHoldLimit = channel.layout().slotCount() - 1;
        SlotViews slotViews = new SlotViews(channel);
        for (int i = 0; i < holdLimit; i++) {
            handles[i] = new Frame(reader, slotViews);
        }
    }

    /** Hands a taken frame to {@code handler} and closes it afterwards, whatever the handler does. */
    static void deliver(FrameHandler handler, Frame frame) {
        try {
            handler.onFrame(frame);
        } finally {
            frame.close();
        }
    }

    /** A handle that holds no frame. */
    Frame free() {
        for (Frame h : handles) {
            if (h.isFree()) {
                return h;
            }
        }
        throw new HoldLimitExceededException("this reader of channel '" + channelName + "' already holds "
                + handles.length + " frames, its hold limit; release a Frame (and its retained references) before"
                + " taking another, or attach with a higher hold limit (at most " + maxHoldLimit + ")");
    }
}
