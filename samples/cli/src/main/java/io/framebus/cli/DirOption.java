package io.framebus.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/** {@code --dir DIR}: where channel files live. */
public final class DirOption {
    @Option(names = "--dir", paramLabel = "DIR",
            description = "Channel directory. Default: $FRAMEBUS_DIR if set, else chosen by backing when creating"
                    + " and searched across hugetlbfs mounts, huge-page tmpfs mounts and /dev/shm otherwise.")
    Path dir;

    /** The directory, or null for the core's default choice. */
    public Path dir() {
        return dir;
    }
}
