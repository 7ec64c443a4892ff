package io.framebus.internal;

import io.framebus.Backing;
import io.framebus.ByteSize;
import io.framebus.InsufficientSpaceException;
import io.framebus.layout.ChannelLayout;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.FileSystemInfo;
import io.framebus.memory.HugePagePool;
import io.framebus.memory.Libc;
import io.framebus.memory.NativeException;

/**
 * Reserves every byte of a new channel's files before they are mapped, so that a full filesystem is a
 * clear error at creation (naming the size needed and how to get it), never a SIGBUS later.
 */
final class SpaceReservation {
    private SpaceReservation() {
    }

    /**
     * Checks the free space for the whole channel, then sizes and reserves one of its files.
     *
     * @param name      the channel, for messages
     * @param file      a new, empty channel file
     * @param bytes     its size
     * @param total     bytes of both files together
     * @param placement where the channel goes
     */
    static void reserve(String name, ChannelFile file, long bytes, long total, BackingSelector.Placement placement) {
        FileSystemInfo fs = file.fileSystem();
        long available = fs.availableBytes();
        if (available >= 0 && available < bytes) {
            throw insufficient(name, placement, total, available, fs);
        }
        try {
            if (placement.backing() == Backing.HUGETLBFS) {
                file.truncate(bytes); // hugetlbfs has no write(2); its pages are reserved when the size is set
            }
            file.reserve(bytes);
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOSPC || e.errno() == Libc.ENOMEM) {
                throw insufficient(name, placement, total, fs.availableBytes(), fs);
            }
            if (e.errno() != Libc.EOPNOTSUPP) {
                throw e;
            }
            file.truncate(bytes); // no fallocate here: pre-faulting when mapped still commits every page
        }
    }

    /** True for the errors a mapping or its pre-faulting gives when the memory is not there. */
    static boolean isOutOfMemory(NativeException e) {
        return e.errno() == Libc.ENOMEM || e.errno() == Libc.EFAULT || e.errno() == Libc.ENOSPC;
    }

    /**
     * The error for a directory that cannot hold the channel, with how to make room.
     *
     * @param name      the channel
     * @param p         where it was to go
     * @param needed    bytes of both its files
     * @param available bytes free there, or -1 when unknown
     * @param fs        the filesystem
     * @return the exception to throw
     */
    static InsufficientSpaceException insufficient(String name, BackingSelector.Placement p, long needed,
                                                   long available, FileSystemInfo fs) {
        String have = available >= 0 ? ByteSize.format(available) + " are free (filesystem size "
                + ByteSize.format(fs.totalBytes()) + ")" : "the kernel could not provide them";
        String advice = switch (p.backing()) {
            case HUGETLBFS -> "Reserve more huge pages as root: echo "
                    + (HugePagePool.totalPages(ChannelLayout.HUGE_PAGE) + needed / ChannelLayout.HUGE_PAGE)
                    + " > /proc/sys/vm/nr_hugepages, or use --backing plain.";
            default -> "In Docker, start the container with --shm-size=" + roundUpMiB(needed + (64L << 20))
                    + "m (Docker's default /dev/shm is 64 MiB); on a host, as root: mount -o remount,size="
                    + roundUpMiB(fs.totalBytes() + needed) + "m " + p.directory() + ". Or use fewer or smaller slots.";
        };
        return new InsufficientSpaceException("channel '" + name + "' needs " + needed + " bytes ("
                + ByteSize.format(needed) + ") in " + p.directory() + " but " + have + ". " + advice);
    }

    private static long roundUpMiB(long bytes) {
        return (bytes + (1L << 20) - 1) >> 20;
    }
}
