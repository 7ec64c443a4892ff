package io.framebus.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The libc calls framebus needs, bound through {@link Linker} (no JNI, no {@code Unsafe}).
 *
 * <p>Every slow-path call captures {@code errno} and throws {@link NativeException} on failure.
 * The futex calls used on the wait path neither capture errno nor allocate: callers re-check
 * their condition after every return, so the reason for a wake-up does not matter.
 *
 * <p>Constants and struct layouts are those of Linux on x86_64, the only platform framebus
 * supports; {@link #requireSupportedPlatform()} says so clearly everywhere else.
 */
public final class Libc {
    public static final int O_RDONLY = 0;
    public static final int O_RDWR = 2;
    public static final int O_CREAT = 0100;
    public static final int O_EXCL = 0200;
    public static final int O_NOFOLLOW = 0400000;
    public static final int O_CLOEXEC = 02000000;

    public static final int PROT_READ = 1;
    public static final int PROT_WRITE = 2;
    public static final int MAP_SHARED = 1;

    public static final int MADV_HUGEPAGE = 14;
    public static final int MADV_DONTDUMP = 16;
    public static final int MADV_POPULATE_READ = 22;
    public static final int MADV_POPULATE_WRITE = 23;

    public static final int F_OFD_GETLK = 36;
    public static final int F_OFD_SETLK = 37;
    public static final short F_WRLCK = 1;
    public static final short F_UNLCK = 2;

    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int EINTR = 4;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EFAULT = 14;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int ELOOP = 40;
    public static final int EOPNOTSUPP = 95;

    public static final int FUTEX_WAIT = 0;
    public static final int FUTEX_WAKE = 1;
    private static final long SYS_FUTEX = 202;

    /** {@code struct flock} on x86_64. */
    public static final StructLayout FLOCK = MemoryLayout.structLayout(
            ValueLayout.JAVA_SHORT.withName("l_type"),
            ValueLayout.JAVA_SHORT.withName("l_whence"),
            MemoryLayout.paddingLayout(4),
            JAVA_LONG.withName("l_start"),
            JAVA_LONG.withName("l_len"),
            JAVA_INT.withName("l_pid"),
            MemoryLayout.paddingLayout(4));

    /** {@code struct stat} on x86_64 is 144 bytes; framebus reads these fields. */
    public static final long STAT_SIZE = 144;
    public static final long STAT_DEV = 0;
    public static final long STAT_INO = 8;
    public static final long STAT_MODE = 24;
    public static final long STAT_UID = 28;
    public static final long STAT_GID = 32;
    public static final long STAT_SIZE_FIELD = 48;

    /** {@code struct statfs} on x86_64 is 120 bytes; framebus reads these fields. */
    public static final long STATFS_SIZE = 120;
    public static final long STATFS_TYPE = 0;
    public static final long STATFS_BSIZE = 8;
    public static final long STATFS_BLOCKS = 16;
    public static final long STATFS_BFREE = 24;
    public static final long STATFS_BAVAIL = 32;

    public static final long HUGETLBFS_MAGIC = 0x958458f6L;
    public static final long TMPFS_MAGIC = 0x01021994L;

    private static final Linker LINKER = Linker.nativeLinker();
    private static final StructLayout CAPTURE_LAYOUT = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO =
            CAPTURE_LAYOUT.varHandle(MemoryLayout.PathElement.groupElement("errno"));
    static final Linker.Option CAPTURE_ERRNO = Linker.Option.captureCallState("errno");

    private static final MethodHandle OPEN = bind("open",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, JAVA_INT),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle CLOSE = bind("close", FunctionDescriptor.of(JAVA_INT, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FTRUNCATE = bind("ftruncate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FALLOCATE = bind("fallocate",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MMAP = bind("mmap",
            FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_LONG),
            CAPTURE_ERRNO);
    private static final MethodHandle MUNMAP = bind("munmap",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle MADVISE = bind("madvise",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG, JAVA_INT), CAPTURE_ERRNO);
    private static final MethodHandle FCNTL_PTR = bind("fcntl",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS),
            CAPTURE_ERRNO, Linker.Option.firstVariadicArg(2));
    private static final MethodHandle PREAD = bind("pread",
            FunctionDescriptor.of(JAVA_LONG, JAVA_INT, ADDRESS, JAVA_LONG, JAVA_LONG), CAPTURE_ERRNO);
    private static final MethodHandle FSTAT = bind("fstat",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle FSTATFS = bind("fstatfs",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle STATFS = bind("statfs",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS), CAPTURE_ERRNO);
    private static final MethodHandle STRERROR = bind("strerror",
            FunctionDescriptor.of(ADDRESS, JAVA_INT));
    /** {@code long syscall(long nr, ...)} shaped for futex: (nr, uaddr, op, val, timeout, uaddr2, val3). */
    private static final MethodHandle SYSCALL_FUTEX = bind("syscall",
            FunctionDescriptor.of(JAVA_LONG, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT),
            Linker.Option.firstVariadicArg(1));

    private Libc() {
    }

    // Linking libc is restricted (native access); the module or class path is granted it with
    // --enable-native-access, as the module descriptor documents.
    @SuppressWarnings("restricted")
    static MethodHandle bind(String name, FunctionDescriptor descriptor, Linker.Option... options) {
        MemorySegment symbol = LINKER.defaultLookup().find(name)
                .orElseThrow(() -> new UnsupportedOperationException("libc has no symbol " + name));
        return LINKER.downcallHandle(symbol, descriptor, options);
    }

    /** Throws a clear error on anything other than Linux x86_64. */
    public static void requireSupportedPlatform() {
        String os = System.getProperty("os.name", "");
        String arch = System.getProperty("os.arch", "");
        if (!os.toLowerCase(java.util.Locale.ROOT).contains("linux")
                || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new UnsupportedOperationException(
                    "framebus supports Linux on x86_64 only; this JVM runs on " + os + "/" + arch);
        }
    }

    /** Human-readable text of an errno value, from libc's {@code strerror}. */
    // strerror returns a zero-length pointer: giving it a size (256 bytes, more than any message) is restricted.
    @SuppressWarnings("restricted")
    public static String strerror(int errno) {
        try {
            MemorySegment text = (MemorySegment) STRERROR.invokeExact(errno);
            return text.reinterpret(256).getString(0);
        } catch (Throwable t) {
            return "errno " + errno;
        }
    }

    private static int errno(MemorySegment capture) {
        return (int) ERRNO.get(capture, 0L);
    }

    /** One downcall that reports failure with a negative result and {@code errno} in {@code capture}. */
    @FunctionalInterface
    interface Call {
        long invoke(Arena arena, MemorySegment capture) throws Throwable;
    }

    /**
     * Runs {@code call} with a fresh errno capture, retrying on {@code EINTR}; a negative result
     * becomes a {@link NativeException} naming {@code name} and {@code subject}.
     */
    static long checked(String name, String subject, Call call) {
        return checked(name, subject, call, 0, 0);
    }

    /**
     * As {@link #checked(String, String, Call)}, but the errno values {@code tolerated1} and
     * {@code tolerated2} are expected outcomes, returned as {@code -errno} without building an
     * exception (the liveness probes hit them on every live peer, every few milliseconds).
     */
    private static long checked(String name, String subject, Call call, int tolerated1, int tolerated2) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment capture = arena.allocate(CAPTURE_LAYOUT);
            long result;
            do {
                result = call.invoke(arena, capture);
            } while (result < 0 && errno(capture) == EINTR);
            if (result < 0) {
                int errno = errno(capture);
                if (errno != 0 && (errno == tolerated1 || errno == tolerated2)) {
                    return -errno;
                }
                throw new NativeException(name, subject, errno);
            }
            return result;
        } catch (NativeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(name + " failed", t);
        }
    }

    public static int open(String path, int flags, int mode) {
        return (int) checked("open", path,
                (arena, capture) -> (int) OPEN.invokeExact(capture, arena.allocateFrom(path), flags, mode));
    }

    public static void close(int fd) {
        try {
            checked("close", "fd " + fd, (arena, capture) -> (int) CLOSE.invokeExact(capture, fd));
        } catch (NativeException e) {
            if (e.errno() != EINTR) {
                throw e;
            }
        }
    }

    public static void ftruncate(int fd, long size) {
        checked("ftruncate", size + " bytes", (arena, capture) -> (int) FTRUNCATE.invokeExact(capture, fd, size));
    }

    /** Reserves {@code [offset, offset+length)} so that later page faults cannot fail for lack of space. */
    public static void fallocate(int fd, long offset, long length) {
        checked("fallocate", length + " bytes",
                (arena, capture) -> (int) FALLOCATE.invokeExact(capture, fd, 0, offset, length));
    }

    /** Maps {@code length} bytes of {@code fd} at {@code offset}; returns the raw address. */
    public static long mmap(long length, int prot, int flags, int fd, long offset) {
        return checked("mmap", length + " bytes at offset " + offset, (arena, capture) -> {
            MemorySegment address = (MemorySegment) MMAP.invokeExact(capture, MemorySegment.NULL, length, prot, flags,
                    fd, offset);
            return address.address() == -1L ? -1 : address.address(); // MAP_FAILED; user addresses are < 2^47
        });
    }

    public static void munmap(long address, long length) {
        checked("munmap", length + " bytes",
                (arena, capture) -> (int) MUNMAP.invokeExact(capture, MemorySegment.ofAddress(address), length));
    }

    /** {@code madvise}; returns 0 or the errno, so callers can fall back on old kernels. */
    public static int madvise(long address, long length, int advice) {
        try {
            checked("madvise", length + " bytes", (arena, capture) -> {
                int rc;
                do { // MADV_POPULATE_* returns EAGAIN when it should simply be called again
                    rc = (int) MADVISE.invokeExact(capture, MemorySegment.ofAddress(address), length, advice);
                } while (rc != 0 && errno(capture) == EAGAIN);
                return rc;
            });
            return 0;
        } catch (NativeException e) {
            return e.errno();
        }
    }

    /**
     * Takes ({@code type = F_WRLCK}) or drops ({@code F_UNLCK}) an open-file-description lock on one
     * byte, without waiting. Returns false when another open file description holds it.
     */
    public static boolean ofdLock(int fd, long offset, short type) {
        return checked("fcntl(F_OFD_SETLK)", "byte " + offset,
                (arena, capture) -> (int) FCNTL_PTR.invokeExact(capture, fd, F_OFD_SETLK, flock(arena, type, offset)),
                EAGAIN, EACCES) >= 0;
    }

    /**
     * True when some other open file description holds a lock that conflicts with a write lock on the byte.
     * Allocates nothing after a thread's first call (its errno capture and {@code struct flock} are kept per
     * thread): readers run it every 100 ms while they sleep, the liveness probe of their writer.
     */
    public static boolean ofdLocked(int fd, long offset) {
        ProbeScratch scratch = PROBE_SCRATCH.get();
        MemorySegment flock = flock(scratch.flock, F_WRLCK, offset);
        int rc;
        try {
            do {
                rc = (int) FCNTL_PTR.invokeExact(scratch.capture, fd, F_OFD_GETLK, flock);
            } while (rc < 0 && errno(scratch.capture) == EINTR);
        } catch (Throwable t) {
            throw new IllegalStateException("fcntl(F_OFD_GETLK) failed", t);
        }
        if (rc < 0) {
            throw new NativeException("fcntl(F_OFD_GETLK)", "byte " + offset, errno(scratch.capture));
        }
        return flock.get(ValueLayout.JAVA_SHORT, 0) != F_UNLCK;
    }

    /** A thread's errno capture and {@code struct flock} for {@link #ofdLocked}, freed with the thread. */
    private record ProbeScratch(MemorySegment capture, MemorySegment flock) {
    }

    private static final ThreadLocal<ProbeScratch> PROBE_SCRATCH = ThreadLocal.withInitial(() -> {
        Arena arena = Arena.ofAuto();
        return new ProbeScratch(arena.allocate(CAPTURE_LAYOUT), arena.allocate(FLOCK));
    });

    private static MemorySegment flock(Arena arena, short type, long offset) {
        return flock(arena.allocate(FLOCK), type, offset);
    }

    private static MemorySegment flock(MemorySegment flock, short type, long offset) {
        flock.set(ValueLayout.JAVA_SHORT, 0, type);
        flock.set(ValueLayout.JAVA_SHORT, 2, (short) 0); // SEEK_SET
        flock.set(JAVA_LONG, 8, offset);
        flock.set(JAVA_LONG, 16, 1L);
        flock.set(JAVA_INT, 24, 0);
        return flock;
    }

    /** Reads up to {@code target.byteSize()} bytes at {@code offset} into {@code target}; returns the count read. */
    public static long pread(int fd, MemorySegment target, long offset) {
        long total = 0;
        while (total < target.byteSize()) {
            long done = total;
            long n = checked("pread", target.byteSize() + " bytes", (arena, capture) -> (long) PREAD.invokeExact(
                    capture, fd, target.asSlice(done), target.byteSize() - done, offset + done));
            if (n == 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** {@code fstat}: the raw 144-byte {@code struct stat} (read it with the {@code STAT_*} offsets). */
    public static MemorySegment fstat(int fd, Arena arena) {
        MemorySegment stat = arena.allocate(STAT_SIZE, 8);
        checked("fstat", "fd " + fd, (local, capture) -> (int) FSTAT.invokeExact(capture, fd, stat));
        return stat;
    }

    /** {@code fstatfs}: the raw 120-byte {@code struct statfs}. */
    public static MemorySegment fstatfs(int fd, Arena arena) {
        MemorySegment statfs = arena.allocate(STATFS_SIZE, 8);
        checked("fstatfs", "fd " + fd, (local, capture) -> (int) FSTATFS.invokeExact(capture, fd, statfs));
        return statfs;
    }

    /** {@code statfs} of a path: the raw 120-byte {@code struct statfs}. */
    public static MemorySegment statfs(String path, Arena arena) {
        MemorySegment statfs = arena.allocate(STATFS_SIZE, 8);
        checked("statfs", path,
                (local, capture) -> (int) STATFS.invokeExact(capture, local.allocateFrom(path), statfs));
        return statfs;
    }

    /**
     * {@code FUTEX_WAIT} on a 32-bit word of a shared mapping (not private: works across processes).
     * Returns when woken, when the word no longer holds {@code expected}, on a signal, or after the
     * timeout given in {@code timespec} (a 16-byte {@code struct timespec}, relative). Never allocates.
     */
    public static void futexWait(MemorySegment word, int expected, MemorySegment timespec) {
        try {
            long ignored = (long) SYSCALL_FUTEX.invokeExact(SYS_FUTEX, word, FUTEX_WAIT, expected, timespec,
                    MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** {@code FUTEX_WAKE}: wakes up to {@code count} waiters on the word, in any process. Never allocates. */
    public static void futexWake(MemorySegment word, int count) {
        try {
            long ignored = (long) SYSCALL_FUTEX.invokeExact(SYS_FUTEX, word, FUTEX_WAKE, count,
                    MemorySegment.NULL, MemorySegment.NULL, 0);
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}
