package io.framebus.systemtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.ChannelConfig;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The command line against a hostile neighbour: group channels made by every creating command, text from
 * shared memory that tries to take over the terminal, and a group member who truncates the files of live
 * channels under {@code capture} (whose decoder writes into the slots natively), {@code pub} and {@code sub}.
 */
class HostileCliTest extends CliTestSupport {
    private static final Path VIDEO = Path.of("../../assets/video/people-walking-768x432.mp4");
    /** Debian's unprivileged user and its group: the neighbour. */
    private static final String NEIGHBOUR_GROUP = "nogroup";

    @Test
    void everyCommandThatCreatesAChannelAcceptsGroup() throws IOException {
        String group = ownGroup();
        String frames = uniqueName("group-frames");
        String motion = uniqueName("group-motion");
        String pattern = uniqueName("group-pub");
        try (CliProcess pub = CliProcess.start("pub", "--channel", pattern, "--size", "64x48",
                "--frames", "1000000", "--fps", "20", "--group", group, "--dir", SHM_DIR);
             CliProcess capture = CliProcess.start("capture", "--input", "testpattern", "--size", "160x120",
                     "--channel", frames, "--frames", "1000000", "--realtime", "--group", group, "--dir", SHM_DIR);
             CliProcess diff = CliProcess.start("motion", "--frames", frames, "--out", motion, "--group", group,
                     "--dir", SHM_DIR)) {
            for (String name : List.of(pattern, frames, motion)) {
                await("channel " + name, () -> inspectJson(name), j -> j != null);
            }
            assertTrue(pub.isAlive() && capture.isAlive() && diff.isAlive(), diff.describe());
            assertGroupChannel(pattern, group);
            assertGroupChannel(frames, group);
            assertGroupChannel(motion, group);
            for (CliProcess p : List.of(diff, capture, pub)) {
                p.terminate(); // SIGTERM: each closes its channels, which removes their files (checked after)
                assertTrue(p.exitCode() == 0 || p.exitCode() == 128 + 15, p.describe());
            }
        }
    }

    private static JsonNode inspectJson(String name) {
        try (CliProcess c = CliProcess.run("inspect", name, "--json", "--dir", SHM_DIR)) {
            return c.exitCode() == 0 ? c.json() : null;
        }
    }

    @Test
    void inspectAndLsShowEscapeCodesFromSharedMemoryAsVisibleText() {
        String name = uniqueName("escapes");
        try (ChannelWriter w = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(2)
                .withDirectory(SHM))) {
            w.note("\u001b[2J\u001b[31mred\u202eevil\u0007");
            try (CliProcess inspect = CliProcess.run("inspect", name, "--dir", SHM_DIR);
                 CliProcess ls = CliProcess.run("ls", "--dir", SHM_DIR)) {
                assertEquals(0, inspect.exitCode(), inspect.describe());
                String out = inspect.stdout();
                assertFalse(out.chars().anyMatch(c -> c == 0x1b || c == 0x07 || c == 0x202e), out);
                assertTrue(out.contains("note       \\x1b[2J\\x1b[31mred\\u202eevil\\x07"), out);
                assertEquals(0, ls.exitCode(), ls.describe());
                assertFalse(ls.stdout().chars().anyMatch(c -> c == 0x1b), ls.stdout());
            }
        }
    }

    /**
     * The neighbour is a member of the channels' group: it may read frames but not write them. It cannot shrink
     * the data files the decoder writes into natively; it can truncate the control files (members write their
     * reader rows there), and then every process that touches them stops with a typed, one-line error.
     */
    @Test
    void aGroupMemberWhoTruncatesLiveChannelsStopsEveryProcessWithATypedError() throws Exception {
        requireRoot("root, to play another user");
        assertTrue(Files.exists(VIDEO), VIDEO.toAbsolutePath().toString());
        String video = uniqueName("trunc-video");
        String pattern = uniqueName("trunc-pattern");
        List<CliProcess> victims = new ArrayList<>();
        try (CliProcess capture = CliProcess.start("capture", "--input", VIDEO.toString(), "--loop", "--realtime",
                "--channel", video, "--group", NEIGHBOUR_GROUP, "--wait-readers", "1", "--dir", SHM_DIR);
             CliProcess pub = CliProcess.start("pub", "--channel", pattern, "--size", "320x240", "--frames",
                     "100000000", "--fps", "100", "--group", NEIGHBOUR_GROUP, "--wait-readers", "1",
                     "--dir", SHM_DIR);
             CliProcess videoSub = CliProcess.start("sub", "--channel", video, "--mode", "lossless",
                     "--timeout-ms", "120000", "--group", NEIGHBOUR_GROUP, "--dir", SHM_DIR);
             CliProcess patternSub = CliProcess.start("sub", "--channel", pattern, "--mode", "lossless",
                     "--verify", "--timeout-ms", "120000", "--group", NEIGHBOUR_GROUP, "--dir", SHM_DIR)) {
            victims.addAll(List.of(capture, pub, videoSub, patternSub));
            for (String name : List.of(video, pattern)) {
                await("frames flowing on " + name, () -> inspectJson(name),
                        j -> j != null && j.path("published").asLong() > 5);
            }
            for (String name : List.of(video, pattern)) {
                Path data = SHM.resolve("framebus-" + name + ".data");
                long size = Files.size(data);
                String refused = asNeighbour("truncate", "-s", "0", data.toString());
                assertTrue(refused.contains("Permission denied"), "a member cannot shrink the slots: " + refused);
                assertEquals(size, Files.size(data));
            }
            for (String name : List.of(video, pattern)) {
                String done = asNeighbour("truncate", "-s", "0", SHM.resolve("framebus-" + name).toString());
                assertTrue(done.startsWith("0\n"), "a member may write the control file: " + done);
            }
            for (CliProcess victim : victims) {
                int code = victim.waitFor();
                String err = victim.stderr();
                assertEquals(1, code, "a typed error, not a signal: " + victim.describe());
                assertTrue(err.startsWith("framebus: ") && err.contains("truncated"), victim.describe());
                for (String crash : List.of("InternalError", "SIGBUS", "hs_err", "fatal error", "\tat ")) {
                    assertFalse(err.contains(crash) || victim.stdout().contains(crash), victim.describe());
                }
            }
        }
    }

    /** Runs a command as user nobody in group nogroup; returns its exit code, a newline and its output. */
    private static String asNeighbour(String... command) throws IOException, InterruptedException {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=nobody", "--regid=" + NEIGHBOUR_GROUP,
                "--clear-groups"));
        full.addAll(List.of(command));
        Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        return p.waitFor() + "\n" + out;
    }
}
