package io.framebus;

/**
 * Where a channel's memory comes from. framebus always reports the backing and the page size it
 * actually obtained (read back from {@code /proc/self/smaps}), never just the one requested.
 */
public enum Backing {
    /** hugetlbfs if a mount has enough free huge pages, else a huge-page tmpfs, else {@code /dev/shm}. */
    AUTO(0),
    /** Explicit 2 MiB pages from a hugetlbfs mount ({@code vm.nr_hugepages} reserved by the admin). */
    HUGETLBFS(1),
    /** Transparent huge pages from a tmpfs mounted with {@code huge=always|within_size|advise}. */
    THP(2),
    /** Plain 4 KiB pages on {@code /dev/shm}, pre-faulted. */
    PLAIN(3);

    /** Cached: {@code values()} clones its array on every call, and lookups run on the take path. */
    private static final Backing[] VALUES = values();

    private final int code;

    Backing(int code) {
        this.code = code;
    }

    /**
     * The value stored in the channel header.
     *
     * @return this backing's code, fixed by the file format
     */
    public int code() {
        return code;
    }

    /**
     * Looks up the backing stored in a channel header. {@link #AUTO} is never stored, so its code yields null.
     *
     * @param code a value read from a channel header
     * @return the backing stored as {@code code}, or null if no stored backing has that code
     */
    public static Backing ofCode(int code) {
        for (Backing b : VALUES) {
            if (b.code == code && b != AUTO) {
                return b;
            }
        }
        return null;
    }
}
