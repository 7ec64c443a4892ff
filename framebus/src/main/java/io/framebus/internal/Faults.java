package io.framebus.internal;

import io.framebus.ChannelTruncatedException;
import io.framebus.memory.ChannelFile;

/**
 * Turns the JVM's report of a fault in a mapping ({@code InternalError: a fault occurred in an unsafe
 * memory access operation}, what a SIGBUS in Java code becomes) into a typed error that says which of
 * the channel's files was truncated. The JVM survives the fault; the channel does not.
 */
public final class Faults {
    private Faults() {
    }

    /**
     * @param channel the channel whose mapping faulted
     * @param fault   the JVM's report
     * @return the typed error to throw
     * @throws InternalError {@code fault} itself, when it is not a memory-access fault
     */
    public static ChannelTruncatedException truncated(MappedChannel channel, InternalError fault) {
        String message = fault.getMessage();
        if (message == null || !message.contains("unsafe memory access")) {
            throw fault;
        }
        return new ChannelTruncatedException("channel '" + channel.name() + "' was truncated while mapped: "
                + describe(channel.file(), channel.layout().controlSize()) + "; "
                + describe(channel.dataFile(), channel.layout().dataSize()) + ". A process with write permission "
                + "shrank it; this channel is unusable here. Close it, then create or attach to it anew.", fault);
    }

    private static String describe(ChannelFile file, long expected) {
        try {
            long size = file.stat().size();
            return file.path().getFileName() + " is " + size + " bytes" + (size < expected ? " (was " + expected
                    + ")" : "");
        } catch (RuntimeException e) {
            return file.path().getFileName() + " cannot be examined";
        }
    }
}
