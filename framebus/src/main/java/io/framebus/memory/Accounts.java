package io.framebus.memory;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.OptionalInt;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * Users and groups, from libc (so that NSS sources such as LDAP count, not only {@code /etc/group}):
 * this process's effective ids, a group's id by name, and whether a user belongs to a group. The trust
 * rules for channel files are built on them.
 */
public final class Accounts {
    /** {@code struct group} on x86_64: gr_name, gr_passwd (pointers), then gr_gid. */
    private static final long GROUP_GID = 16;
    /** {@code struct passwd} on x86_64: pw_name, pw_passwd (pointers), pw_uid, pw_gid. */
    private static final long PASSWD_NAME = 0;
    private static final long PASSWD_GID = 20;
    private static final int STRUCT_BYTES = 64;
    private static final int BUFFER_BYTES = 64 * 1024;
    private static final int MAX_GROUPS = 4096;

    private static final MethodHandle GETEUID = Libc.bind("geteuid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETEGID = Libc.bind("getegid", FunctionDescriptor.of(JAVA_INT));
    private static final MethodHandle GETGRNAM_R = Libc.bind("getgrnam_r",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ValueLayout.JAVA_LONG, ADDRESS));
    private static final MethodHandle GETPWUID_R = Libc.bind("getpwuid_r",
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, ValueLayout.JAVA_LONG, ADDRESS));
    private static final MethodHandle GETGROUPLIST = Libc.bind("getgrouplist",
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, ADDRESS));

    private Accounts() {
    }

    /** @return this process's effective user id */
    public static int effectiveUid() {
        try {
            return (int) GETEUID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("geteuid failed", t);
        }
    }

    /** @return this process's effective group id */
    public static int effectiveGid() {
        try {
            return (int) GETEGID.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException("getegid failed", t);
        }
    }

    /**
     * The id of group {@code name}.
     *
     * @param name a group name
     * @return its gid, or empty when there is no such group
     */
    public static OptionalInt groupId(String name) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment group = arena.allocate(STRUCT_BYTES, 8);
            MemorySegment buffer = arena.allocate(BUFFER_BYTES);
            MemorySegment result = arena.allocate(ADDRESS);
            int rc = (int) GETGRNAM_R.invokeExact(arena.allocateFrom(name), group, buffer, (long) BUFFER_BYTES,
                    result);
            if (rc != 0 || result.get(ADDRESS, 0).address() == 0) {
                return OptionalInt.empty();
            }
            return OptionalInt.of(group.get(JAVA_INT, GROUP_GID));
        } catch (Throwable t) {
            throw new IllegalStateException("getgrnam_r(" + name + ") failed", t);
        }
    }

    /**
     * Whether user {@code uid} belongs to group {@code gid}, as its primary group or a supplementary one.
     *
     * @param uid a user id
     * @param gid a group id
     * @return true when it does; false also when the user is unknown
     */
    // getpwuid_r fills pw_name with a pointer into our buffer; giving it the buffer's size is restricted.
    @SuppressWarnings("restricted")
    public static boolean isMember(int uid, int gid) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment passwd = arena.allocate(STRUCT_BYTES, 8);
            MemorySegment buffer = arena.allocate(BUFFER_BYTES);
            MemorySegment result = arena.allocate(ADDRESS);
            int rc = (int) GETPWUID_R.invokeExact(uid, passwd, buffer, (long) BUFFER_BYTES, result);
            if (rc != 0 || result.get(ADDRESS, 0).address() == 0) {
                return false;
            }
            int primary = passwd.get(JAVA_INT, PASSWD_GID);
            if (primary == gid) {
                return true;
            }
            MemorySegment user = passwd.get(ADDRESS, PASSWD_NAME).reinterpret(BUFFER_BYTES);
            MemorySegment groups = arena.allocate(JAVA_INT, MAX_GROUPS);
            MemorySegment count = arena.allocateFrom(JAVA_INT, MAX_GROUPS);
            int n = (int) GETGROUPLIST.invokeExact(user, primary, groups, count);
            int found = n < 0 ? MAX_GROUPS : count.get(JAVA_INT, 0);
            for (int i = 0; i < Math.min(found, MAX_GROUPS); i++) {
                if (groups.getAtIndex(JAVA_INT, i) == gid) {
                    return true;
                }
            }
            return false;
        } catch (Throwable t) {
            throw new IllegalStateException("looking up the groups of uid " + uid + " failed", t);
        }
    }
}
