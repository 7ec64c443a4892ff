package io.framebus.encoder;

import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.capture.Capture;
import io.framebus.capture.CaptureOptions;
import io.framebus.capture.CaptureSummary;
import io.framebus.capture.FfmpegSource;
import io.framebus.util.StageListener;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static io.framebus.encoder.EncoderTestSupport.*;

/**
 * Rough throughput figures at 768x432 (not assertions; the machine may be shared). Runs only with
 * {@code -Dframebus.bench=true}: {@code ./mvnw -pl capture,encoder -am verify -Dframebus.bench=true}.
 */
@EnabledIfSystemProperty(named = "framebus.bench", matches = "true")
class PipelineBenchTest {

    @Test
    void captureIntoAChannel() {
        String name = uniqueName("benchcap");
        for (int run = 0; run < 3; run++) {
            try (FfmpegSource source = FfmpegSource.open(PEOPLE);
                 ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 8))) {
                CaptureSummary s = new Capture(source).run(writer, CaptureOptions.defaults(), StageListener.NONE);
                System.out.println("BENCH capture decode + sws_scale into slot + publish, no readers: " + s);
            }
        }
    }

    @Test
    void encoderAlone() {
        try (Arena arena = Arena.ofConfined()) {
            int distinct = 30;
            MemorySegment[] frames = new MemorySegment[distinct];
            try (FfmpegSource source = FfmpegSource.open(PEOPLE)) {
                for (int i = 0; i < distinct; i++) {
                    source.advance();
                    frames[i] = arena.allocate(768L * 432 * 3, 4096);
                    source.writeTo(frames[i], 768 * 3);
                }
            }
            for (int run = 0; run < 3; run++) {
                BoxPainter painter = new BoxPainter();
                int n = 400;
                try (Mp4Encoder encoder = Mp4Encoder.open(output(uniqueName("benchenc")), 768, 432, 10,
                        EncoderOptions.defaults())) {
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) {
                        YuvPicture p = encoder.load(frames[i % distinct], 768, 432, 768 * 3, PixelFormat.BGR24);
                        painter.drawBox(p, 0, 100 + i % 50, 80, 300, 380);
                        encoder.write();
                    }
                    long t1 = System.nanoTime();
                    System.out.printf("BENCH encoder (%s, sws_scale from memory + box + encode + mux), 768x432: %d frames"
                            + " in %.2f s = %.1f fps%n", encoder.encoderName(), n, (t1 - t0) / 1e9, n * 1e9 / (t1 - t0));
                }
            }
        }
    }

    @Test
    void captureToEncoderThroughAChannel() throws Exception {
        String name = uniqueName("benchpipe");
        int frames = 600;
        try (FfmpegSource source = FfmpegSource.open(PEOPLE);
             ChannelWriter writer = FrameChannel.create(videoChannel(name, source.info(), 8));
             ChannelReader reader = FrameChannel.attach(name, lossless())) {
            CompletableFuture<CaptureSummary> capture = CompletableFuture.supplyAsync(() -> {
                try (writer) {
                    return new Capture(source).run(writer, CaptureOptions.defaults().withMaxFrames(frames),
                            StageListener.NONE);
                }
            });
            EncodeSummary s = new EncoderStage().run(reader, List.of(), output(name), EncoderOptions.defaults(),
                    StageListener.NONE);
            System.out.println("BENCH pipeline capture -> channel -> encoder stage: " + s + " | capture: " + capture.get());
        }
    }
}
