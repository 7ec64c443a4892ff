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
 *  320     4 s32  space futex word (the loaded floor: sleepers bump it when the waker waits for them)
 *  384     8      space bitmap: bit 0 set while the waker waits for a sleeper to finish a frame
 *  448     8 s64  payload slots (the loaded floor; 0 for the bare floor)
 *  456     8 s64  payload bytes of each slot
 *  512     8 x 64 stamps: System.nanoTime() of wake s at 512 + 8 (s mod 64), stored before the sequence
 *  4096    64 x 64 done: the last sequence sleeper i finished its work on, at 4096 + 64 i (the loaded floor)
 *  2 MiB   slots: the payload of wake s in slot s mod slots, each slot 2 MiB-aligned (the loaded floor)
 * </pre>
 *
 * <p>The loaded floor's file lives where a framebus channel of the cell would ({@link #directory}): on
 * hugetlbfs when the bench's backing allows it and the pool has the pages, so that its payload has the
 * channel's page size.
 *
 * This is the bench's own page, not a framebus channel; the wake goes through the same
 * {@link FutexSignal} (sleeper bit, futex word, FUTEX_WAIT and FUTEX_WAKE) that a channel's readers and
 * writer use.
 */
final class FloorMemory implements AutoCloseable {
    static final int MAX_SLEEPERS = 64;
    /** Stamps of this many wakes are kept; the loaded floor's waker runs at most this far ahead. */
    static final int STAMPS_KEPT = 64;
    private static final long SIZE = 8192;
    private static final long HUGE = 2L << 20;
    private static final long SLOTS = 448;
    private static final long SLOT_BYTES = 456;
    private static final long WORD = 0;
    private static final long SLEEPERS = 64;
    private static final long SEQUENCE = 128;
    private static final long ATTACHED = 192;
    private static final long ENDED = 256;
    private static final long SPACE_WORD = 320;
    private static final long SPACE_SLEEPERS = 384;
    private static final long STAMPS = 512;
    private static final long DONE = 4096;
    private static final long DONE_STRIDE = 64;
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final Arena arena;
    private final MemorySegment page;
    private final Path file;
    private final long slots;
    private final long slotBytes;
    private final long slotStride;

    private FloorMemory(Path file, MemorySegment page, Arena arena, long slots, long slotBytes) {
        this.file = file;
        this.page = page;
        this.arena = arena;
        this.slots = slots;
        this.slotBytes = slotBytes;
        this.slotStride = hugeAligned(slotBytes);
    }

