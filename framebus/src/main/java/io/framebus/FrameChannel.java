package io.framebus;

import io.framebus.internal.ChannelAdmin;
import io.framebus.internal.ReaderOpener;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Entry point: create a channel (as its writer), attach to one (as a reader), and administer
 * channels on this host.
 *
 * <pre>{@code
 * // process 1
 * ChannelWriter writer = FrameChannel.create(ChannelConfig.of("camera0", 6_220_800));
 * // process 2, 3, ...
 * ChannelReader reader = FrameChannel.attach("camera0", ReaderOptions.latest());
 * }</pre>
 */
public final class FrameChannel {
    private FrameChannel() {
    }

    /**
     * Creates channel {@code config.name()} and becomes its writer, or takes over the channel of a
     * dead writer of the same name and geometry (readers still attached carry on).
     *
     * @param config the geometry and placement
     * @return the writer; closing it closes the channel and removes its file
     * @throws ChannelBusyException           when a live writer already has it
     * @throws InsufficientSpaceException     when the directory cannot hold it (the message says how to fix it)
     * @throws HugePagesUnavailableException  when an explicitly requested huge-page backing is unavailable
     */
    public static ChannelWriter create(ChannelConfig config) {
        return ChannelWriter.create(config);
    }

    /**
     * Attaches a reader to channel {@code name}, waiting up to {@code options.attachTimeout()} for it
     * to appear.
     *
     * @param name    the channel
     * @param options how to read
     * @return the reader; closing it detaches
     * @throws ChannelNotFoundException      when it does not appear in time
     * @throws TooManyReadersException       when all reader rows are taken by live readers
     * @throws ChannelAccessDeniedException  when the file's permissions exclude this user
     * @throws ChannelFormatException        when the file is not a valid channel
     */
    public static ChannelReader attach(String name, ReaderOptions options) {
        return ChannelReader.attach(name, options);
    }

    /** Frames {@link #warmUp()} publishes: enough for the JIT's optimising compiler on every hot method. */
    public static final int DEFAULT_WARMUP_FRAMES = 20_000;

    /**
     * {@link #warmUp(int)} with {@value #DEFAULT_WARMUP_FRAMES} frames: 0.9 s in a new JVM on a 2-core
     * machine, 0.3 s once framebus's classes are loaded and compiled.
     *
     * @return how long it took
     */
    public static Duration warmUp() {
        return warmUp(DEFAULT_WARMUP_FRAMES);
    }

    /**
     * Runs framebus's hot path {@code frames} times in this JVM, before the first real frame, so that the JIT
     * has compiled it: the claim, the frame's description and publish, the wake-up of a sleeping reader, the
     * take of a lossless and of a latest reader, each way of waiting (the futex, adaptive, an idle strategy),
     * and the release. It publishes on the calling thread to three reader threads, on a private channel of
     * 4 KiB slots in {@code /dev/shm} that it removes afterwards
     * (if the process dies during it, {@link #gc(Path)} removes it like any channel of a dead writer).
     *
     * <p>Without it, a reader that takes few frames a second runs interpreted or lightly compiled code
     * for minutes: at 30 frames/s, the JIT's thresholds are reached only after some thousands of frames.
     * Measured on 1080p frames paced at 30/s, 1 reader: publish to take 126 us before the JIT compiled
     * the take path and 77 us after it. Call it once per process, in the writer and in each reader.
     *
     * @param frames frames to publish, at least 1
     * @return how long it took
     * @throws IllegalArgumentException when {@code frames} is below 1
     * @throws IllegalStateException    when the private channel fails (the cause says why)
     */
    public static Duration warmUp(int frames) {
        return HotPathWarmup.run(frames);
    }

    /**
     * A snapshot of channel {@code name}: geometry, writer, readers, slots. Never blocks on the channel,
     * never creates a reader row.
     *
     * @param name      the channel
     * @param directory where it is, or null for the search path
     * @return what the file holds now
     */
    public static ChannelSnapshot inspect(String name, Path directory) {
        return ChannelAdmin.inspect(name, directory);
    }

    /**
     * Lists the channel files of one directory, or of the whole search path ({@link #searchPath(Path)}), with a
     * short summary of each: what {@code framebus ls} shows. Reads the files without attaching.
     *
     * @param directory a channel directory, or null for every one
     * @return the channels found there
     */
    public static List<ChannelSnapshot.Summary> list(Path directory) {
        return ChannelAdmin.list(directory);
    }

    /**
     * Removes channel {@code name}'s file. Refuses while its writer is alive unless {@code force}.
     *
     * @param name      the channel
     * @param directory where it is, or null for the search path
     * @param force     remove it even while its writer is alive
     * @return true if a file was removed
     */
    public static boolean remove(String name, Path directory, boolean force) {
        return ChannelAdmin.remove(name, directory, force);
    }

    /**
     * Removes the files of channels whose writer is dead.
     *
     * @param directory the directory to clean, or null for every channel directory
     * @return the names removed
     */
    public static List<String> gc(Path directory) {
        return ChannelAdmin.gc(directory);
    }

    /**
     * Removes the files of channels whose writer is dead, among the channels whose name starts with
     * {@code namePrefix}, and the temporary files that dead creators of such channels left; for a tool
     * that names its channels after itself and cleans up after its own processes.
     *
     * @param directory  the directory to clean, or null for every channel directory
     * @param namePrefix the start of the names to look at (characters allowed in a channel name)
     * @return the names removed: channel names, or file names for temporary leftovers
     * @throws InvalidChannelNameException when {@code namePrefix} has characters a name may not have
     */
    public static List<String> gc(Path directory, String namePrefix) {
        return ChannelAdmin.gc(directory, namePrefix);
    }

    /**
     * The directories where channels are looked for, in order: {@code directory} alone if given, else
     * {@code $FRAMEBUS_DIR} alone if set, else every writable hugetlbfs mount, every tmpfs mounted with
     * {@code huge=}, and {@code /dev/shm}.
     *
     * @param directory an explicit directory, or null
     * @return the search path
     */
    public static List<Path> searchPath(Path directory) {
        return ReaderOpener.searchPath(directory);
    }
}
