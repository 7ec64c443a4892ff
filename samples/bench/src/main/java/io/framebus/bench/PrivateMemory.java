package io.framebus.bench;

import java.io.IOException;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Private (not shared) memory for the producers' and receivers' own frame buffers: anonymous pages,
 * 2 MiB aligned and advised for transparent huge pages ({@code madvise(MADV_HUGEPAGE)}), touched
 * once before use. The competitors and the memcpy baseline thus write with the same page size a
 * framebus channel gets from hugetlbfs, so page size is not what the comparison measures.
 */
@SuppressWarnings("restricted") // mmap and madvise: the children run with native access enabled
final class PrivateMemory {
    private static final long HUGE = 2L << 20;
    private static final int PROT_READ_WRITE = 3;
    private static final int MAP_PRIVATE_ANONYMOUS = 0x02 | 0x20;
    private static final int MADV_HUGEPAGE = 14;
    private static final MethodHandle MMAP;
    private static final MethodHandle MADVISE;

    static {
        Linker linker = Linker.nativeLinker();
        MMAP = linker.downcallHandle(linker.defaultLookup().find("mmap").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MADVISE = linker.downcallHandle(linker.defaultLookup().find("madvise").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                        ValueLayout.JAVA_INT));
    }

    private PrivateMemory() {
    }

    /** {@code bytes} of zeroed private memory, touched, huge pages if the kernel grants them. Never freed. */
    static MemorySegment allocate(long bytes) {
        long size = (bytes + HUGE - 1) / HUGE * HUGE;
        try {
            MemorySegment raw = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size + HUGE, PROT_READ_WRITE,
                    MAP_PRIVATE_ANONYMOUS, -1, 0L);
            if (raw.address() == -1L || raw.address() == 0) {
                throw new OutOfMemoryError("mmap of " + (size + HUGE) + " bytes failed");
            }
            long aligned = (raw.address() + HUGE - 1) / HUGE * HUGE;
            MemorySegment segment = MemorySegment.ofAddress(aligned).reinterpret(size);
            int ignored = (int) MADVISE.invokeExact(segment, size, MADV_HUGEPAGE); // best effort: 4 KiB pages otherwise
            for (long off = 0; off < size; off += 4096) {
                segment.set(ValueLayout.JAVA_BYTE, off, (byte) 0);
            }
            return segment.asSlice(0, bytes);
        } catch (Throwable e) {
            if (e instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException("cannot allocate " + bytes + " bytes of private memory", e);
        }
    }

    /** Bytes of the mapping that contains {@code segment} backed by transparent huge pages (AnonHugePages). */
    static long hugeBytes(MemorySegment segment) {
        long address = segment.address();
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
            boolean inside = false;
            for (String line : lines) {
                int dash = line.indexOf('-');
                int space = line.indexOf(' ');
                if (dash > 0 && space > dash && isHex(line, 0, dash)) {
                    long start = Long.parseUnsignedLong(line.substring(0, dash), 16);
                    long end = Long.parseUnsignedLong(line.substring(dash + 1, space), 16);
                    inside = address >= start && address < end;
                } else if (inside && line.startsWith("AnonHugePages:")) {
                    return Long.parseLong(line.substring(14).trim().split("\\s+")[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown
        }
        return 0;
    }

    private static boolean isHex(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return to > from;
    }

    /** "2 MiB pages" or "4 KiB pages" for the memory of {@code segment}. */
    static String pageDescription(MemorySegment segment) {
        long huge = hugeBytes(segment);
        return huge * 2 >= segment.byteSize() ? "2 MiB pages (THP)" : huge > 0 ? "partly 2 MiB pages (THP)"
                : "4 KiB pages";
    }
}
