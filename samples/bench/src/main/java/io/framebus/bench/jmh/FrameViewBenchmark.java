package io.framebus.bench.jmh;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;
import io.framebus.javacv.ReadOnlyJavacvFrame;
import io.framebus.javacv.ReadOnlyMat;
import io.framebus.javacv.ReadOnlyViews;
import io.framebus.media.AddressPointer;
import org.bytedeco.opencv.opencv_core.Mat;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

import static org.bytedeco.opencv.global.opencv_core.CV_8UC3;

/**
 * The cost of an OpenCV {@code Mat} or JavaCV {@code Frame} view of a held 1080p BGR24 frame, per frame:
 * what {@link ReadOnlyViews} does on every frame (check the slot's cached header, re-point the JavaCV
 * frame), against making a new {@code Mat} header per frame. Run with {@code -prof gc} to see the bytes
 * allocated per view ({@code gc.alloc.rate.norm}).
 *
 * <p>Run: {@code bin/framebus jmh FrameViewBenchmark -prof gc} (any JMH options may follow).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FrameViewBenchmark {
    private static final int WIDTH = 1920;
    private static final int HEIGHT = 1080;

    private ChannelWriter writer;
    private ChannelReader reader;
    private ReadOnlyViews views;
    private Frame held;
    private final AddressPointer address = new AddressPointer();

    @Setup(Level.Trial)
    public void open() {
        String name = "jmh-views-" + ProcessHandle.current().pid();
        writer = FrameChannel.create(ChannelConfig.of(name, (long) WIDTH * HEIGHT * 3).withSlots(4)
                .withBacking(Backing.PLAIN));
        reader = FrameChannel.attach(name, ReaderOptions.lossless().withHoldLimit(2));
        views = new ReadOnlyViews();
        for (int i = 0; i < 4; i++) { // a frame in every slot, so the views of all slots exist
            writer.tryClaim().video(WIDTH, HEIGHT, WIDTH * 3, PixelFormat.BGR24).publish();
            try (Frame f = reader.tryTake()) {
                views.readOnlyJavacvFrame(f);
            }
        }
        writer.tryClaim().video(WIDTH, HEIGHT, WIDTH * 3, PixelFormat.BGR24).publish();
        held = reader.tryTake();
    }

    @TearDown(Level.Trial)
    public void close() {
        held.close();
        views.close();
        reader.close();
        writer.close();
    }

    /** The Mat view of a held frame: the slot's cached header, checked against the frame. */
    @Benchmark
    public ReadOnlyMat readOnlyMat() {
        return views.readOnlyMat(held);
    }

    /** The JavaCV frame view of a held frame (its Mat view included: it is the frame's {@code opaque}). */
    @Benchmark
    public ReadOnlyJavacvFrame readOnlyJavacvFrame() {
        return views.readOnlyJavacvFrame(held);
    }

    /** What a view costs without the cache: a new native {@code cv::Mat} header per frame, freed after. */
    @Benchmark
    public long newMatPerFrame() {
        try (Mat mat = new Mat(HEIGHT, WIDTH, CV_8UC3, address.set(held.segment().address(), held.length()),
                WIDTH * 3L)) {
            return mat.address();
        }
    }

    /** A whole frame's way with a view: claim, publish, take, Mat view, release (slots rotate). */
    @Benchmark
    public long publishTakeMatViewRelease() {
        writer.tryClaim().video(WIDTH, HEIGHT, WIDTH * 3, PixelFormat.BGR24).publish();
        try (Frame f = reader.tryTake()) {
            return views.readOnlyMat(f).address();
        }
    }
}
