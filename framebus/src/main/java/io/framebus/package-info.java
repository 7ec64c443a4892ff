/**
 * The framebus API: channels of frames and tensors in shared memory, written once and read in place
 * by any number of processes.
 *
 * <ul>
 *   <li>{@link io.framebus.FrameChannel} creates a channel (its {@link io.framebus.ChannelWriter}) or
 *       attaches to one (a {@link io.framebus.ChannelReader}); it also lists, inspects and removes
 *       channels.</li>
 *   <li>The writer claims a slot ({@link io.framebus.FrameClaim}), writes the frame in place, describes
 *       it and publishes it; readers get a {@link io.framebus.Frame} that points at the same slot.</li>
 *   <li>{@link io.framebus.ChannelConfig} and {@link io.framebus.ReaderOptions} say how; every error is
 *       a {@link io.framebus.FramebusException} that says what to do.</li>
 * </ul>
 *
 * <p>Everything here is safe against other processes that crash at any instruction, and against a
 * channel file that a bug or another user corrupted: such a file raises
 * {@link io.framebus.ChannelFormatException}, never a crash.
 */
package io.framebus;
