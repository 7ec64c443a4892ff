package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.testkit.HostFacts;
import org.junit.jupiter.api.AfterEach;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Unique channel names, the channel directory, and the after-test checks every CLI test shares: no
 * child process and no channel file of the test survives it.
 */
abstract class CliTestSupport {
    static final Path SHM = Path.of("/dev/shm");
    static final String SHM_DIR = SHM.toString();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final List<String> names = new ArrayList<>();

    /** A channel name no other test or test run uses; remembered for the leftover check. */
    String uniqueName(String prefix) {
        String name = "fbcli-" + prefix + "-" + ProcessHandle.current().pid() + "-" + COUNTER.incrementAndGet();
        names.add(name);
        return name;
    }

    /**
     * Skips the test unless this is root; under {@code FRAMEBUS_NO_SKIP=1} (CI) fails it instead.
     *
     * @param why what root is needed for, for the message
     */
    static void requireRoot(String why) {
        require(HostFacts.isRoot(), why);
    }

    /**
     * Skips the test unless every one of {@code commands} is installed; under {@code FRAMEBUS_NO_SKIP=1}
     * (CI, whose {@code .ci/run} installs them) fails it instead.
     *
     * @param why      what they are and what they are needed for, for the message
     * @param commands program names
     */
    static void requireCommands(String why, String... commands) {
        require(Arrays.stream(commands).allMatch(HostFacts::onPath), why);
    }

    private static void require(boolean met, String why) {
        String failure = HostFacts.failureUnlessSkippable(why);
        if (failure != null && !met) {
            fail(failure);
        }
        assumeTrue(met, why);
    }

    /** Polls {@code probe} until {@code done} accepts its value; fails after {@link CliProcess#LONG}. */
    static <T> T await(String what, Supplier<T> probe, Predicate<T> done) {
        long deadline = System.nanoTime() + CliProcess.LONG.toNanos();
        T last;
        do {
            last = probe.get();
            if (done.test(last)) {
                return last;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        } while (System.nanoTime() - deadline < 0);
        throw new AssertionError("gave up waiting for " + what + "; last seen: " + last);
    }

    /** The primary group of this test's user: any user may make a channel for a group it belongs to. */
    static String ownGroup() throws IOException {
        return HostFacts.run(List.of("id", "-gn")).strip();
    }

    /** Checks that channel {@code name} was made for {@code group}: members attach, only the owner writes frames. */
    static void assertGroupChannel(String name, String group) throws IOException {
        PosixFileAttributes control = Files.readAttributes(SHM.resolve("framebus-" + name), PosixFileAttributes.class);
        PosixFileAttributes data = Files.readAttributes(SHM.resolve("framebus-" + name + ".data"),
                PosixFileAttributes.class);
        assertEquals(group, control.group().getName(), name);
        assertEquals(group, data.group().getName(), name);
        assertEquals("rw-rw----", PosixFilePermissions.toString(control.permissions()), "members attach: " + name);
        assertEquals("rw-r-----", PosixFilePermissions.toString(data.permissions()), "members only read: " + name);
    }

    /** The JSON object of {@code array} whose {@code key} is {@code value}, or null. */
    static JsonNode find(JsonNode array, String key, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(key).asText())) {
                return n;
            }
        }
        return null;
    }

    /** A channel's control file, its data file, or a temporary file of a creation in progress. */
    static boolean isFileOf(String file, String channel) {
        return file.equals("framebus-" + channel) || file.equals("framebus-" + channel + ".data")
                || file.startsWith(".framebus-" + channel + ".tmp-");
    }

    @AfterEach
    void noChildOrChannelFileSurvives() throws IOException {
        CliProcess.closeAll();
        List<Path> left = new ArrayList<>();
        for (String name : names) {
            try (Stream<Path> files = Files.list(SHM)) {
                files.filter(f -> isFileOf(f.getFileName().toString(), name)).forEach(left::add);
            }
        }
        for (Path f : left) {
            Files.deleteIfExists(f); // so one failure does not leak memory into the next run
        }
        assertEquals(List.of(), left, "channel files left behind in " + SHM);
    }
}
