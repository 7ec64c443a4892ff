package io.framebus;

import org.junit.jupiter.api.Test;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/** What a bridge tells inspect and ls: the writer's link lines, and the contact time of a forwarding reader. */
class ChannelLinkTest {

    private static ChannelSnapshot.Summary summary(String name) {
        return FrameChannel.list(SHM).stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void aBridgedChannelShowsItsSourceAndWhetherItIsStillHeard() {
        String name = uniqueName("link-in");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4))) {
            assertNull(FrameChannel.inspect(name, SHM).link(), "a channel of this host has no link");
            assertNull(summary(name).bridge());

            writer.link().declareBridge("aeron:udp?endpoint=10.0.0.2:40123 from 10.0.0.1");
            writer.link().update(System.nanoTime(), 12, 3, 1);
            ChannelSnapshot.Link link = FrameChannel.inspect(name, SHM).link();
            assertEquals("bridge", link.kind());
            assertEquals("aeron:udp?endpoint=10.0.0.2:40123 from 10.0.0.1", link.source());
            assertEquals(12, link.received());
            assertEquals(3, link.sourceSkipped());
            assertEquals(1, link.incomplete());
            assertTrue(link.lastHeardMs() >= 0 && link.lastHeardMs() < ChannelLink.GONE_AFTER_MILLIS, link.toString());
            assertFalse(link.sourceGone());
            assertEquals("from aeron:udp?endpoint=10.0.0.2:40123 from 10.0.0.1", summary(name).bridge());

            writer.link().update(System.nanoTime() - 2_000_000_000L, 12, 3, 1);
            link = FrameChannel.inspect(name, SHM).link();
            assertTrue(link.lastHeardMs() >= 2000, link.toString());
            assertTrue(link.sourceGone(), "not heard for two seconds: gone");
            assertTrue(summary(name).bridge().endsWith("(gone)"), summary(name).bridge());
        }
    }

    @Test
    void aForwardingReaderShowsWhenItLastHeardFromItsFarEnd() {
        String name = uniqueName("link-out");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader plainReader = FrameChannel.attach(name, latest().withLabel("plain"));
             ChannelReader bridge = FrameChannel.attach(name, latest().withLabel("bridge send to 10.0.0.2:40123"))) {
            assertNotNull(writer);
            assertNotNull(plainReader);
            assertNull(summary(name).bridge(), "no reader forwards frames yet");
            bridge.reportContact(System.nanoTime());
            ChannelSnapshot s = FrameChannel.inspect(name, SHM);
            ChannelSnapshot.Reader row = s.readers().stream().filter(r -> r.row() == bridge.row()).findFirst()
                    .orElseThrow();
            assertTrue(row.lastContactMs() >= 0 && row.lastContactMs() < 1000, row.toString());
            assertEquals(-1, s.readers().stream().filter(r -> r.row() == plainReader.row()).findFirst()
                    .orElseThrow().lastContactMs(), "a reader that forwards nothing has no contact time");
            assertEquals("to bridge send to 10.0.0.2:40123", summary(name).bridge());
        }
    }
}
