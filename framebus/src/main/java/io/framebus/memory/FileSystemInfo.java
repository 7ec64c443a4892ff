package io.framebus.memory;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** What {@code statfs(2)} says about a directory's filesystem. */
public record FileSystemInfo(long type, long blockSize, long totalBlocks, long availableBlocks) {

    static FileSystemInfo of(MemorySegment statfs) {
        return new FileSystemInfo(statfs.get(ValueLayout.JAVA_LONG, Libc.STATFS_TYPE) & 0xffffffffL,
                statfs.get(ValueLayout.JAVA_LONG, Libc.STATFS_BSIZE),
                statfs.get(ValueLayout.JAVA_LONG, Libc.STATFS_BLOCKS),
                statfs.get(ValueLayout.JAVA_LONG, Libc.STATFS_BAVAIL));
    }

    public static FileSystemInfo of(java.nio.file.Path directory) {
        try (java.lang.foreign.Arena arena = java.lang.foreign.Arena.ofConfined()) {
            return of(Libc.statfs(directory.toString(), arena));
        }
    }

    public boolean isHugetlbfs() {
        return type == Libc.HUGETLBFS_MAGIC;
    }

    public boolean isTmpfs() {
        return type == Libc.TMPFS_MAGIC;
    }

    /** Free bytes, or -1 when the filesystem has no size limit (hugetlbfs without {@code size=}). */
    public long availableBytes() {
        return totalBlocks == 0 ? -1 : availableBlocks * blockSize;
    }

    public long totalBytes() {
        return totalBlocks * blockSize;
    }
}
