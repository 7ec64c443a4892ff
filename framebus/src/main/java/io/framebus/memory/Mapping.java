package io.framebus.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * A shared mapping of part of a channel file, unmapped when closed. Read-only mappings are
 * {@code PROT_READ} and their segment is read-only too, so a stray write throws instead of
 * faulting.
 */
public final class Mapping implements AutoCloseable {
    private final Arena arena;
    private final MemorySegment segment;
    private final long address;
    private final long length;
    private final boolean writable;

    private Mapping(Arena arena, MemorySegment segment, long address, long length, boolean writable) {
        this.arena = arena;
        this.segment = segment;
        this.address = address;
        this.length = length;
        this.writable = writable;
    }

    // Sizing the raw address mmap returned is restricted (native access): the kernel mapped exactly
    // length bytes there, and the arena unmaps them when it closes.
    @SuppressWarnings("restricted")
    static Mapping map(ChannelFile file, long offset, long length, boolean writable) {
        int prot = writable ? Libc.PROT_READ | Libc.PROT_WRITE : Libc.PROT_READ;
        long address = Libc.mmap(length, prot, Libc.MAP_SHARED, file.fd(), offset);
        Arena arena = Arena.ofShared();
        MemorySegment segment = MemorySegment.ofAddress(address)
                .reinterpret(length, arena, ignored -> Libc.munmap(address, length));
        return new Mapping(arena, writable ? segment : segment.asReadOnly(), address, length, writable);
    }

    public MemorySegment segment() {
        return segment;
    }

    public long address() {
        return address;
    }

    public long length() {
        return length;
    }

    /** Asks for transparent huge pages (tmpfs mounted with {@code huge=advise} needs this). */
    public void adviseHugePages() {
        Libc.madvise(address, length, Libc.MADV_HUGEPAGE);
    }

    /** Keeps frame data out of core dumps. Best effort. */
    public void adviseDontDump() {
        Libc.madvise(address, length, Libc.MADV_DONTDUMP);
    }

    /**
     * Faults in every page now, so the hot path never takes a page fault. Uses
     * {@code MADV_POPULATE_WRITE}/{@code _READ} (Linux 5.14+), which reports failures, and falls back
     * to touching each page on older kernels.
     *
     * @throws NativeException when the kernel cannot back the pages (out of memory or huge pages)
     */
    public void populate(long pageSize) {
        int advice = writable ? Libc.MADV_POPULATE_WRITE : Libc.MADV_POPULATE_READ;
        int errno = Libc.madvise(address, length, advice);
        if (errno == 0) {
            return;
        }
        if (errno != Libc.EINVAL) {
            throw new NativeException("madvise(MADV_POPULATE_" + (writable ? "WRITE" : "READ") + ")",
                    length + " bytes", errno);
        }
        for (long offset = 0; offset < length; offset += pageSize) {
            if (writable) {
                segment.set(ValueLayout.JAVA_BYTE, offset, segment.get(ValueLayout.JAVA_BYTE, offset));
            } else {
                segment.get(ValueLayout.JAVA_BYTE, offset);
            }
        }
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
