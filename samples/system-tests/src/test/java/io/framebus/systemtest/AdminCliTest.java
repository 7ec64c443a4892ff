package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code ls}, {@code rm} and {@code gc} with a writer killed by {@code kill -9}. The channels live in
 * a private directory under /dev/shm: {@code gc} removes every dead writer's channel in the
 * directory it is given, and other processes (another build, the core's tests) may keep dead
 * writers' channels in /dev/shm itself on purpose.
 */
class AdminCliTest extends CliTestSupport {
    private Path dir;
    private String dirArg;

    @BeforeEach
    void privateDirectory() throws IOException {
        dir = Files.createTempDirectory(SHM, "fbcli-admin-");
        dirArg = dir.toString();
    }

    @AfterEach
    void directoryIsLeftEmpty() throws IOException {
        CliProcess.closeAll();
        List<Path> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.toList();
        }
        for (Path f : left) {
            Files.deleteIfExists(f);
        }
        Files.delete(dir);
        assertEquals(List.of(), left, "channel files left behind");
    }

    private CliProcess startWriter(String name) {
        return CliProcess.start("pub", "--channel", name, "--size", "64x48", "--frames", "100000000", "--fps", "20",
                "--dir", dirArg);
    }

    private JsonNode ls() {
        CliProcess c = CliProcess.run("ls", "--json", "--dir", dirArg);
        try (c) {
            assertEquals(0, c.exitCode(), c.describe());
            return c.json();
        }
    }

    @Test
    void lsShowsADeadWriterRmRefusesALiveOneAndGcRemovesTheDead() {
        String dead = uniqueName("killed");
        String live = uniqueName("live");
        try (CliProcess victim = startWriter(dead); CliProcess survivor = startWriter(live)) {
            JsonNode all = await("both channels to be listed with live writers", this::ls,
                    j -> j.size() == 2 && j.get(0).path("writer_alive").asBoolean()
                            && j.get(1).path("writer_alive").asBoolean());
            assertEquals(victim.pid(), find(all, "name", dead).get("writer_pid").asLong(), all.toPrettyString());
            assertEquals(survivor.pid(), find(all, "name", live).get("writer_pid").asLong(), all.toPrettyString());

            victim.kill9();
            JsonNode after = ls();
            JsonNode d = find(after, "name", dead);
            assertNotNull(d, "a killed writer's channel stays until gc: " + after.toPrettyString());
            assertFalse(d.get("writer_alive").asBoolean(), "the kernel dropped the dead writer's lock: " + d);
            assertTrue(find(after, "name", live).get("writer_alive").asBoolean(), after.toPrettyString());
            assertTrue(d.get("error").isNull(), d.toString());

            CliProcess table = CliProcess.run("ls", "--dir", dirArg);
            assertEquals(0, table.exitCode(), table.describe());
            assertTrue(table.stdout().matches("(?s)name\\s+size\\s+backing\\s+writer pid\\s+alive\\s+readers\\s+"
                    + "published\\s+path\\n.*" + dead + "\\s+\\S+ KiB\\s+plain\\s+" + victim.pid() + "\\s+no\\s.*"),
                    table.describe());

            CliProcess refused = CliProcess.run("rm", live, "--dir", dirArg);
            assertEquals(1, refused.exitCode(), refused.describe());
            assertTrue(refused.stderr().startsWith("framebus: channel '" + live + "' has a live writer"),
                    refused.describe());
            assertTrue(Files.exists(dir.resolve("framebus-" + live)));

            CliProcess gc = CliProcess.run("gc", "--dir", dirArg);
            assertEquals(0, gc.exitCode(), gc.describe());
            assertEquals(List.of(dead), gc.stdout().lines().toList(), "gc removes only the dead writer's channel");
            assertFalse(Files.exists(dir.resolve("framebus-" + dead)));
            assertTrue(Files.exists(dir.resolve("framebus-" + live)), "a live writer's channel survives gc");

            CliProcess forced = CliProcess.run("rm", live, "--force", "--dir", dirArg);
            assertEquals(0, forced.exitCode(), forced.describe());
            assertEquals("removed " + live, forced.stdout().strip());
            assertFalse(Files.exists(dir.resolve("framebus-" + live)));
            assertTrue(survivor.isAlive(), "removing the file does not stop its writer");
            survivor.terminate();
            assertEquals(0, ls().size());
        }
    }

    @Test
    void rmRemovesADeadWritersChannelWithoutForce() {
        String name = uniqueName("rmdead");
        try (CliProcess writer = startWriter(name)) {
            await("the channel to appear", this::ls, j -> j.size() == 1);
            writer.kill9();
            CliProcess rm = CliProcess.run("rm", name, "--dir", dirArg);
            assertEquals(0, rm.exitCode(), rm.describe());
            assertEquals("removed " + name, rm.stdout().strip());
            CliProcess again = CliProcess.run("rm", name, "--dir", dirArg);
            assertEquals(1, again.exitCode(), again.describe());
            assertTrue(again.stderr().startsWith("framebus: no channel '" + name + "'"), again.describe());
        }
    }
}
