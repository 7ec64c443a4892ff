package io.framebus.bridge;

import org.agrona.IoUtil;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The directories of the media drivers bridges embed: {@code /dev/shm/aeron-fbbridge-PID-N}, removed when the
 * bridge ends. A bridge killed with SIGKILL leaves its directory behind; the next bridge to start removes it,
 * and so can anyone else with {@link #removeStale}.
 */
public final class AeronDirectories {
    /** The name every embedded driver's directory starts with. */
    public static final String PREFIX = "aeron-fbbridge-";
    static final Path SHM = Path.of("/dev/shm");

    private AeronDirectories() {
    }

    /**
     * Removes embedded drivers' directories whose bridge process is gone.
     *
     * @param log told about each directory removed
     */
    public static void removeStale(Consumer<String> log) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(SHM, PREFIX + "*")) {
            for (Path dir : dirs) {
                String rest = dir.getFileName().toString().substring(PREFIX.length());
                int dash = rest.indexOf('-');
                long pid;
                try {
                    pid = Long.parseLong(dash > 0 ? rest.substring(0, dash) : rest);
                } catch (NumberFormatException e) {
                    continue;
                }
                if (ProcessHandle.of(pid).isEmpty()) {
                    IoUtil.delete(dir.toFile(), true);
                    log.accept("removed the Aeron directory " + dir + " of a bridge that is gone (pid " + pid + ")");
                }
            }
        } catch (IOException e) {
            // no /dev/shm or unreadable: nothing to clean
        }
    }
}