    /** Maps {@code file} read-write: all of it, or {@code size} bytes of a new file. */
    private static MemorySegment map(Path file, boolean create, long size, Arena arena) throws IOException {
        try (FileChannel channel = create
                ? FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                        StandardOpenOption.WRITE)
                : FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return channel.map(FileChannel.MapMode.READ_WRITE, 0, create ? size : channel.size(), arena);
        }
    }

    private static long hugeAligned(long bytes) {
        return (bytes + HUGE - 1) / HUGE * HUGE;
    }

    /** The bare floor's page: a new zeroed file at {@code file}. */
    static FloorMemory create(Path file) throws IOException {
        return create(file, 0, 0);
    }

    /**
     * The loaded floor's file: the page and {@code slots} payloads of {@code slotBytes}, every page of them
     * written once (so that no page fault lands in a window).
     */
    static FloorMemory create(Path file, int slots, long slotBytes) throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment page = map(file, true, slots == 0 ? SIZE : HUGE + slots * hugeAligned(slotBytes), arena);
        page.asSlice(0, SIZE).fill((byte) 0);
        LONG.setVolatile(page, SLOTS, (long) slots);
        LONG.setVolatile(page, SLOT_BYTES, slotBytes);
        FloorMemory m = new FloorMemory(file, page, arena, slots, slotBytes);
        for (int i = 0; i < slots; i++) {
            m.slot(i).fill((byte) 0);
        }
        return m;
    }

    /** The payload slots of the loaded floor run with {@code settings}: a channel's, as far as the stamps reach. */
    static int slots(BenchSettings settings) {
        return Math.min(settings.slots(), STAMPS_KEPT);
    }

    /**
     * Where the loaded floor of {@code slots} payloads of {@code slotBytes} keeps its file: the first
     * hugetlbfs mount with enough free 2 MiB pages, unless {@code backing} says plain or THP pages; else
     * {@code /dev/shm}.
     */
    static Path directory(io.framebus.Backing backing, int slots, long slotBytes) {
        Path shm = Path.of("/dev/shm");
        if (backing == io.framebus.Backing.PLAIN || backing == io.framebus.Backing.THP) {
            return shm;
        }
        long pages = (HUGE + slots * hugeAligned(slotBytes)) / HUGE;
        try {
            long free = Long.parseLong(Files.readAllLines(Path.of(
                    "/sys/kernel/mm/hugepages/hugepages-2048kB/free_hugepages")).getFirst().trim());
            if (free < pages) {
                return shm;
            }
            for (String line : Files.readAllLines(Path.of("/proc/self/mounts"))) {
                String[] f = line.split(" ");
                if (f.length > 3 && f[2].equals("hugetlbfs") && Files.isWritable(Path.of(f[1]))
                        && !f[3].contains("pagesize=1G")) {
                    return Path.of(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // no huge pages here
        }
        return shm;
    }

    /** Payload slot of wake {@code sequence} (the loaded floor). */
    MemorySegment slot(long sequence) {
        return page.asSlice(HUGE + Math.floorMod(sequence, slots) * slotStride, slotBytes);
    }

    /** Payload slots, 0 for the bare floor. */
    int slots() {
        return (int) slots;
    }

    /** A sleeper's view of the waker's page (and payload slots). */
    static FloorMemory open(Path file) throws IOException {
        Arena arena = Arena.ofShared();
        MemorySegment page = map(file, false, 0, arena);
        return new FloorMemory(file, page, arena, (long) LONG.getVolatile(page, SLOTS),
                (long) LONG.getVolatile(page, SLOT_BYTES));
    }

    /** The futex signal of party {@code sleeperId} (-1 for the waker, who only signals). */
    FutexSignal signal(int sleeperId) {
        return new FutexSignal(page.asSlice(WORD, 4), page.asSlice(SLEEPERS, 8), sleeperId);
    }

    /**
     * The signal the loaded floor's waker sleeps on while every slot is still being worked on ({@code waker}
     * true: sleeper 0 of it), and the sleepers ring when they finished a frame ({@code waker} false).
     */
    FutexSignal space(boolean waker) {
        return new FutexSignal(page.asSlice(SPACE_WORD, 4), page.asSlice(SPACE_SLEEPERS, 8), waker ? 0 : -1);
    }

    /** Sleeper {@code id} finished its work on wake {@code sequence}. */
    void done(int id, long sequence) {
        LONG.setRelease(page, DONE + DONE_STRIDE * id, sequence);
    }

    /** The last sequence every one of the first {@code sleepers} sleepers finished. */
    long slowestDone(int sleepers) {
        long slowest = Long.MAX_VALUE;
        for (int i = 0; i < sleepers; i++) {
            slowest = Math.min(slowest, (long) LONG.getAcquire(page, DONE + DONE_STRIDE * i));
        }
        return slowest;
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
        LONG.setVolatile(page, STAMPS + 8 * (sequence & (STAMPS_KEPT - 1)), stampNanos);
        LONG.setVolatile(page, SEQUENCE, sequence);
    }

    long sequence() {
        return (long) LONG.getVolatile(page, SEQUENCE);
    }

    long stamp(long sequence) {
        return (long) LONG.getVolatile(page, STAMPS + 8 * (sequence & (STAMPS_KEPT - 1)));
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
