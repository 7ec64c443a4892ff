package io.framebus.cli;

import io.framebus.cli.text.Table;

import io.framebus.Backing;
import io.framebus.ChannelNames;
import io.framebus.PixelFormat;
import io.framebus.ByteSize;
import io.framebus.cli.pattern.PatternPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code framebus pub}: create a channel and publish test-pattern frames. */
@Command(name = "pub", sortOptions = false,
        description = {"Create a channel and publish video frames whose every byte is derived from the frame's"
                + " sequence number (check them with 'framebus sub --verify').",
            "Closing at the end removes the channel file."})
final class PubCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--channel", required = true, paramLabel = "NAME", description = "Channel name.")
    String channel;

    @Option(names = "--size", required = true, paramLabel = "WxH", converter = FrameSize.Converter.class,
            description = "Frame size, e.g. 1920x1080 (or 720p, 1080p, 4k).")
    FrameSize size;

    @Option(names = "--format", defaultValue = "bgr24", paramLabel = "FORMAT",
            converter = Converters.PixelFormatConverter.class,
            description = "Pixel format: bgr24, rgb24, bgra, rgba, gray8, i420, nv12 (default: ${DEFAULT-VALUE}).")
    PixelFormat format;

    @Option(names = "--frames", required = true, paramLabel = "N", description = "Frames to publish.")
    long frames;

    @Option(names = "--slots", defaultValue = "8", paramLabel = "S", description = "Slots (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--fps", paramLabel = "F",
            description = "Publish at F frames per second on a fixed schedule (default: as fast as readers allow).")
    Double fps;

    @Option(names = "--wait-readers", defaultValue = "0", paramLabel = "K",
            description = "Wait until K readers have attached before the first frame.")
    int waitReaders;

    @Option(names = "--wait-timeout-ms", defaultValue = "120000", paramLabel = "T",
            description = "How long --wait-readers waits (default: ${DEFAULT-VALUE}).")
    long waitTimeoutMs;

    @Option(names = "--backing", defaultValue = "auto", paramLabel = "B", converter = Converters.BackingConverter.class,
            description = "auto, hugetlbfs, thp or plain (default: ${DEFAULT-VALUE}).")
    Backing backing;

    @Option(names = "--max-readers", defaultValue = "16", paramLabel = "R",
            description = "Reader rows (default: ${DEFAULT-VALUE}).")
    int maxReaders;

    @Option(names = "--hold-limit", defaultValue = "0", paramLabel = "H",
            description = "Frames one reader may hold at once (default: 2, or 1 with 2 slots).")
    int holdLimit;

    @Option(names = "--claim-timeout-ms", defaultValue = "10000", paramLabel = "T",
            description = "How long to wait for a free slot before giving up; lossless readers that fall behind"
                    + " make the writer wait (default: ${DEFAULT-VALUE}).")
    long claimTimeoutMs;

    @Mixin
    DirOption dir;

    @Mixin
    GroupOption group;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        ChannelNames.validate(channel);
        if (holdLimit < 0) {
            throw new IllegalArgumentException("--hold-limit must be >= 0, got " + holdLimit);
        }
        if (waitTimeoutMs < 0) {
            throw new IllegalArgumentException("--wait-timeout-ms must be >= 0, got " + waitTimeoutMs);
        }
        PatternPublisher.Options options = new PatternPublisher.Options(channel, size.width(), size.height(), format,
                frames, slots, fps == null ? 0 : fps, waitReaders, Duration.ofMillis(waitTimeoutMs), backing,
                dir.dir(), maxReaders, holdLimit, Duration.ofMillis(claimTimeoutMs), group.group());
        PrintWriter err = spec.commandLine().getErr();
        PatternPublisher.Result r = PatternPublisher.run(options, message -> {
            err.println("framebus: " + message);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.print(out, toMap(r));
        } else {
            out.print(text(r));
            out.flush();
        }
        return 0;
    }

    private Map<String, Object> toMap(PatternPublisher.Result r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channel", r.channel());
        m.put("path", r.path());
        m.put("width", size.width());
        m.put("height", size.height());
        m.put("format", format.name().toLowerCase(Locale.ROOT));
        m.put("frames", r.frames());
        m.put("frame_bytes", r.frameBytes());
        m.put("seconds", Json.round(r.seconds(), 3));
        m.put("fps", Json.round(r.fps(), 1));
        m.put("gb_per_s", Json.round(r.gigabytesPerSecond(), 3));
        m.put("backing", r.backing().name().toLowerCase(Locale.ROOT));
        m.put("page_size", r.pages().effectivePageSize());
        m.put("kernel_page_size", r.pages().kernelPageSize());
        m.put("huge_mapped_bytes", r.pages().hugeMappedBytes());
        m.put("mapping_bytes", r.pages().mappingBytes());
        m.put("placement", r.placementReason());
        m.put("generation", r.generation());
        m.put("took_over", r.tookOver());
        m.put("max_stall_ms", Json.round(r.maxStallMillis(), 3));
        return m;
    }

    private String text(PatternPublisher.Result r) {
        return Table.keyValues()
                .row("channel", r.channel() + " (" + r.path() + ", removed on close)")
                .row("frames", r.frames() + " x " + ByteSize.format(r.frameBytes()) + " (" + size + " "
                        + format.name().toLowerCase(Locale.ROOT) + ")")
                .row("seconds", String.format(Locale.ROOT, "%.3f", r.seconds()))
                .row("fps", String.format(Locale.ROOT, "%.1f", r.fps()))
                .row("throughput", String.format(Locale.ROOT, "%.3f GB/s", r.gigabytesPerSecond()))
                .row("backing", r.backing().name().toLowerCase(Locale.ROOT))
                .row("page size", r.pages().toString())
                .row("placement", r.placementReason())
                .row("writer", "generation " + r.generation()
                        + (r.tookOver() ? ", took over a dead writer's channel" : ""))
                .row("max stall", String.format(Locale.ROOT, "%.3f ms", r.maxStallMillis()))
                .render("");
    }
}
