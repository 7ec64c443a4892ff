package io.framebus.javacv;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.testkit.ChildProcess;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.bytedeco.opencv.opencv_core.Point2f;
import org.bytedeco.opencv.opencv_core.Scalar;
import org.bytedeco.opencv.opencv_core.Size;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static io.framebus.javacv.JavacvTestSupport.SHM;
import static io.framebus.javacv.JavacvTestSupport.WAIT;
import static io.framebus.javacv.JavacvTestSupport.config;
import static io.framebus.javacv.JavacvTestSupport.fill;
import static io.framebus.javacv.JavacvTestSupport.lossless;
import static io.framebus.javacv.JavacvTestSupport.uniqueName;
import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2GRAY;
import static org.bytedeco.opencv.global.opencv_imgproc.COLOR_BGR2RGB;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.cvtColor;
import static org.bytedeco.opencv.global.opencv_imgproc.getRotationMatrix2D;
import static org.bytedeco.opencv.global.opencv_imgproc.resize;
import static org.bytedeco.opencv.global.opencv_imgproc.warpAffine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The write side: OpenCV writes into claimed slots, and a reallocated destination is refused. */
class MatWriterTest {
    private static final int SRC_W = 320;
    private static final int SRC_H = 240;
    private static final int W = 160;
    private static final int H = 120;

    /** A 320x240 BGR test picture, OpenCV-allocated. */
    @SuppressWarnings("restricted") // a view of the Mat's own pixels, to fill them
    private static Mat source(int seed) {
        Mat src = new Mat(SRC_H, SRC_W, CV_8UC3);
        fill(java.lang.foreign.MemorySegment.ofAddress(src.data().address()).reinterpret((long) SRC_W * SRC_H * 3),
                SRC_W, SRC_H, 3, SRC_W * 3, seed);
        return src;
    }

    private static String sha256(Mat mat) throws Exception {
        assertTrue(mat.isContinuous());
        BytePointer data = mat.data();
        byte[] bytes = new byte[(int) (mat.total() * mat.elemSize())];
        data.get(bytes);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void openCvWritesThroughClaimedSlotsAreSeenByteForByteByAReaderInAnotherProcess() throws Exception {
        String name = uniqueName("write");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) W * H * 3, 4));
             ChildProcess child = ChildProcess.start("digest-reader", SlotDigestReaderMain.class, name,
                     SHM.toString(), "3");
             MatWriter mats = new MatWriter(writer);
             Mat src = source(9);
             Size size = new Size(W, H);
             Mat expectedResize = new Mat();
             Mat expectedRgb = new Mat();
             Mat expectedWarp = new Mat();
             Mat small = new Mat();
             Point2f centre = new Point2f(W / 2f, H / 2f);
             Mat rotation = getRotationMatrix2D(centre, 30, 1.0)) {
            assertNotNull(child.awaitLine("READY", Duration.ofSeconds(30)), "child reader started");
            assertTrue(writer.awaitReaders(1, Duration.ofSeconds(30)));

            resize(src, expectedResize, size, 0, 0, INTER_AREA);
            MatClaim claim = mats.claim(W, H, PixelFormat.BGR24, WAIT);
            assertEquals(claim.claim().address(), claim.mat().data().address(), "dst is the slot");
            resize(src, claim.mat(), claim.mat().size(), 0, 0, INTER_AREA);
            assertEquals(claim.claim().address(), claim.mat().data().address(), "OpenCV wrote into the slot");
            claim.publish();

            cvtColor(expectedResize, expectedRgb, COLOR_BGR2RGB);
            claim = mats.claim(W, H, PixelFormat.RGB24, WAIT);
            cvtColor(expectedResize, claim.mat(), COLOR_BGR2RGB);
            claim.publish();

            resize(src, small, size);
            warpAffine(small, expectedWarp, rotation, size);
            claim = mats.claim(W, H, PixelFormat.BGR24, WAIT);
            warpAffine(small, claim.mat(), rotation, size);
            claim.publish();

            String[] expected = {sha256(expectedResize), sha256(expectedRgb), sha256(expectedWarp)};
            for (int i = 0; i < 3; i++) {
                String line = child.awaitLine("FRAME", Duration.ofSeconds(30));
                assertNotNull(line, "frame " + (i + 1) + " reached the other process: " + child);
                Map<String, String> f = ChildProcess.fields(line);
                assertEquals(String.valueOf(W), f.get("width"));
                assertEquals(String.valueOf(H), f.get("height"));
                assertEquals(String.valueOf(W * 3), f.get("stride"));
                assertEquals(expected[i], f.get("sha256"), "frame " + (i + 1) + " byte for byte");
            }
            assertEquals(0, child.waitFor(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aSizeOrTypeMismatchRaisesTheClearErrorAndPublishesNothing() {
        String name = uniqueName("mismatch");
        try (ChannelWriter writer = FrameChannel.create(config(name, (long) W * H * 3, 4));
             ChannelReader reader = FrameChannel.attach(name, lossless());
             MatWriter mats = new MatWriter(writer);
             Mat src = source(4);
             Size wrong = new Size(W / 2, H)) {
            MatClaim claim = mats.claim(W, H, PixelFormat.BGR24, WAIT);
            resize(src, claim.mat(), wrong); // OpenCV reallocates dst to 80x120: the slot is untouched
            MatReallocatedException size = assertThrows(MatReallocatedException.class, claim::publish);
            assertTrue(size.getMessage().contains("160x120 CV_8UC3"), size.getMessage());
            assertTrue(size.getMessage().contains("80x120 CV_8UC3"), size.getMessage());
            assertTrue(size.getMessage().contains("nothing was published"), size.getMessage());
            assertEquals(0, writer.published());
            assertNull(reader.tryTake(), "no frame reached the reader");
            assertThrows(IllegalStateException.class, claim::publish, "the claim was aborted");

            claim = mats.claim(W, H, PixelFormat.BGR24, WAIT);
            cvtColor(src, claim.mat(), COLOR_BGR2GRAY); // a 1-channel result in a 3-channel slot
            MatReallocatedException type = assertThrows(MatReallocatedException.class, claim::publish);
            assertTrue(type.getMessage().contains("CV_8UC1"), type.getMessage());
            assertEquals(0, writer.published());
            assertNull(reader.tryTake());

            claim = mats.claim(W, H, PixelFormat.BGR24, WAIT); // a fresh header over the slot again
            assertEquals(claim.claim().address(), claim.mat().data().address());
            try (Scalar grey = new Scalar(7.0, 7.0, 7.0, 0.0)) {
                claim.mat().put(grey);
            }
            claim.publish();
            try (io.framebus.Frame frame = reader.tryTake(WAIT)) {
                assertNotNull(frame);
                assertEquals(7, frame.segment().get(java.lang.foreign.ValueLayout.JAVA_BYTE, (long) W * H * 3 - 1));
            }
            assertThrows(IllegalArgumentException.class, () -> mats.claim(W * 2, H, PixelFormat.BGR24, WAIT),
                    "a picture larger than the slot");
        }
    }
}
