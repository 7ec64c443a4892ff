package io.framebus.memory;

import io.framebus.Backing;
import io.framebus.HugePagesUnavailableException;
import io.framebus.layout.ChannelLayout;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.LongUnaryOperator;

/**
 * Chooses where a new channel lives: hugetlbfs, a huge-page tmpfs, or plain {@code /dev/shm}.
 *
 * <p>{@link Backing#AUTO} takes the first hugetlbfs mount with enough free huge pages, else the
 * first tmpfs mounted with {@code huge=}, else {@code /dev/shm}. An explicit backing that the host
 * cannot provide is an error that says how to provide it. An explicit directory decides the
 * backing by its filesystem.
 */
public final class BackingSelector {
    /** The default directory for plain channels. */
    public static final Path DEV_SHM = Path.of("/dev/shm");
    /** Environment variable naming the directory to use instead of the automatic choice. */
    public static final String DIR_ENV = "FRAMEBUS_DIR";

    /** Where a channel goes, with the page size its layout must align to and why it was chosen. */
    public record Placement(Backing backing, Path directory, long pageSize, String reason) {
    }

    private final MountTable mounts;

    public BackingSelector(MountTable mounts) {
        this.mounts = mounts;
    }

    /**
     * @param requested       the backing asked for
     * @param directory       an explicit directory, or null
     * @param fileSizeForPage the channel's file size when aligned to a given page size
     */
    public Placement select(Backing requested, Path directory, LongUnaryOperator fileSizeForPage) {
        if (directory == null && System.getenv(DIR_ENV) != null && !System.getenv(DIR_ENV).isBlank()) {
            directory = Path.of(System.getenv(DIR_ENV));
        }
        if (directory != null) {
            return inDirectory(requested, directory);
        }
        return switch (requested) {
            case HUGETLBFS -> hugetlbfs(fileSizeForPage, true);
            case THP -> hugeTmpfs(true);
            case PLAIN -> new Placement(Backing.PLAIN, DEV_SHM, ChannelLayout.SMALL_PAGE, "plain pages requested");
            case AUTO -> auto(fileSizeForPage);
        };
    }

    private Placement auto(LongUnaryOperator fileSizeForPage) {
        Placement huge = hugetlbfs(fileSizeForPage, false);
        if (huge != null) {
            return huge;
        }
        Placement thp = hugeTmpfs(false);
        if (thp != null) {
            return thp;
        }
        long needed = pagesNeeded(fileSizeForPage);
        return new Placement(Backing.PLAIN, DEV_SHM, ChannelLayout.SMALL_PAGE,
                "auto: no hugetlbfs mount with " + needed + " free huge pages (" + describePool()
                        + ") and no tmpfs mounted with huge=, so plain pages on " + DEV_SHM);
    }

    private long pagesNeeded(LongUnaryOperator fileSizeForPage) {
        return fileSizeForPage.applyAsLong(ChannelLayout.HUGE_PAGE) / ChannelLayout.HUGE_PAGE;
    }

    private static String describePool() {
        long page = ChannelLayout.HUGE_PAGE;
        return HugePagePool.availablePages(page) + " of " + HugePagePool.totalPages(page) + " available";
    }

