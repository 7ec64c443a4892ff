package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import org.bytedeco.javacpp.Pointer;
import org.bytedeco.javacpp.indexer.UByteIndexer;
import org.bytedeco.javacv.OpenCVFrameConverter;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ReadOnlyBufferException;

import static io.framebus.javacv.JavacvTestSupport.WAIT;
import static io.framebus.javacv.JavacvTestSupport.config;
import static io.framebus.javacv.JavacvTestSupport.lossless;
import static io.framebus.javacv.JavacvTestSupport.pixel;
import static io.framebus.javacv.JavacvTestSupport.publishPicture;
import static io.framebus.javacv.JavacvTestSupport.uniqueName;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC1;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read side: Mat and JavaCV frame views of held frames point at the slot, and refuse Java writes. */
class ReadOnlyViewsTest {
    private static final int W = 64;
    private static final int H = 48;
    /** Padded rows: the views must use the frame's stride, not width x 3. */
    private static final int STRIDE = W * 3 + 32;

    @Test
    void matAndJavacvFrameOfAHeldFrameAreTheSlot() {
        String name = uniqueName("views");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) STRIDE * H, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ReadOnlyViews views = new ReadOnlyViews()) {
            publishPicture(writer.claim(WAIT), W, H, STRIDE, PixelFormat.BGR24, 5);
            Frame frame = reader.tryTake(WAIT);
            assertNotNull(frame);
            try (frame) {
                long slot = frame.segment().address();
                ReadOnlyMat mat = views.readOnlyMat(frame);
                assertEquals(slot, mat.data().address(), "the Mat's data is the slot");
                assertEquals(H, mat.rows());
                assertEquals(W, mat.cols());
                assertEquals(CV_8UC3, mat.type());
                assertEquals(STRIDE, mat.step());
                UByteIndexer px = mat.createIndexer();
                assertEquals(pixel(5, 10, 20, 2) & 0xff, px.get(20, 10, 2));
                assertEquals(pixel(5, W - 1, H - 1, 0) & 0xff, px.get(H - 1, W - 1, 0));

                ReadOnlyJavacvFrame cv = views.readOnlyJavacvFrame(frame);
                assertEquals(slot, MemorySegment.ofBuffer(cv.image[0]).address(), "image[0] is the slot");
                assertEquals(slot, new Pointer(cv.image[0]).address());
                assertEquals(W, cv.imageWidth);
                assertEquals(H, cv.imageHeight);
                assertEquals(3, cv.imageChannels);
                assertEquals(STRIDE, cv.imageStride);
                assertEquals(org.bytedeco.javacv.Frame.DEPTH_UBYTE, cv.imageDepth);
                assertEquals(5000, cv.timestamp);
                try (OpenCVFrameConverter.ToMat converter = new OpenCVFrameConverter.ToMat()) {
                    assertSame(mat, converter.convert(cv), "JavaCV's converter hands out the same view, no copy");
                }
            }
        }
    }

    @Test
    void writesThroughTheJavaViewsThrow() {
        String name = uniqueName("readonly");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) STRIDE * H, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ReadOnlyViews views = new ReadOnlyViews()) {
            publishPicture(writer.claim(WAIT), W, H, STRIDE, PixelFormat.BGR24, 1);
            try (Frame frame = reader.tryTake(WAIT)) {
                ReadOnlyMat mat = views.readOnlyMat(frame);
                ByteBuffer buffer = mat.createBuffer();
                assertTrue(buffer.isReadOnly());
                assertThrows(ReadOnlyBufferException.class, () -> buffer.put(0, (byte) 1));
                UByteIndexer indexer = mat.createIndexer();
                assertThrows(ReadOnlyBufferException.class, () -> indexer.put(0, 0, 0, 1));
                UByteIndexer copying = mat.createIndexer(false);
                assertThrows(ReadOnlyBufferException.class, () -> copying.put(0, 0, 0, 1));
                try (Scalar white = new Scalar(255.0)) {
                    assertThrows(ReadOnlyBufferException.class, () -> mat.put(white));
                }
                try (Mat other = new Mat(H, W, CV_8UC3)) {
                    assertThrows(ReadOnlyBufferException.class, () -> mat.setTo(other));
                    assertThrows(ReadOnlyBufferException.class, () -> mat.put(other));
                }

                ReadOnlyJavacvFrame cv = views.readOnlyJavacvFrame(frame);
                assertThrows(ReadOnlyBufferException.class, () -> ((ByteBuffer) cv.image[0]).put(0, (byte) 1));
                UByteIndexer cvIndexer = cv.createIndexer(false);
                assertThrows(ReadOnlyBufferException.class, () -> cvIndexer.put(0, 0, 0, 1));
                assertEquals(pixel(1, 0, 0, 0), frame.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0),
                        "nothing was written");
            }
        }
    }

    @Test
    void writableCopiesAreCopies() {
        String name = uniqueName("copy");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) STRIDE * H, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ReadOnlyViews views = new ReadOnlyViews()) {
            publishPicture(writer.claim(WAIT), W, H, STRIDE, PixelFormat.BGR24, 3);
            try (Frame frame = reader.tryTake(WAIT)) {
                try (Mat copy = views.writableCopy(frame)) {
                    assertNotEquals(frame.segment().address(), copy.data().address());
                    assertEquals(W, copy.cols());
                    assertEquals(H, copy.rows());
                    UByteIndexer px = copy.createIndexer();
                    assertEquals(pixel(3, 7, 9, 1) & 0xff, px.get(9, 7, 1));
                    px.put(9, 7, 1, 0); // writable
                    assertEquals(0, px.get(9, 7, 1));
                }
                org.bytedeco.javacv.Frame copy = views.readOnlyJavacvFrame(frame).writableCopy();
                ((ByteBuffer) copy.image[0]).put(0, (byte) 42);
                assertEquals(42, ((ByteBuffer) copy.image[0]).get(0));
                assertEquals(pixel(3, 0, 0, 0), frame.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, 0));
                copy.close();
            }
        }
    }

    @Test
    void aHeaderOpenCvReallocatedIsReplacedAndOtherFormatsAndKindsAreRefused() {
        String name = uniqueName("realloc");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) STRIDE * H, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ReadOnlyViews views = new ReadOnlyViews();
             Mat small = new Mat(8, 8, CV_8UC3)) {
            publishPicture(writer.claim(WAIT), W, H, STRIDE, PixelFormat.BGR24, 2);
            publishPicture(writer.claim(WAIT), W, H, W, PixelFormat.GRAY8, 2);
            writer.claim(WAIT).kind(FrameKind.RAW).length(16).publish();
            try (Frame frame = reader.tryTake(WAIT)) {
                ReadOnlyMat mat = views.readOnlyMat(frame);
                // Misuse as a destination of another size: OpenCV allocates new memory for the header (the
                // read-only slot is not written, so nothing faults); the next view must be the slot again.
                resize(small, mat, new Size(4, 4));
                assertNotEquals(frame.segment().address(), mat.data().address());
                ReadOnlyMat again = views.readOnlyMat(frame);
                assertEquals(frame.segment().address(), again.data().address());
                assertEquals(H, again.rows());
            }
            try (Frame gray = reader.tryTake(WAIT)) {
                ReadOnlyMat mat = views.readOnlyMat(gray);
                assertEquals(CV_8UC1, mat.type());
                assertEquals(W, mat.step());
            }
            try (Frame raw = reader.tryTake(WAIT)) {
                assertThrows(IllegalArgumentException.class, () -> views.readOnlyMat(raw));
            }
        }
    }

    @Test
    void viewsOfFramesOfSteadyGeometryAllocateNothing() {
        String name = uniqueName("alloc");
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) STRIDE * H, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             ReadOnlyViews views = new ReadOnlyViews()) {
            ReadOnlyMat[] bySlot = new ReadOnlyMat[4];
            long[] sum = new long[1];
            io.framebus.FrameHandler handler = frame -> {
                ReadOnlyMat mat = views.readOnlyMat(frame);
                ReadOnlyJavacvFrame cv = views.readOnlyJavacvFrame(frame);
                sum[0] += mat.address() + cv.imageWidth;
                if (bySlot[frame.slot()] == null) {
                    bySlot[frame.slot()] = mat;
                }
                assertSame(bySlot[frame.slot()], mat, "one Mat header per slot, reused");
            };
            for (int round = 0; round < 2; round++) {
                int frames = round == 0 ? 100_000 : 20_000; // the first round warms up (JIT)
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < frames; i++) {
                    writer.claim(WAIT).video(W, H, STRIDE, PixelFormat.BGR24).publish();
                    assertEquals(io.framebus.ReadStatus.FRAME, reader.take(handler, WAIT));
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                if (round == 1) {
                    assertEquals(0, allocated, "bytes allocated by " + frames + " frames with Mat and Frame views");
                }
            }
            assertTrue(sum[0] != 0);
        }
    }

    @Test
    void matTypesOfPixelFormats() {
        assertEquals(CV_8UC3, MatTypes.of(PixelFormat.BGR24));
        assertEquals(CV_8UC1, MatTypes.of(PixelFormat.GRAY8));
        assertThrows(IllegalArgumentException.class, () -> MatTypes.of(PixelFormat.I420));
        assertArrayEquals(new int[] {30000, 1001}, GrabberSource.rational(29.97002997));
        assertArrayEquals(new int[] {25, 1}, GrabberSource.rational(25.0));
        assertTrue(MatHeader.direct(), "the cv::Mat header layout was recognised");
    }
}
