package io.framebus.bench.jmh;

import io.framebus.Backing;
import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.ValueLayout;
import java.util.concurrent.TimeUnit;

/**
 * The ring's own cost, in one process: claim, describe, publish, then each reader takes and
 * releases. Payload bytes are not touched beyond one word, so this measures the protocol (ring
 * announcement, hold record, validation, release), not memory bandwidth; {@code framebus bench}
 * measures whole frames across processes.
 *
 * <p>Run: {@code ./framebus jmh RingBenchmark} (any JMH options may follow, e.g. {@code -f 1 -wi 3 -i 5}).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class RingBenchmark {
    @Param({"1", "3"})
    int readers;

    @Param({"LOSSLESS", "LATEST"})
    String mode;

    private ChannelWriter writer;
    private ChannelReader[] readerArray;

    @Setup(Level.Trial)
    public void open() {
        String name = "jmh-ring-" + ProcessHandle.current().pid();
        writer = FrameChannel.create(ChannelConfig.of(name, 64 * 1024).withSlots(8)
                .withBacking(Backing.PLAIN));
        readerArray = new ChannelReader[readers];
        ReaderOptions options = mode.equals("LOSSLESS") ? ReaderOptions.lossless() : ReaderOptions.latest();
        for (int i = 0; i < readers; i++) {
            readerArray[i] = FrameChannel.attach(name, options);
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        for (ChannelReader r : readerArray) {
            r.close();
        }
        writer.close();
    }

    /** One frame through the whole protocol: claim, publish, and every reader takes and releases it. */
    @Benchmark
    public long claimPublishTakeRelease() {
        FrameClaim claim = writer.tryClaim();
        claim.segment().set(ValueLayout.JAVA_LONG, 0, 42L);
        long sequence = claim.video(128, 128, 384, PixelFormat.BGR24).publish();
        long sum = sequence;
        for (ChannelReader r : readerArray) {
            Frame f = r.tryTake();
            sum += f.segment().get(ValueLayout.JAVA_LONG, 0) + f.sequence();
            f.close();
        }
        return sum;
    }

    /** A poll that finds nothing new: what an idle reader spins on. */
    @Benchmark
    public Frame pollEmpty() {
        return readerArray[0].tryTake();
    }
}