    private Placement hugetlbfs(LongUnaryOperator fileSizeForPage, boolean required) {
        long needed = pagesNeeded(fileSizeForPage);
        long available = HugePagePool.availablePages(ChannelLayout.HUGE_PAGE);
        List<MountTable.Mount> candidates = mounts.hugetlbfsMounts().stream()
                .filter(m -> m.hugePageSize() == ChannelLayout.HUGE_PAGE && Files.isWritable(m.directory()))
                .toList();
        for (MountTable.Mount m : candidates) {
            long limit = FileSystemInfo.of(m.directory()).availableBytes();
            long mountPages = limit < 0 ? Long.MAX_VALUE : limit / ChannelLayout.HUGE_PAGE;
            if (Math.min(available, mountPages) >= needed) {
                return new Placement(Backing.HUGETLBFS, m.directory(), ChannelLayout.HUGE_PAGE,
                        "hugetlbfs " + m.directory() + ": needs " + needed + " pages of 2 MiB, " + available + " free");
            }
        }
        if (!required) {
            return null;
        }
        String why = candidates.isEmpty()
                ? "no writable hugetlbfs mount with 2 MiB pages exists"
                : "the channel needs " + needed + " huge pages of 2 MiB but only " + available + " are free";
        throw new HugePagesUnavailableException("hugetlbfs backing requested, but " + why + ". As root: "
                + "echo " + Math.max(needed, 1) + " > /proc/sys/vm/nr_hugepages (or more) and "
                + "mount -t hugetlbfs -o mode=1777 none /dev/hugepages; or use backing auto/plain.");
    }

    private Placement hugeTmpfs(boolean required) {
        for (MountTable.Mount m : mounts.hugeTmpfsMounts()) {
            if (Files.isWritable(m.directory())) {
                return new Placement(Backing.THP, m.directory(), ChannelLayout.HUGE_PAGE,
                        "tmpfs " + m.directory() + " mounted with huge="
                                + m.options().getOrDefault("huge", "(forced)"));
            }
        }
        if (!required) {
            return null;
        }
        throw new HugePagesUnavailableException("thp backing requested, but no writable tmpfs is mounted with "
                + "huge=always|within_size|advise (shmem_enabled is '" + MountTable.shmemEnabled() + "'). As root: "
                + "mkdir -p /mnt/framebus-thp && mount -t tmpfs -o huge=always,size=4G,mode=1777 tmpfs "
                + "/mnt/framebus-thp");
    }

    private Placement inDirectory(Backing requested, Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("channel directory " + directory
                    + " does not exist or is not a directory");
        }
        FileSystemInfo fs = FileSystemInfo.of(directory);
        MountTable.Mount mount = mounts.mountOf(directory);
        Backing actual;
        if (fs.isHugetlbfs()) {
            actual = Backing.HUGETLBFS;
        } else if (mount != null && mount.isHugeTmpfs(MountTable.shmemEnabled())) {
            actual = Backing.THP;
        } else {
            actual = Backing.PLAIN;
        }
        if (requested != Backing.AUTO && requested != actual
                && !(requested == Backing.PLAIN && actual == Backing.THP)) {
            throw new HugePagesUnavailableException("backing " + requested.name().toLowerCase() + " requested, but "
                    + directory + " is " + describe(actual, fs)
                    + "; use a directory on the right filesystem or backing auto");
        }
        long page = actual == Backing.PLAIN || requested == Backing.PLAIN
                ? ChannelLayout.SMALL_PAGE : ChannelLayout.HUGE_PAGE;
        return new Placement(requested == Backing.PLAIN ? Backing.PLAIN : actual, directory, page,
                "directory " + directory + " (" + describe(actual, fs) + ")");
    }

    private static String describe(Backing b, FileSystemInfo fs) {
        return switch (b) {
            case HUGETLBFS -> "a hugetlbfs mount";
            case THP -> "a tmpfs with transparent huge pages";
            default -> fs.isTmpfs() ? "a tmpfs without huge pages" : "not a tmpfs (files there are backed by disk)";
        };
    }

    /** Directories where channels may exist, in the order readers search them. */
    public List<Path> searchPath(Path explicit) {
        if (explicit != null) {
            return List.of(explicit);
        }
        String env = System.getenv(DIR_ENV);
        if (env != null && !env.isBlank()) {
            return List.of(Path.of(env));
        }
        Set<Path> dirs = new LinkedHashSet<>();
        mounts.hugetlbfsMounts().forEach(m -> dirs.add(m.directory()));
        mounts.hugeTmpfsMounts().forEach(m -> dirs.add(m.directory()));
        dirs.add(DEV_SHM);
        return new ArrayList<>(dirs);
    }
}
