package io.framebus.capture;

import org.junit.jupiter.api.Test;

import static io.framebus.capture.TestSupport.PEOPLE;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.junit.jupiter.api.Assertions.*;

/** Sources that cannot be opened fail with messages that say what and why. */
class SourceErrorsTest {

    @Test
    void missingFileNamesThePathAndTheReason() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> FfmpegSource.open("../assets/video/no-such-video.mp4"));
        assertTrue(e.getMessage().contains("cannot open video source '../assets/video/no-such-video.mp4'"),
                e.getMessage());
        assertTrue(e.getMessage().contains("No such file or directory"), e.getMessage());
    }

    @Test
    void fileThatIsNotVideoIsRefused() {
        CaptureException e = assertThrows(CaptureException.class, () -> FfmpegSource.open("pom.xml"));
        assertTrue(e.getMessage().contains("pom.xml"), e.getMessage());
    }

    @Test
    void refusedNetworkConnectionIsReported() {
        CaptureException e = assertThrows(CaptureException.class,
                () -> FfmpegSource.open("tcp://127.0.0.1:9",
                        FfmpegOptions.defaults().withOption("timeout", "2000000")));
        assertTrue(e.getMessage().contains("tcp://127.0.0.1:9"), e.getMessage());
    }

    @Test
    void closedSourceCannotBeUsedAndCloseIsIdempotent() {
        FfmpegSource source = FfmpegSource.open(PEOPLE);
        source.close();
        source.close();
        assertThrows(IllegalStateException.class, source::advance);
    }

    @Test
    void missingCameraIsAClearError() {
        CaptureException e = assertThrows(CaptureException.class, () -> V4l2Source.open("/dev/video99"));
        assertTrue(e.getMessage().contains("/dev/video99") && e.getMessage().contains("does not exist"),
                e.getMessage());
    }

    /**
     * libavdevice needs libpulse.so.0 and friends. Where they are missing (this machine), loading it
     * must say which package to install; where they exist, v4l2 must become available.
     */
    @Test
    void avdeviceEitherLoadsOrNamesThePackagesToInstall() {
        try {
            AvDevice.load();
            var v4l2 = av_find_input_format("v4l2");
            assertTrue(v4l2 != null && !v4l2.isNull(), "avdevice loaded, so v4l2 must be registered");
        } catch (CaptureException e) {
            assertTrue(e.getMessage().contains("apt-get install libpulse0"), e.getMessage());
            assertTrue(e.getMessage().contains("libasound2 libxcb1 libxcb-shm0"), e.getMessage());
        }
    }

    @Test
    void avdeviceMessageNamesTheMissingLibrary() {
        UnsatisfiedLinkError cause = new UnsatisfiedLinkError("/root/.javacpp/cache/x/libjniavdevice.so: "
                + "libpulse.so.0: cannot open shared object file: No such file or directory");
        String m = AvDevice.message(new UnsatisfiedLinkError("no jniavdevice in java.library.path") {
            @Override
            public synchronized Throwable getCause() {
                return cause;
            }
        });
        assertTrue(m.contains("libpulse.so.0 is missing"), m);
        assertTrue(m.contains("`apt-get install libpulse0`"), m);
        assertTrue(m.contains("Files and network URLs work without them"), m);
    }
}
