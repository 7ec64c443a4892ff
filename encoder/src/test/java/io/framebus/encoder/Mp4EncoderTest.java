package io.framebus.encoder;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.TestPatternSource;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;

import static io.framebus.encoder.EncoderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** The encoder on its own: reading slots in place, drawing only on its private picture, closing safely. */
class Mp4EncoderTest {

    /**
     * Reader A encodes each frame (with a box drawn); afterwards reader B takes the same frame from
     * the same slot and finds it byte-identical to an independent decode: the encoder read the
     * slot in place (its sws_scale source pointer was the frame's own address) and wrote nothing into it.
     */
    @Test
    void readsTheSlotInPlaceAndNeverWritesToIt() {
        String name = uniqueName("inplace");
        Path out = output(name);
        int frames = 8;
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             FfmpegSource reference = FfmpegSource.open(PEOPLE);
             Arena arena = Arena.ofConfined();
             ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 4));
             ChannelReader encoderReader = FrameChannel.attach(name, lossless());
             ChannelReader checker = FrameChannel.attach(name, lossless());
             Mp4Encoder encoder = Mp4Encoder.open(out, 768, 432, 10, EncoderOptions.defaults())) {
            long bytes = source.info().frameBytes();
            MemorySegment expected = arena.allocate(bytes, 64);
            BoxPainter painter = new BoxPainter();
            for (int i = 0; i < frames; i++) {
                FrameClaim claim = writer.claim(Duration.ofSeconds(5));
                assertTrue(source.advance());
                source.writeTo(claim.segment(), source.info().stride());
                claim.video(768, 432, 768 * 3, PixelFormat.BGR24).pts(source.ptsMicros()).publish();
                assertTrue(reference.advance());
                reference.writeTo(expected, source.info().stride());
                try (Frame frame = encoderReader.tryTake(Duration.ofSeconds(5))) {
                    YuvPicture picture = encoder.load(frame);
                    assertEquals(frame.segment().address(), encoder.lastSourceAddress(),
                            "sws_scale must read the slot itself");
                    assertTrue(painter.drawBox(picture, i, 0.9f, 50, 50, 400, 300));
                    encoder.write();
                }
                try (Frame frame = checker.tryTake(Duration.ofSeconds(5))) {
                    assertEquals(-1, MemorySegment.mismatch(frame.segment(), 0, bytes, expected, 0, bytes),
                            "frame " + i + ": the slot changed while the encoder used it");
                }
            }
            assertEquals(frames, encoder.frames());
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    void closeIsIdempotentAndTheFileIsComplete() {
        Path out = output(uniqueName("close"));
        try (Arena arena = Arena.ofConfined()) {
            TestPatternSource pattern = new TestPatternSource(320, 180, 25);
            MemorySegment pixels = arena.allocate(320 * 180 * 3);
            Mp4Encoder encoder = Mp4Encoder.open(out, 320, 180, 25, EncoderOptions.defaults());
            for (int i = 0; i < 10; i++) {
                assertTrue(pattern.advance());
                pattern.writeTo(pixels, 320 * 3);
                encoder.load(pixels, 320, 180, 320 * 3, PixelFormat.BGR24);
                encoder.write();
            }
            encoder.close();
            encoder.close(); // a second free of the codec context would crash the JVM
            assertThrows(IllegalStateException.class, () -> encoder.load(pixels, 320, 180, 960, PixelFormat.BGR24));
            assertEquals(10, decodeAll(out, arena).length);
        }
        Mp4Encoder empty = Mp4Encoder.open(output(uniqueName("empty")), 64, 48, 10, EncoderOptions.defaults());
        empty.close();
        empty.close();
    }

    @Test
    void unknownEncoderAndBadGeometryAreClearErrors() {
        EncoderException e = assertThrows(EncoderException.class, () -> Mp4Encoder.open(output(uniqueName("bad")),
                64, 48, 10, EncoderOptions.defaults().withEncoder("no-such-encoder")));
        assertTrue(e.getMessage().contains("no-such-encoder") && e.getMessage().contains("libopenh264"),
                e.getMessage());
        try (Arena arena = Arena.ofConfined();
             Mp4Encoder encoder = Mp4Encoder.open(output(uniqueName("geom")), 64, 48, 10, EncoderOptions.defaults())) {
            MemorySegment small = arena.allocate(100);
            EncoderException g = assertThrows(EncoderException.class,
                    () -> encoder.load(small, 64, 48, 192, PixelFormat.BGR24));
            assertTrue(g.getMessage().contains("does not fit"), g.getMessage());
            EncoderException f = assertThrows(EncoderException.class,
                    () -> encoder.load(arena.allocate(64 * 48 * 2), 64, 48, 64, PixelFormat.NV12));
            assertTrue(f.getMessage().contains("NV12"), f.getMessage());
        }
    }

    @Test
    void loadDrawWriteAllocateNothingPerFrame() {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (Arena arena = Arena.ofConfined();
             Mp4Encoder encoder = Mp4Encoder.open(output(uniqueName("alloc")), 320, 180, 25,
                     EncoderOptions.defaults())) {
            MemorySegment pixels = arena.allocate(320 * 180 * 3);
            TestPatternSource.render(pixels, 960, 320, 180, 7);
            BoxPainter painter = new BoxPainter();
            for (int i = 0; i < 30; i++) {
                painter.drawBox(encoder.load(pixels, 320, 180, 960, PixelFormat.BGR24), 3, 0.5f, 10, 10, 200, 150);
                encoder.write();
            }
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 100; i++) {
                painter.drawBox(encoder.load(pixels, 320, 180, 960, PixelFormat.BGR24), 3, 0.5f, 10, 10, 200, 150);
                encoder.write();
            }
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("encoder load + draw + write: " + allocated + " bytes allocated over 100 frames");
            assertTrue(allocated < 100 * 8, "allocated " + allocated + " bytes over 100 frames");
        }
    }
}
