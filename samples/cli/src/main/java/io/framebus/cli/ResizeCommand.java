package io.framebus.cli;

import io.framebus.ChannelNames;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.ReadStatus;
import io.framebus.ReaderOptions;
import io.framebus.cli.stage.StageMetrics;
import io.framebus.cli.stage.StageRun;
import io.framebus.javacv.ResizeStage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import static org.bytedeco.opencv.global.opencv_imgproc.INTER_AREA;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_CUBIC;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_LINEAR;
import static org.bytedeco.opencv.global.opencv_imgproc.INTER_NEAREST;

/** {@code framebus resize}: a smaller preview of the newest frame, written by OpenCV into a second channel. */
@Command(name = "resize", sortOptions = false,
        description = {"Write a smaller preview of the newest frame of a frames channel (a LATEST reader) into a second"
                + " frames channel, with OpenCV's resize: the source is a read-only Mat over the input slot, the"
                + " destination a Mat over the claimed output slot, so no frame is copied at either end. Previews keep"
                + " the input's pixel format, pts and capture time; their tag is the input frame's sequence.",
            "Runs until the frames channel is closed."})
final class ResizeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--frames", required = true, paramLabel = "CH", description = "Frames channel to read (LATEST).")
    String frames;

    @Option(names = "--out", required = true, paramLabel = "CH", description = "Preview frames channel to create.")
    String out;

    @Option(names = "--size", defaultValue = "384x216", converter = FrameSize.Converter.class, paramLabel = "WxH",
            description = "Preview size (default: ${DEFAULT-VALUE}, half the demo's frames).")
    FrameSize size;

    @Option(names = "--scale", defaultValue = "0", paramLabel = "F",
            description = "Preview size as a fraction of the input frames' (e.g. 0.5), learnt from the first frame;"
                    + " the preview channel is created then. Overrides --size and --format.")
    double scale;

    @Option(names = "--format", defaultValue = "bgr24", paramLabel = "FMT",
            description = "Pixel format of the input frames, which the previews keep: bgr24, rgb24, bgra, rgba or"
                    + " gray8; it sizes the preview slots (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--interpolation", defaultValue = "area", paramLabel = "MODE",
            description = "OpenCV interpolation: area (best for shrinking), linear, cubic or nearest"
                    + " (default: ${DEFAULT-VALUE}).")
    String interpolation;

    @Option(names = "--slots", defaultValue = "4", paramLabel = "N",
            description = "Slots of the preview channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Mixin
    WaitReadersOption waitReaders;

    @Mixin
    ReadingStageOptions io;

    @Override
    public Integer call() {
        ChannelNames.validate(frames);
        ChannelNames.validate(out);
        PixelFormat pixels = PixelFormat.parse(format);
        int flag = switch (interpolation.toLowerCase(Locale.ROOT)) {
            case "area" -> INTER_AREA;
            case "linear" -> INTER_LINEAR;
            case "cubic" -> INTER_CUBIC;
            case "nearest" -> INTER_NEAREST;
            default -> throw new IllegalArgumentException("--interpolation must be area, linear, cubic or nearest, got "
                    + interpolation);
        };
        if (scale < 0 || scale > 1) {
            throw new IllegalArgumentException("--scale must be in (0, 1], got " + scale);
        }
        waitReaders.validate();
        StageMetrics metrics = StageSupport.metrics("resize", io.stage);
        try (StageRun run = StageSupport.start(spec, metrics, io.stage)) {
            ResizeStage.Summary summary = new ResizeStage.Summary(0, 0, 0, 0, 0);
            FrameSize target = size;
            try (ChannelReader in = FrameChannel.attach(frames,
                    io.input(ReaderOptions.latest(), "framebus resize"))) {
                if (scale > 0) {
                    Frame first = firstFrame(in, run);
                    target = first == null ? null : scaled(first);
                    pixels = first == null ? null : first.pixelFormat();
                    if (first != null) {
                        first.close();
                    }
                }
                if (target != null) {
                    try (ChannelWriter previews = FrameChannel.create(io.output(ResizeStage.previewChannel(out,
                            target.width(), target.height(), pixels, slots)))) {
                        ResizeStage resize = new ResizeStage(target.width(), target.height()).interpolation(flag)
                                .listener(metrics);
                        run.onStop(resize::stop);
                        waitReaders.await(previews, run, out);
                        summary = run.stopRequested() ? summary : resize.run(in, previews);
                    }
                }
            }
            Map<String, Object> s = metrics.summary("capture->take", true,
                    "OpenCV resize: read-only Mat over the input slot -> Mat over the claimed preview slot");
            s.put("size", target == null ? "-" : target.toString());
            s.put("mean_resize_ms", Json.round(summary.meanResizeMs(), 3));
            s.put("dropped", summary.dropped());
            s.put("unsupported", summary.unsupported());
            s.put("stopped", run.stopRequested());
            StageSupport.finish(spec, run, metrics, io.stage, s);
        }
        return 0;
    }

    /** The first frame (held), to learn the input's size; null when the channel closed or a stop came first. */
    private static Frame firstFrame(ChannelReader in, StageRun run) {
        while (!run.stopRequested()) {
            ReadStatus status = in.await(Duration.ofMillis(100));
            if (status == ReadStatus.CLOSED) {
                return null;
            }
            Frame frame = status == ReadStatus.FRAME ? in.tryTake() : null;
            if (frame != null) {
                return frame;
            }
        }
        return null;
    }

    /** {@code --scale} of the frame's size, rounded to even sizes (what 4:2:0 encoders need), at least 2x2. */
    private FrameSize scaled(Frame frame) {
        int w = Math.max(2, (int) Math.round(frame.width() * scale / 2) * 2);
        int h = Math.max(2, (int) Math.round(frame.height() * scale / 2) * 2);
        return new FrameSize(w, h);
    }
}
