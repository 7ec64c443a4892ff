package io.framebus.inference;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.FrameKind;
import io.framebus.pipeline.Detections;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;

import static io.framebus.inference.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * YOLOX-nano on real frames of the bundled video, every hop through a channel: decoded frames in a
 * video channel, the letterboxed input in a slot of a tensor channel, ONNX Runtime reading that slot.
 */
class YoloxVideoTest {
    private static TensorSession session;
    private static YoloxDecoder decoder;

    @BeforeAll
    static void openModel() {
        session = TensorSession.open(YOLOX);
        decoder = YoloxDecoder.forModel(session.inputSpec(0), session.outputSpec(0));
    }

    @AfterAll
    static void closeModel() {
        session.close();
    }

    @AfterEach
    void noChannelFilesLeft() throws Exception {
        assertEquals(List.of(), leftovers());
    }

    @Test
    void findsPeopleInFrames300To320AndTheTensorIsTheSlot() {
        TensorSpec input = session.inputSpec(0);
        assertArrayEquals(new long[] {1, 3, 416, 416}, input.shape());
        assertArrayEquals(new long[] {1, 3549, 85}, session.outputSpec(0).shape());
        TensorPreprocessor letterbox = new TensorPreprocessor(PreprocessSpec.yolox(416, 416));
        String videoName = uniqueName("video");
        String tensorName = uniqueName("tensor");
        int frames = 0;
        int withPerson = 0;
        try (TestVideo video = new TestVideo(PEOPLE);
             ChannelWriter videoOut = FrameChannel.create(plain(videoName,
                     (long) stride(video.width()) * video.height()).withSlots(4));
             ChannelReader videoIn = FrameChannel.attach(videoName, lossless());
             ChannelWriter tensors = FrameChannel.create(plain(tensorName, input.byteSize()).withSlots(3));
             ChannelReader tensorReader = FrameChannel.attach(tensorName, latest());
             SlotBindings bindings = new SlotBindings(session, input.name(), tensors.slotCount())) {
            for (int index = 300; index <= 320; index += 4) {
                video.seekForward(index);
                long seq = video.publish(videoOut);
                BoxMapping mapping;
                FrameClaim claim = tensors.claim(TAKE);
                int w;
                int h;
                try (Frame frame = videoIn.tryTake(TAKE)) {
                    assertEquals(seq, frame.sequence());
                    w = frame.width();
                    h = frame.height();
                    mapping = letterbox.apply(frame, claim.segment()); // the input is built in the slot
                }
                InputBinding in = bindings.get(claim.slot(), claim.segment());
                // (b) zero-copy: ORT holds no copy, and the buffer it reads is the tensor slot
                assertFalse(in.tensor().ownsBuffer(), "OnnxTensor must not own a copy of the slot");
                long bufferAddress = MemorySegment.ofBuffer(in.tensor().getBufferRef().orElseThrow()).address();
                assertEquals(claim.address(), bufferAddress,
                        "OnnxTensor's buffer address must be the tensor slot's address");
                assertEquals(claim.address(), in.bufferAddress());
                session.run(in);
                List<Detections.Detection> found = decoder.decode(session.outputMemory(0), mapping);
                claim.tensor(DType.FLOAT32, input.shape()).tag(seq).publish();
                System.out.println("frame " + index + ": " + describe(found));
                frames++;
                boolean person = false;
                for (Detections.Detection d : found) {
                    assertTrue(d.x1() >= 0 && d.y1() >= 0 && d.x2() <= w && d.y2() <= h && d.x1() < d.x2()
                            && d.y1() < d.y2(), "box inside the frame: " + d);
                    if (d.classId() == CocoLabels.PERSON && d.score() >= 0.5f) {
                        person = true;
                        float bw = d.x2() - d.x1();
                        float bh = d.y2() - d.y1();
                        assertTrue(bh > 100 && bh > bw && bw > 30, "an upright walking person: " + d);
                    }
                }
                if (person) {
                    withPerson++;
                }
                // the published tensor frame is readable by any other reader, in place
                try (Frame t = tensorReader.tryTake(TAKE)) {
                    assertEquals(FrameKind.TENSOR, t.kind());
                    assertArrayEquals(input.shape(), t.shape());
                    assertEquals(seq, t.tag());
                    long lastRow = 3L * 416 * 416 - 1;
                    assertEquals(114f, t.segment().getAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, lastRow),
                            "letterbox pad");
                }
            }
            assertTrue(bindings.created() <= tensors.slotCount(), "one OnnxTensor per slot, reused");
        }
        assertEquals(6, frames);
        assertTrue(withPerson >= 5, "a person in at least 5 of 6 frames, got " + withPerson);
    }

    @Test
    void theBoundTensorReadsTheSlotLiveNotASnapshot() {
        TensorSpec input = session.inputSpec(0);
        String videoName = uniqueName("live-video");
        String tensorName = uniqueName("live-tensor");
        TensorPreprocessor letterbox = new TensorPreprocessor(PreprocessSpec.yolox(416, 416));
        try (TestVideo video = new TestVideo(PEOPLE);
             ChannelWriter videoOut = FrameChannel.create(plain(videoName,
                     (long) stride(video.width()) * video.height()).withSlots(3));
             ChannelReader videoIn = FrameChannel.attach(videoName, lossless());
             ChannelWriter tensors = FrameChannel.create(plain(tensorName, input.byteSize()).withSlots(2))) {
            video.seekForward(310);
            video.publish(videoOut);
            FrameClaim claim = tensors.claim(TAKE);
            try (InputBinding in = session.bind(claim.segment()); Frame frame = videoIn.tryTake(TAKE)) {
                BoxMapping m = letterbox.apply(frame, in.memory());
                session.run(in);
                List<Detections.Detection> first = decoder.decode(session.outputMemory(0), m);
                assertTrue(first.stream().anyMatch(d -> d.classId() == CocoLabels.PERSON), describe(first));

                // overwrite the slot with a flat grey picture: the same tensor now sees nobody
                for (long i = 0; i < 3L * 416 * 416; i++) {
                    claim.segment().setAtIndex(ValueLayout.JAVA_FLOAT_UNALIGNED, i, 114f);
                }
                session.run(in);
                assertTrue(decoder.decode(session.outputMemory(0), m).stream().noneMatch(d -> d.classId() == 0));

                // write the frame again: identical results, bit for bit
                letterbox.apply(frame, in.memory());
                session.run(in);
                assertEquals(first, decoder.decode(session.outputMemory(0), m));
            }
            claim.abort();
        }
    }

    static String describe(List<Detections.Detection> found) {
        List<String> parts = new ArrayList<>();
        for (Detections.Detection d : found) {
            parts.add(String.format(java.util.Locale.ROOT, "%s %.2f [%.0f,%.0f,%.0f,%.0f]",
                    CocoLabels.name(d.classId()), d.score(), d.x1(), d.y1(), d.x2(), d.y2()));
        }
        return parts.toString();
    }
}
