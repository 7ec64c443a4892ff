package io.framebus.memory;

import java.lang.foreign.FunctionDescriptor;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * The libc calls that put channel files in place: exact permission bits and group on an open file,
 * and a rename that never replaces an existing file. Errors throw {@link NativeException}.
 */
public final class LibcFiles {
    private static final MethodHandle FCHMOD = Libc.bind("fchmod",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT), Libc.CAPTURE_ERRNO);
    private static final MethodHandle FCHOWN = Libc.bind("fchown",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT), Libc.CAPTURE_ERRNO);
    /** {@code renameat2(olddirfd, oldpath, newdirfd, newpath, flags)} (glibc 2.28+). */
    private static final MethodHandle RENAMEAT2 = Libc.bind("renameat2",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT), Libc.CAPTURE_ERRNO);
    private static final int AT_FDCWD = -100;
    private static final int RENAME_NOREPLACE = 1;

    private LibcFiles() {
    }

    /**
     * Sets the permission bits of an open file (umask does not apply).
     *
     * @param fd   the file
     * @param mode the permission bits
     */
    public static void fchmod(int fd, int mode) {
        Libc.checked("fchmod", String.format("mode %04o", mode),
                (arena, capture) -> (int) FCHMOD.invokeExact(capture, fd, mode));
    }

    /**
     * Sets the owner and group of an open file; -1 leaves one unchanged.
     *
     * @param fd  the file
     * @param uid the new owner, or -1
     * @param gid the new group, or -1
     */
    public static void fchown(int fd, int uid, int gid) {
        Libc.checked("fchown", "gid " + gid, (arena, capture) -> (int) FCHOWN.invokeExact(capture, fd, uid, gid));
    }

    /**
     * Renames {@code from} to {@code to}, failing with {@code EEXIST} instead of replacing an existing
     * {@code to}: the way to put a new file in place without ever adopting, or clobbering, another's.
     *
     * @param from the current path
     * @param to   the new path, which must not exist
     */
    public static void renameNoReplace(String from, String to) {
        Libc.checked("renameat2", from + " -> " + to, (arena, capture) -> (int) RENAMEAT2.invokeExact(capture, AT_FDCWD,
                arena.allocateFrom(from), AT_FDCWD, arena.allocateFrom(to), RENAME_NOREPLACE));
    }
}
