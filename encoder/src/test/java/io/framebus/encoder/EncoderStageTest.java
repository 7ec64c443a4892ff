package io.framebus.encoder;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.capture.Capture;
import io.framebus.capture.CaptureOptions;
import io.framebus.capture.CaptureSummary;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;
import io.framebus.pipeline.Detections;
import io.framebus.pipeline.StageListener;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static io.framebus.encoder.EncoderTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** Capture decodes a real video into a channel; the encoder stage writes it to MP4; the MP4 is decoded back. */
class EncoderStageTest {

    /** Runs capture of {@code frames} frames of the people video into {@code writer} and closes it when done. */
    private static CompletableFuture<CaptureSummary> captureThenClose(FfmpegSource source, ChannelWriter writer,
                                                                    int frames) {
        return CompletableFuture.supplyAsync(() -> {
            try (writer) {
                return new Capture(source).run(writer, CaptureOptions.defaults().withMaxFrames(frames),
                        StageListener.NONE);
            }
        });
    }

    @Test
    void encodesCapturedFramesToAnMp4ThatDecodesBackFrameForFrame() throws Exception {
        String name = uniqueName("frames");
        Path out = output(name);
        int frames = 60;
        EncodeSummary summary;
        AtomicLong listened = new AtomicLong();
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            CompletableFuture<CaptureSummary> capture = captureThenClose(source, writer, frames);
            summary = new EncoderStage().run(reader, List.of(), out, EncoderOptions.defaults(),
                    (seq, cap, take, done, skipped) -> listened.incrementAndGet());
            assertEquals(frames, capture.get().frames());
        }
        assertFalse(channelFileExists(name));
        System.out.println("encode: " + summary);
        assertEquals(frames, summary.frames());
        assertEquals(frames, listened.get());
        assertEquals("libopenh264", summary.encoder());
        assertEquals(10, summary.fps(), "derived from the 100 ms pts step");
        assertEquals(768, summary.width());
        assertEquals(432, summary.height());
        assertEquals(0, summary.skipped());
        assertTrue(Files.size(out) > 1000);

        SourceInfo info = FfmpegSource.probe(out.toString());
        assertEquals(768, info.width());
        assertEquals(432, info.height());
        assertEquals(10.0, info.fps(), 1e-9);
        assertEquals(frames, info.frameCount(), "container frame count");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] decoded = decodeAll(out, arena);
            assertEquals(frames, decoded.length, "every frame decodes back (none lost at the end)");
            MemorySegment[] original = new MemorySegment[frames];
            try (FfmpegSource again = FfmpegSource.open(PEOPLE)) {
                for (int i = 0; i < frames; i++) {
                    assertTrue(again.advance());
                    original[i] = arena.allocate(info.frameBytes(), 64);
                    again.writeTo(original[i], info.stride());
                }
            }
            for (int i : new int[] {0, frames / 2, frames - 1}) {
                double diff = meanAbsDiff(decoded[i], original[i], 768, 0, 0, 768, 432);
                assertTrue(diff < 8, "frame " + i + " differs from the source by " + diff + " per byte on average");
            }
        }
    }

    @Test
    void boxesFromADetectionChannelAreDrawnIntoTheOutput() throws Exception {
        String name = uniqueName("boxframes");
        String detName = uniqueName("dets");
        Path out = output(name);
        int frames = 20;
        // class 0 (green), in the coordinates of a frame twice the size: the stage must scale it to 768x432
        Detections.Detection box = new Detections.Detection(0, 0.9f, 200, 160, 600, 760);
        EncodeSummary summary;
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ChannelWriter detections = FrameChannel.create(plain(detName, Detections.bytesFor(16)).withSlots(4));
             ChannelReader detReader = FrameChannel.attach(detName, latest())) {
            Detections.writeInto(detections.tryClaim(), 1, 1536, 864, 1, 1_000_000, List.of(box)).publish();
            CompletableFuture<CaptureSummary> capture = captureThenClose(source, writer, frames);
            summary = new EncoderStage().run(reader, List.of(detReader), out, EncoderOptions.defaults().withFps(10),
                    StageListener.NONE);
            capture.get();
        }
        assertFalse(channelFileExists(name));
        assertFalse(channelFileExists(detName));
        assertEquals(frames, summary.frames());
        assertEquals(1, summary.detectionFrames());
        assertEquals(frames, summary.boxesDrawn());

        try (Arena arena = Arena.ofConfined()) {
            MemorySegment[] decoded = decodeAll(out, arena);
            assertEquals(frames, decoded.length);
            MemorySegment[] original = new MemorySegment[frames];
            try (FfmpegSource again = FfmpegSource.open(PEOPLE)) {
                for (int i = 0; i < frames; i++) {
                    assertTrue(again.advance());
                    original[i] = arena.allocate(768L * 432 * 3, 64);
                    again.writeTo(original[i], 768 * 3);
                }
            }
            // the box is (100,80)-(300,380) in the output: 2-pixel green edges
            int[][] edge = {
                {100, 200}, {101, 300}, {298, 200}, {299, 120}, {200, 80}, {150, 81}, {200, 378}, {250, 379}
            };
            for (int i : new int[] {0, frames - 1}) {
                for (int[] p : edge) {
                    int[] got = bgr(decoded[i], 768, p[0], p[1]);
                    int[] before = bgr(original[i], 768, p[0], p[1]);
                    String where = "frame " + i + " at " + p[0] + "," + p[1] + ": BGR " + java.util.Arrays.toString(got)
                            + " (input " + java.util.Arrays.toString(before) + ")";
                    assertTrue(got[1] > 180 && got[0] < 100 && got[2] < 100, "box edge should be green: " + where);
                    int difference = Math.abs(got[1] - before[1]) + Math.abs(got[0] - before[0])
                            + Math.abs(got[2] - before[2]);
                    assertTrue(difference > 100, "box edge should differ from the input: " + where);
                }
                // inside the box, away from the edges, the picture is the input's
                double inside = meanAbsDiff(decoded[i], original[i], 768, 120, 100, 280, 360);
                assertTrue(inside < 10, "inside the box the frame should be unchanged, mean diff " + inside);
            }
        }
    }

    @Test
    void channelClosedBeforeAnyFrameWritesNoFile() {
        String name = uniqueName("empty");
        Path out = output(name);
        ChannelWriter writer = FrameChannel.create(plain(name, 64 * 48 * 3).withSlots(2));
        try (ChannelReader reader = FrameChannel.attach(name, lossless())) {
            writer.close();
            EncodeSummary s = new EncoderStage().run(reader, List.of(), out, EncoderOptions.defaults(),
                    StageListener.NONE);
            assertEquals(0, s.frames());
            assertFalse(Files.exists(out));
        } finally {
            writer.close();
        }
        assertFalse(channelFileExists(name));
    }

    @Test
    @SuppressWarnings("try") // the reader is closed early on purpose, to release the capture
    void maxFramesStopsTheStage() throws Exception {
        String name = uniqueName("max");
        Path out = output(name);
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 4));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            CompletableFuture<CaptureSummary> capture = CompletableFuture.supplyAsync(() -> new Capture(source)
                    .run(writer, CaptureOptions.defaults().withMaxFrames(12), StageListener.NONE));
            EncodeSummary s = new EncoderStage().run(reader, List.of(), out, EncoderOptions.defaults().withMaxFrames(5),
                    StageListener.NONE);
            assertEquals(5, s.frames());
            reader.close(); // lets the capture finish its remaining frames
            capture.get();
        }
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(5, decodeAll(out, arena).length);
        }
        assertFalse(channelFileExists(name));
    }
}
