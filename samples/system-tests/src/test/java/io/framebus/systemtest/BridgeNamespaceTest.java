package io.framebus.systemtest;

import io.framebus.ChannelSnapshot;
import io.framebus.testkit.VethPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bridge between two hosts: {@code pub} and {@code bridge send} in one network namespace, {@code bridge
 * receive} and {@code sub --verify} in another, joined by a veth pair ({@link VethPair}). 1080p and 4K (a 4K
 * BGR24 frame is larger than Aeron's largest message), lossless and latest, 1% of the bridge's datagrams
 * dropped, a slow link, and each side killed and restarted. Every byte of every frame on the far side is
 * checked. Needs root: skips without it, fails instead under {@code FRAMEBUS_NO_SKIP=1}. The namespaces are
 * removed after each test, pass or fail.
 */
class BridgeNamespaceTest extends CliTestSupport {
    private static final String NFT = "nft (Debian's nftables), to drop 1% of the bridge's datagrams";
    private VethPair net;
    private List<String> a;
    private List<String> b;

    @BeforeEach
    void twoHosts() throws IOException {
        requireRoot("root, for network namespaces");
        net = VethPair.create();
        a = VethPair.in(net.a);
        b = VethPair.in(net.b);
    }

    @AfterEach
    void removeHosts() {
        CliProcess.closeAll(); // the processes in the namespaces first
        BridgeProcesses.removeDeadDriverDirectories();
        if (net != null) {
            net.close();
        }
    }

    private BridgeProcesses.Pipeline start(int port, String mode, String size, int frames, int fps) {
        return BridgeProcesses.Pipeline.start(this, a, b, VethPair.B_ADDRESS + ":" + port, mode, size, frames, fps);
    }

    private static void assertEveryFrameArrivedWhole(BridgeProcesses.Reports r, int frames) {
        assertEquals(frames, r.sent().path("sent").asLong(), r.toString());
        assertEquals(frames, r.received().path("received").asLong(), r.toString());
        assertEquals(0, r.received().path("incomplete").asLong(), r.toString());
        assertEquals(frames, r.far().path("received").asLong(), "lossless loses nothing: " + r);
        assertEquals(1, r.far().path("first_sequence").asLong(), r.toString());
        assertEquals(frames, r.far().path("last_sequence").asLong(), r.toString());
        assertOnlyWholeFrames(r);
    }

    private static void assertOnlyWholeFrames(BridgeProcesses.Reports r) {
        assertEquals(0, r.far().path("verify_failures").asLong(), "every byte of every frame: " + r);
        assertEquals(0, r.far().path("out_of_order").asLong(), r.toString());
        assertTrue(r.far().path("ok").asBoolean(), r.toString());
        assertTrue(r.far().path("bridged").asBoolean(), r.toString());
        assertEquals("closed", r.far().path("ended").asText(), "the close travelled: " + r);
    }

    @Test
    void lossless1080pThroughOnePercentLossLosesNothing() throws IOException {
        requireCommands(NFT, "nft");
        int frames = 90;
        int port = BridgeProcesses.port();
        net.dropUdp(net.a, port, 1);
        BridgeProcesses.Reports r = start(port, "lossless", "1080p", frames, 30).finish();
        assertEveryFrameArrivedWhole(r, frames);
        assertTrue(net.dropped(net.a) > 0, "the link dropped datagrams, which Aeron repaired");
    }

    @Test
    void lossless4kFramesAreSplitAndReassembledThroughOnePercentLoss() throws IOException {
        requireCommands(NFT, "nft");
        int frames = 16;
        int port = BridgeProcesses.port();
        net.dropUdp(net.a, port, 1);
        BridgeProcesses.Reports r = start(port, "lossless", "4k", frames, 8).finish();
        assertEveryFrameArrivedWhole(r, frames);
        assertEquals(frames * 3840L * 2160 * 3, r.received().path("bytes").asLong(), "24.9 MB a frame: " + r);
        assertTrue(net.dropped(net.a) > 0, "the link dropped datagrams, which Aeron repaired");
    }

    @Test
    void latest4kCarriesWholeFrames() {
        int frames = 16;
        BridgeProcesses.Reports r = start(BridgeProcesses.port(), "latest", "4k", frames, 8).finish();
        assertOnlyWholeFrames(r);
        assertTrue(r.far().path("received").asLong() > 0, r.toString());
        assertEquals(frames, r.sent().path("sent").asLong() + r.sent().path("skipped").asLong()
                + r.sent().path("abandoned").asLong(), "every frame sent or counted skipped: " + r);
    }

    @Test
    void latestOverASlowLossyLinkSkipsWholeFramesAndCountsThem() throws IOException {
        requireCommands(NFT, "nft");
        int frames = 120;
        int port = BridgeProcesses.port();
        net.limitRate("200mbit");
        net.dropUdp(net.a, port, 1);
        BridgeProcesses.Reports r = start(port, "latest", "1080p", frames, 60).finish();
        assertOnlyWholeFrames(r);
        long sent = r.sent().path("sent").asLong();
        long skipped = r.sent().path("skipped").asLong() + r.sent().path("abandoned").asLong();
        assertTrue(sent > 0 && skipped > 0, "a 3 Gbit/s source over a 200 Mbit/s link skips: " + r);
        assertEquals(frames, sent + skipped, "every frame sent or counted skipped: " + r);
        assertEquals(sent, r.received().path("received").asLong(), r.toString());
        assertEquals(skipped, r.received().path("source_skipped").asLong(), "the receiver knows of the skips: " + r);
    }

    @Test
    void aKilledReceiverRestartsAndResumesAtTheNextWholeFrame() {
        int frames = 450;
        BridgeProcesses.Pipeline p = start(BridgeProcesses.port(), "latest", "1080p", frames, 30);
        awaitPublished(p.far(), 20);
        p.receiver().kill9();
        long before = BridgeProcesses.snapshot(p.far()).published();
        CliProcess again = BridgeProcesses.receive(b, p.far(), p.at(), "--once");
        assertTrue(again.stderr().contains("waiting for a sender"), again.describe());
        awaitPublished(p.far(), before + 20);
        assertTrue(p.sender().isAlive(), "the sender carried on: " + p.sender().describe());
        assertEquals(0, p.pub().waitFor(), p.pub().describe());
        BridgeProcesses.Reports r = new BridgeProcesses.Reports(BridgeProcesses.report(p.sender()),
                BridgeProcesses.report(again), BridgeProcesses.report(p.farSub()),
                BridgeProcesses.report(p.localSub()));
        assertTrue(again.stderr().contains("took over channel"), again.describe());
        assertOnlyWholeFrames(r);
        assertTrue(r.received().path("received").asLong() > 0, "the new receiver carried frames: " + r);
        assertTrue(r.far().path("last_sequence").asLong() > frames - 30, "resumed until the end: " + r);
    }

    @Test
    void aKilledSenderLeavesTheFarChannelOpenWithItsUpstreamGoneAndItResumes() {
        int frames = 450;
        BridgeProcesses.Pipeline p = start(BridgeProcesses.port(), "latest", "1080p", frames, 30);
        awaitPublished(p.far(), 20);
        p.sender().kill9();
        ChannelSnapshot gone = await("upstream gone", () -> BridgeProcesses.snapshot(p.far()),
                s -> s.link() != null && s.link().sourceGone());
        assertEquals("open", gone.state(), "the far channel stays open");
        CliProcess inspect = CliProcess.run("inspect", p.far(), "--dir", SHM_DIR);
        assertTrue(inspect.stdout().contains("(upstream gone)"), inspect.describe());
        CliProcess again = BridgeProcesses.send(a, p.source(), p.at(), "latest");
        await("upstream back", () -> BridgeProcesses.snapshot(p.far()),
                s -> !s.link().sourceGone() && s.published() > gone.published() + 10);
        inspect = CliProcess.run("inspect", p.far(), "--dir", SHM_DIR);
        assertTrue(inspect.stdout().contains("(upstream connected)"), inspect.describe());
        assertEquals(0, p.pub().waitFor(), p.pub().describe());
        BridgeProcesses.Reports r = new BridgeProcesses.Reports(BridgeProcesses.report(again),
                BridgeProcesses.report(p.receiver()), BridgeProcesses.report(p.farSub()),
                BridgeProcesses.report(p.localSub()));
        assertOnlyWholeFrames(r);
        assertEquals(2, r.received().path("senders").asLong(), r.toString());
        assertFalse(r.far().path("writer_dead").asBoolean(), r.toString());
    }

    @Test
    void oneMulticastSenderFeedsTwoReceivers() {
        int frames = 60;
        String group = "239.255.13.1:" + BridgeProcesses.port();
        String source = uniqueName("brsrc");
        List<CliProcess> receivers = List.of(
                BridgeProcesses.receive(b, uniqueName("brfar"), group, "--once", "--interface", VethPair.B_ADDRESS),
                BridgeProcesses.receive(b, uniqueName("brfar"), group, "--once", "--interface", VethPair.B_ADDRESS));
        CliProcess pub = BridgeProcesses.pub(a, source, "640x480", frames, 30, 1);
        CliProcess sender = BridgeProcesses.send(a, source, group, "lossless", "--interface", VethPair.A_ADDRESS);
        assertEquals(0, pub.waitFor(), pub.describe());
        assertEquals(frames, BridgeProcesses.report(sender).path("sent").asLong(), sender.describe());
        for (CliProcess r : receivers) {
            assertEquals(frames, BridgeProcesses.report(r).path("received").asLong(), r.describe());
        }
    }

    private static void awaitPublished(String channel, long published) {
        await(channel + " published " + published, () -> BridgeProcesses.snapshot(channel).published(),
                n -> n >= published);
    }
}
