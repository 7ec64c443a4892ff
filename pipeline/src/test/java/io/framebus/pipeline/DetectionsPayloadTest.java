package io.framebus.pipeline;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameKind;
import io.framebus.FrameTooLargeException;
import io.framebus.ReaderOptions;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class DetectionsPayloadTest {
    @Test
    void detectionsRoundTripThroughAChannel() {
        String name = "dets-" + ProcessHandle.current().pid();
        var boxes = List.of(new Detections.Detection(0, 0.9f, 10, 20, 110, 220),
                new Detections.Detection(5, 0.5f, 1.5f, 2.5f, 3.5f, 4.5f));
        try (ChannelWriter writer = FrameChannel.create(ChannelConfig.of(name, 4096).withSlots(4)
                .withBacking(Backing.PLAIN));
             ChannelReader reader = FrameChannel.attach(name, ReaderOptions.latest())) {
            Detections.writeInto(writer.tryClaim(), 77, 768, 432, 1, 12345, boxes).publish();
            try (Frame f = reader.tryTake()) {
                assertEquals(FrameKind.DETECTIONS, f.kind());
                Detections.Frame d = Detections.read(f.segment(), f.length());
                assertEquals(77, d.frameSequence());
                assertEquals(768, d.width());
                assertEquals(432, d.height());
                assertEquals(1, d.producer());
                assertEquals(12345, d.analysisNanos());
                assertEquals(boxes, d.detections());
            }
        }
    }

    @Test
    void malformedPayloadsAreRejected() {
        MemorySegment m = Arena.ofAuto().allocate(256);
        assertThrows(ChannelFormatException.class, () -> Detections.read(m, 8));
        assertThrows(ChannelFormatException.class, () -> Detections.read(m, 64), "no magic");
        Detections.write(m, 1, 2, 3, 4, 5, List.of());
        m.set(ValueLayout.JAVA_INT_UNALIGNED, 28, 1_000_000);
        assertThrows(ChannelFormatException.class, () -> Detections.read(m, 64), "count beyond the length");
        assertThrows(FrameTooLargeException.class, () -> Detections.write(Arena.ofAuto().allocate(50), 1, 2, 3, 4, 5,
                List.of(new Detections.Detection(0, 1, 0, 0, 1, 1))));
    }
}
