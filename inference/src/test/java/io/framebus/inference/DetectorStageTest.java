package io.framebus.inference;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameKind;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/** frames channel -> DetectorStage (its own thread) -> detections channel, read back by a reader. */
class DetectorStageTest {

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    // "try": closes the frames writer early on purpose (the stage drains and returns);
    // the try-with-resources still closes it if an assertion fails first.
    @SuppressWarnings("try")
    void endToEndOverChannels(@TempDir Path dir) throws Exception {
        Path jsonl = dir.resolve("detections.jsonl");
        String framesName = uniqueName("frames");
        String tensorName = uniqueName("tensors");
        String detName = uniqueName("dets");
        AtomicInteger listened = new AtomicInteger();
        List<Long> published = new ArrayList<>();
        DetectorStage.Summary summary;
        try (DetectorStage stage = DetectorStage.yolox(YOLOX);
             TestVideo video = new TestVideo(PEOPLE);
             ChannelWriter frames = FrameChannel.create(plain(framesName,
                     (long) stride(video.width()) * video.height()).withSlots(4));
             ChannelWriter tensors = FrameChannel.create(plain(stage.tensorChannel(tensorName)));
             ChannelWriter detections = FrameChannel.create(plain(DetectorStage.detectionsChannel(detName, 50)));
             ChannelReader framesIn = FrameChannel.attach(framesName, latest());
             ChannelReader detectionsIn = FrameChannel.attach(detName, lossless());
             ChannelReader tensorsIn = FrameChannel.attach(tensorName, latest())) {
            assertEquals(4L * 3 * 416 * 416, tensors.slotSize());
            stage.jsonl(jsonl).listener((seq, capture, take, done, skipped) -> listened.incrementAndGet());
            CompletableFuture<DetectorStage.Summary> running = CompletableFuture.supplyAsync(
                    () -> stage.run(framesIn, tensors, detections),
                    runnable -> Thread.ofPlatform().name("detector").start(runnable));

            int persons = 0;
            for (int index = 300; index <= 330; index += 10) {
                video.seekForward(index);
                long seq = video.publish(frames);
                published.add(seq);
                try (Frame det = detectionsIn.tryTake(java.time.Duration.ofSeconds(60))) {
                    assertNotNull(det, "no detections for frame " + seq);
                    assertEquals(FrameKind.DETECTIONS, det.kind());
                    Detections.Frame payload = Detections.read(det.segment(), det.length());
                    assertEquals(seq, payload.frameSequence());
                    assertEquals(seq, det.origin(), "the payload frame names its video frame");
                    assertEquals(768, payload.width());
                    assertEquals(432, payload.height());
                    assertEquals(DetectorStage.PRODUCER_ID, payload.producer());
                    assertTrue(payload.analysisNanos() > 0);
                    assertEquals(video.ptsMicros(), det.pts(), "the source pts travels with the boxes");
                    System.out.println("frame " + seq + " -> " + YoloxVideoTest.describe(payload.detections()));
                    if (payload.detections().stream()
                            .anyMatch(d -> d.classId() == CocoLabels.PERSON && d.score() > 0.5f)) {
                        persons++;
                    }
                }
                try (Frame tensor = tensorsIn.tryTake(TAKE)) {
                    assertEquals(FrameKind.TENSOR, tensor.kind());
                    assertEquals(DType.FLOAT32, tensor.dtype());
                    assertArrayEquals(new long[] {1, 3, 416, 416}, tensor.shape());
                    assertEquals(seq, tensor.origin(), "the tensor frame names its source frame");
                    assertEquals(768, io.framebus.pipeline.ChainMetadata.sourceWidth(tensor.tag()));
                    assertEquals(432, io.framebus.pipeline.ChainMetadata.sourceHeight(tensor.tag()));
                }
            }
            frames.close(); // the stage drains and returns
            summary = running.get(60, TimeUnit.SECONDS);
            assertTrue(persons >= 3, "a person in most frames, got " + persons);
        }
        System.out.println(summary);
        assertEquals(4, summary.analysed());
        assertEquals(0, summary.unsupported());
        assertEquals(0, summary.noSlot());
        assertTrue(summary.detectionsPerClass().getOrDefault("person", 0L) >= 3, summary.toString());
        assertTrue(summary.meanInferenceMs() > 0 && summary.meanPreprocessMs() > 0);
        assertEquals(4, listened.get());

        List<String> lines = Files.readAllLines(jsonl);
        assertEquals(4, lines.size());
        ObjectMapper json = new ObjectMapper();
        for (int i = 0; i < lines.size(); i++) {
            JsonNode line = json.readTree(lines.get(i));
            assertEquals((long) published.get(i), line.get("frame").asLong());
            assertTrue(line.has("pts_us"));
            for (JsonNode d : line.get("detections")) {
                assertEquals(CocoLabels.name(d.get("class_id").asInt()), d.get("class").asText());
                assertTrue(d.get("score").asDouble() >= 0.3);
                assertEquals(4, d.get("box").size());
            }
        }
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"class\":\"person\"")), lines.toString());
    }

    @Test
    void refusesATooSmallTensorChannel() {
        String framesName = uniqueName("small-frames");
        String tensorName = uniqueName("small-tensors");
        String detName = uniqueName("small-dets");
        try (DetectorStage stage = DetectorStage.yolox(YOLOX);
             ChannelWriter _ = FrameChannel.create(plain(framesName, 1024));
             ChannelWriter tensors = FrameChannel.create(plain(tensorName, 1024));
             ChannelWriter detections = FrameChannel.create(plain(DetectorStage.detectionsChannel(detName, 10)));
             ChannelReader framesIn = FrameChannel.attach(framesName, latest())) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> stage.run(framesIn, tensors, detections));
            assertTrue(e.getMessage().contains("2076672"), e.getMessage());
        }
    }
}
