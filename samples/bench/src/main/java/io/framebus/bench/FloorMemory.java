package io.framebus.bench;

import io.framebus.wait.FutexSignal;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The shared page of the wake-up floor: a small file in {@code /dev/shm} that the waker creates and every
 * sleeper maps read-write, each field on a cache line of its own, like a channel's futex words.
 *
 * <pre>
 *  offset  width  field
 *  0       4 s32  futex word (the waker bumps it, sleepers wait on it)
 *  64      8      sleeper bitmap: bit i set while sleeper i sleeps (framebus's own protocol, FutexSignal)
 *  128     8 s64  sequence of the last wake (the waker stores it after the stamp)
 *  192     8 s64  sleepers attached (each sleeper adds 1: its id)
 *  256     8 s64  ended: 1 once the waker is done
 *  512     8 x 64 stamps: System.nanoTime() of wake s at 512 + 8 (s mod 64), stored before the sequence
 * </pre>
 *
 * This is the bench's own page, not a framebus channel; the wake goes through the same
 * {@link FutexSignal} (sleeper bit, futex word, FUTEX_WAIT and FUTEX_WAKE) that a channel's readers and
 * writer use.
 */
final class FloorMemory implements AutoCloseable {
    static final int MAX_SLEEPERS = 64;
    private static final long SIZE = 4096;
    private static final long WORD = 0;
    private static final long SLEEPERS = 64;
    private static final long SEQUENCE = 128;
    private static final long ATTACHED = 192;
    private static final long ENDED = 256;
    private static final long STAMPS = 512;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena = Arena.ofShared();
    private final MemorySegment page;
    private final Path file;

    private FloorMemory(Path file, boolean create) throws IOException {
        this.file = file;
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (create) {
                channel.truncate(SIZE);
            }
            this.page = channel.map(FileChannel.MapMode.READ_WRITE, 0, SIZE, arena);
        }
    }

    /** The waker's page: a new zeroed file at {@code file}. */
    static FloorMemory create(Path file) throws IOException {
        FloorMemory m = new FloorMemory(file, true);
        m.page.fill((byte) 0);
        return m;
    }

    /** A sleeper's view of the waker's page. */
    static FloorMemory open(Path file) throws IOException {
        return new FloorMemory(file, false);
    }

    /** The futex signal of party {@code sleeperId} (-1 for the waker, who only signals). */
    FutexSignal signal(int sleeperId) {
        return new FutexSignal(page.asSlice(WORD, 4), page.asSlice(SLEEPERS, 8), sleeperId);
    }

    /** Registers a sleeper; returns its id (0, 1, ...). */
    int attach() {
        long id = (long) LONG.getAndAdd(page, ATTACHED, 1L);
        if (id >= MAX_SLEEPERS) {
            throw new IllegalStateException("the wake-up floor supports " + MAX_SLEEPERS + " sleepers");
        }
        return (int) id;
    }

    long attached() {
        return (long) LONG.getVolatile(page, ATTACHED);
    }

    /** The waker: stamp of wake {@code sequence}, then the sequence (volatile), as a writer publishes. */
    void announce(long sequence, long stampNanos) {
        LONG.setVolatile(page, STAMPS + 8 * (sequence & (MAX_SLEEPERS - 1)), stampNanos);
        LONG.setVolatile(page, SEQUENCE, sequence);
    }

    long sequence() {
        return (long) LONG.getVolatile(page, SEQUENCE);
    }

    long stamp(long sequence) {
        return (long) LONG.getVolatile(page, STAMPS + 8 * (sequence & (MAX_SLEEPERS - 1)));
    }

    void end() {
        LONG.setVolatile(page, ENDED, 1L);
    }

    boolean ended() {
        return (long) LONG.getVolatile(page, ENDED) != 0;
    }

    /** Unmaps; the waker also removes the file. */
    void close(boolean remove) {
        arena.close();
        if (remove) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // the bench removes it after the cell as well
            }
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
