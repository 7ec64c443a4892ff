package io.framebus.metrics;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderOptions;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.*;

/** The meters show the shared counters of real channels, and follow channels and readers as they come and go. */
class FramebusMetricsTest {
    private static final Path SHM = Path.of("/dev/shm");

    private static String uniqueName(String prefix) {
        return "metrics-" + prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
    }

    @Test
    void aWritersAndAReadersBindersReadTheSharedCounters() {
        String name = uniqueName("binder");
        MeterRegistry registry = new SimpleMeterRegistry();
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(4)
                .withBacking(Backing.PLAIN).withDirectory(SHM));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest().withDirectory(SHM))) {
            FramebusMetrics.forWriter(writer).bindTo(registry);
            FramebusMetrics.forReader(reader, SHM).bindTo(registry);
            for (int i = 0; i < 5; i++) {
                writer.tryClaim().length(8).publish();
            }
            Frame held = reader.tryTake(); // the newest, 5: skipped 1..4, held
            waitPastTheCache();
            assertEquals(5, registry.get("framebus.channel.published").tag("channel", name).functionCounter().count());
            assertEquals(1, registry.get("framebus.channel.readers").tag("channel", name).gauge().value());
            assertEquals(1, registry.get("framebus.channel.writer.alive").gauge().value());
            assertEquals(1, registry.get("framebus.channel.writer.generation").gauge().value());
            assertEquals(4096, registry.get("framebus.channel.slot.size").gauge().value());
            assertEquals(0, registry.get("framebus.channel.writer.stall.max").timeGauge().value(TimeUnit.SECONDS));
            String row = Integer.toString(reader.row());
            assertEquals(1, registry.get("framebus.reader.received").tags("channel", name, "row", row, "mode", "latest")
                    .functionCounter().count());
            assertEquals(4, registry.get("framebus.reader.skipped").tag("row", row).functionCounter().count());
            assertEquals(1, registry.get("framebus.reader.holds").tag("row", row).gauge().value());
            assertEquals(0, registry.get("framebus.reader.lag").tag("row", row).gauge().value());
            held.close();
            writer.tryClaim().length(8).publish();
            waitPastTheCache();
            assertEquals(6, registry.get("framebus.channel.published").functionCounter().count());
            assertEquals(1, registry.get("framebus.reader.lag").tag("row", row).gauge().value());
            assertEquals(0, registry.get("framebus.reader.holds").tag("row", row).gauge().value());
        }
        waitPastTheCache();
        assertTrue(Double.isNaN(registry.get("framebus.channel.published").functionCounter().count()),
                "a closed and removed channel reads as NaN");
    }

    @Test
    void directoryMetersFollowChannelsAndReadersAsTheyComeAndGo() {
        String name = uniqueName("dir");
        MeterRegistry registry = new SimpleMeterRegistry();
        DirectoryMeters meters = new DirectoryMeters(registry, SHM);
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(4)
                .withBacking(Backing.PLAIN).withDirectory(SHM))) {
            writer.tryClaim().length(8).publish();
            try (ChannelReader reader = FrameChannel.attach(name, ReaderOptions.lossless().withDirectory(SHM))) {
                meters.refresh();
                assertEquals(1, registry.get("framebus.channel.published").tag("channel", name).functionCounter()
                        .count());
                assertEquals(1, registry.get("framebus.reader.lag").tags("channel", name, "mode", "lossless",
                        "row", Integer.toString(reader.row())).gauge().value(), "frame 1 not taken yet");
            }
            meters.refresh();
            assertNull(registry.find("framebus.reader.lag").tag("channel", name).gauge(), "the reader's meters go");
            assertNotNull(registry.find("framebus.channel.published").tag("channel", name).functionCounter());
        }
        meters.refresh();
        assertNull(registry.find("framebus.channel.published").tag("channel", name).functionCounter(),
                "the channel's meters go with it");
    }

    private static void waitPastTheCache() {
        LockSupport.parkNanos(150_000_000L);
    }
}
