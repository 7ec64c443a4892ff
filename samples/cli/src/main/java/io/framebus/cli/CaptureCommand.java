package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelWriter;
import io.framebus.FrameChannel;
import io.framebus.capture.Capture;
import io.framebus.capture.CaptureChannels;
import io.framebus.capture.CaptureOptions;
import io.framebus.capture.CaptureSummary;
import io.framebus.capture.FfmpegOptions;
import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;
import io.framebus.capture.TestPatternSource;
import io.framebus.capture.VideoSource;
import io.framebus.javacv.GrabberSource;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.OpenCVFrameGrabber;
import io.framebus.cli.stage.SkipFirstFrames;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus capture}: decode a video (or draw a test pattern) straight into the slots of a channel. */
@Command(name = "capture", sortOptions = false,
        description = {"Open a video file, a URL or a test pattern, create a BGR24 frames channel sized for it"
                + " (slot = width x height x 3) and publish every frame into it: the decoder's colour conversion"
                + " (sws_scale) writes straight into the claimed slot.",
            "Closing the channel at the end tells readers the stream ended."})
final class CaptureCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", required = true, paramLabel = "PATH|URL|testpattern",
            description = "A video file, a URL FFmpeg opens (rtsp://, http://, ...), or 'testpattern'.")
    String input;

    @Option(names = "--channel", defaultValue = "camera0", paramLabel = "NAME",
            description = "Frames channel to create (default: ${DEFAULT-VALUE}).")
    String channel;

    @Option(names = "--slots", defaultValue = "8", paramLabel = "N",
            description = "Slots of the frames channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--realtime", description = "Pace a file at its frame rate, as a camera would deliver it"
            + " (default: as fast as the readers allow).")
    boolean realtime;

    @Option(names = "--loop", description = "Start the file again at its end.")
    boolean loop;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N",
            description = "Stop after N frames (default: the whole input).")
    long frames;

    @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
            description = "Start at frame N of the input: the first N frames are decoded and dropped.")
    long skip;

    @Mixin
    WaitReadersOption waitReaders;

    @Option(names = "--claim-timeout-ms", defaultValue = "1000", paramLabel = "T",
            description = "How long to wait for a free slot before dropping a frame; lossless readers that fall"
                    + " behind make capture wait (default: ${DEFAULT-VALUE}).")
    long claimTimeoutMs;

    @Option(names = "--size", defaultValue = "640x360", paramLabel = "WxH", converter = FrameSize.Converter.class,
            description = "Test pattern size (default: ${DEFAULT-VALUE}).")
    FrameSize size;

    @Option(names = "--fps", defaultValue = "30", paramLabel = "N",
            description = "Test pattern frame rate (default: ${DEFAULT-VALUE}).")
    int fps;

    @Option(names = "--grabber", paramLabel = "KIND",
            description = "Open --input through a JavaCV FrameGrabber instead: ffmpeg (FFmpegFrameGrabber, raw"
                    + " pictures converted once into the slot) or opencv (OpenCVFrameGrabber; a number is a camera"
                    + " index).")
    String grabber;

    @Option(names = "--decoder-threads", defaultValue = "1", paramLabel = "N",
            description = "FFmpeg decoder threads, 0 = FFmpeg's choice (default: ${DEFAULT-VALUE}).")
    int decoderThreads;

    @Mixin
    StageOptions stage;

    @Mixin
    DirOption dir;

    @Mixin
    GroupOption group;

    @Override
    public Integer call() {
        ChannelNames.validate(channel);
        if (frames < 0 || skip < 0 || claimTimeoutMs < 0 || fps <= 0) {
            throw new IllegalArgumentException("--frames, --skip and --claim-timeout-ms must be >= 0, and --fps > 0");
        }
        waitReaders.validate();
        StageMetrics metrics = StageSupport.metrics("capture", stage);
        try (StageRun run = StageSupport.start(spec, metrics, stage)) {
            CaptureSummary summary;
            String backing;
            try (VideoSource source = open();
                 ChannelWriter writer = FrameChannel.create(group.apply(
                         CaptureChannels.configFor(channel, source.info(), slots).withDirectory(dir.dir())))) {
                backing = writer.backing().name().toLowerCase(java.util.Locale.ROOT);
                run.event("SOURCE", source(source.info(), writer));
                Capture capture = new Capture(source);
                run.onStop(capture::stop);
                waitReaders.await(writer, run, channel);
                if (run.stopRequested()) {
                    summary = null;
                } else {
                    summary = capture.run(writer, CaptureOptions.defaults().withRealtime(realtime).withLoop(loop)
                            .withMaxFrames(frames).withClaimTimeout(Duration.ofMillis(claimTimeoutMs)), metrics);
                }
            } // closing the writer tells the readers the stream ended
            Map<String, Object> s = metrics.summary("capture->publish", false, zeroCopy());
            s.put("dropped", summary == null ? 0 : summary.dropped());
            s.put("loops", summary == null ? 0 : summary.loops());
            s.put("channel", channel);
            s.put("backing", backing);
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, stage, s);
        }
        return 0;
    }

    private VideoSource open() {
        VideoSource source = grabber != null ? GrabberSource.open(grabber())
                : input.equals("testpattern") ? new TestPatternSource(size.width(), size.height(), fps)
                : FfmpegSource.open(input, FfmpegOptions.defaults().withDecoderThreads(decoderThreads));
        return skip > 0 ? new SkipFirstFrames(source, skip) : source;
    }

    private FrameGrabber grabber() {
        return switch (grabber.toLowerCase(java.util.Locale.ROOT)) {
            case "ffmpeg" -> new FFmpegFrameGrabber(input);
            case "opencv" -> input.matches("\\d+") ? new OpenCVFrameGrabber(Integer.parseInt(input))
                    : new OpenCVFrameGrabber(input);
            default -> throw new IllegalArgumentException("--grabber must be ffmpeg or opencv, got " + grabber);
        };
    }

    private String zeroCopy() {
        return grabber != null ? "javacv " + grabber + " grabber -> sws_scale into slot"
                : input.equals("testpattern") ? "test pattern drawn directly into the slot"
                : "ffmpeg decode -> sws_scale into slot";
    }

    private static Map<String, Object> source(SourceInfo info, ChannelWriter writer) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("width", info.width());
        m.put("height", info.height());
        m.put("fps", info.fps());
        m.put("frames", info.frameCount());
        m.put("description", info.description());
        m.put("channel", writer.name());
        m.put("slot_bytes", writer.slotSize());
        m.put("slots", writer.slotCount());
        m.put("backing", writer.backing().name().toLowerCase(java.util.Locale.ROOT));
        return m;
    }
}
