package io.framebus;

/**
 * A channel file was shrunk while this process had it mapped: another process with write permission
 * on it truncated it (a member of a group channel, or the owner). The memory that was cut off cannot be
 * touched any more, so the channel is unusable for this process; it stays alive, and every further
 * operation on the channel raises this exception again. Close the reader or writer and create or attach
 * to the channel anew. The data file, which the writer and native decoders write frames into, can only
 * be written, and so truncated, by the writer's own user.
 */
public class ChannelTruncatedException extends FramebusException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception without a cause.
     *
     * @param message which file shrank, to what size, and what to do
     */
    public ChannelTruncatedException(String message) {
        super(message);
    }

    /**
     * Creates the exception for the fault that revealed the truncation.
     *
     * @param message which file shrank, to what size, and what to do
     * @param cause   the JVM's report of the fault (an {@link InternalError})
     */
    public ChannelTruncatedException(String message, Throwable cause) {
        super(message, cause);
    }
}
