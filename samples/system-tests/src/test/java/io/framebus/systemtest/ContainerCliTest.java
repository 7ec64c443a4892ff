package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.testkit.HostFacts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Containers on one machine, as Docker and Kubernetes make them: each process gets its own PID and mount
 * namespace ({@code unshare}) and sees a shared tmpfs "volume" of 64 MiB (Docker's default {@code /dev/shm}
 * size) at {@code /dev/shm}, like {@code docker run -v shm:/dev/shm} or a Kubernetes
 * {@code emptyDir: {medium: Memory}}. framebus needs nothing else: its liveness is the kernel's file locks,
 * which work across PID namespaces, and pids from another namespace are shown as such.
 */
class ContainerCliTest extends CliTestSupport {
    private Path volume;

    @BeforeEach
    void mountVolume() throws IOException {
        requireRoot("root, for unshare and mount");
        volume = Files.createTempDirectory("framebus-test-volume");
        HostFacts.run(List.of("mount", "-t", "tmpfs", "-o", "size=64m,mode=1777", "tmpfs", volume.toString()));
    }

    @AfterEach
    void unmountVolume() throws IOException {
        if (volume != null) {
            CliProcess.closeAll();
            try (var left = Files.list(volume)) {
                assertEquals(List.of(), left.toList(), "nothing left in the volume");
            } finally {
                HostFacts.run(List.of("umount", "-l", volume.toString()));
                Files.delete(volume);
            }
        }
    }

    /**
     * A container: new PID and mount namespaces, with the volume mounted at /dev/shm inside only, and a JVM
     * performance-data directory of its own (JVMs that are all pid 1 would otherwise fight over
     * /tmp/hsperfdata_USER/1). Not a whole private /tmp: the class path may live under /tmp (a clone in /tmp).
     */
    private List<String> container() {
        return List.of("unshare", "--pid", "--mount", "--fork", "--mount-proc", "--propagation", "private",
                "sh", "-c", "mount --bind \"$0\" /dev/shm && perf=/tmp/hsperfdata_$(id -un) && mkdir -p \"$perf\""
                        + " && mount -t tmpfs tmpfs \"$perf\" && exec \"$@\"",
                volume.toString());
    }

    @Test
    void aWriterAndAReaderInTwoContainersSharingAShmVolume() throws IOException {
        String name = uniqueName("container");
        // publishes until stopped, so that the checks below never race the end of the run
        try (CliProcess pub = CliProcess.startWrapped(container(), "pub", "--channel", name, "--size", "320x240",
                "--frames", "100000000", "--fps", "100", "--backing", "plain", "--wait-readers", "1");
             CliProcess sub = CliProcess.startWrapped(container(), "sub", "--channel", name, "--mode", "lossless",
                     "--verify", "--json", "--timeout-ms", "120000")) {
            JsonNode s = await("both containers on the channel", () -> inspect(name),
                    j -> j != null && j.path("readers").size() == 1 && j.path("published").asLong() > 0);
            JsonNode writer = s.get("writer");
            assertTrue(writer.get("alive").asBoolean(), "the writer is alive by its lock: " + s.toPrettyString());
            assertFalse(writer.get("pid_in_this_namespace").asBoolean(), s.toPrettyString());
            JsonNode reader = s.get("readers").get(0);
            assertTrue(reader.get("alive").asBoolean(), s.toPrettyString());
            assertFalse(reader.get("pid_in_this_namespace").asBoolean(), s.toPrettyString());
            CliProcess text = CliProcess.run("inspect", name, "--dir", volume.toString());
            assertTrue(text.stdout().contains("(other pid namespace) alive"), text.describe());

            terminateContainer(pub); // the writer's shutdown hook closes the channel
            assertEquals(128 + 15, pub.waitFor(), "ended by SIGTERM, not by an error: " + pub.describe());
            assertTrue(pub.stderr().contains("stopped by a signal"), pub.describe());
            assertEquals(0, sub.waitFor(), sub.describe());
            JsonNode r = sub.json();
            assertEquals("closed", r.get("ended").asText(), sub.describe());
            assertTrue(r.get("received").asLong() > 0, sub.describe());
            assertEquals(0, r.get("verify_failures").asLong(), sub.describe());
            assertEquals(0, r.get("lost").asLong(), sub.describe());
        }
    }

    @Test
    void aChannelLargerThanTheContainersShmFailsAtCreationAndNamesShmSize() {
        String name = uniqueName("container-full");
        try (CliProcess pub = CliProcess.startWrapped(container(), "pub", "--channel", name, "--size", "1080p",
                "--slots", "16", "--frames", "10", "--backing", "plain")) {
            assertEquals(1, pub.waitFor(), pub.describe());
            assertTrue(pub.stderr().startsWith("framebus: ") && pub.stderr().contains("--shm-size"), pub.describe());
        }
    }

    /** SIGTERM to the container's init, the JVM that {@code unshare --fork} started (its only child). */
    private static void terminateContainer(CliProcess container) throws IOException {
        long pid = container.pid();
        String children = Files.readString(Path.of("/proc/" + pid + "/task/" + pid + "/children")).trim();
        assertFalse(children.isEmpty(), "unshare runs the container's JVM");
        HostFacts.run(List.of("kill", "-TERM", children.split("\\s+")[0]));
    }

    private JsonNode inspect(String name) {
        try (CliProcess c = CliProcess.run("inspect", name, "--json", "--dir", volume.toString())) {
            return c.exitCode() == 0 ? c.json() : null;
        }
    }
}
