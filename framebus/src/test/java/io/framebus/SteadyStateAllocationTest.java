package io.framebus;

import io.framebus.testkit.FramePattern;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The hot path (claim, publish, poll, close) must not allocate once warmed up, also while a JFR
 * recording runs. Measured with the JVM's per-thread allocation counter, not assumed.
 */
class SteadyStateAllocationTest {
    private static final String LABEL = "output0";


    @Test
    void claimPublishPollReleaseAllocateNothingInSteadyState() {
        assertSteadyStateAllocatesNothing(uniqueName("alloc"));
    }

    @Test
    void claimPublishPollReleaseAllocateNothingWhileJfrRecords() throws Exception {
        // JDK's "profile" settings (allocation sampling, ...) plus every framebus event, periodic ones every 100 ms
        String name = uniqueName("alloc-jfr");
        try (FramebusRecording recording = new FramebusRecording(new Recording(Configuration.getConfiguration(
                "profile")))) {
            assertSteadyStateAllocatesNothing(name);
            assertFalse(recording.events("io.framebus.ChannelStatistics").stream()
                    .noneMatch(e -> name.equals(e.getString("channel"))), "the recording saw the channel");
        }
    }

    /**
     * A blocking take that waits (futex, or adaptive: spin, yield, then futex) allocates nothing on the
     * reader's thread either: a publisher thread publishes in bursts with pauses that outlast the adaptive
     * phases, so the reader spins, yields and sleeps.
     */
    @Test
    // Not zero: while a reader sleeps it probes its writer's liveness (an fcntl, once per 100 ms of waiting). The
    // probe keeps its errno capture and struct flock per thread (Libc.ofdLocked), but called that rarely it stays
    // interpreted, where its downcall allocates about 40 bytes (LivenessProbeAllocationTest); this test saw 80 bytes
    // (the wrapper before, several hundred). The take and the wake allocate nothing; the bound catches anything
    // per frame (5,000 frames).
    void waitingTakesAllocateOnlyTheLivenessProbesDowncall() throws Exception {
        for (io.framebus.wait.WaitStrategy wait : new io.framebus.wait.WaitStrategy[] {
            io.framebus.wait.WaitStrategy.futex(), io.framebus.wait.WaitStrategy.adaptive()}) {
            String name = uniqueName("alloc-wait");
            try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(8));
                 ChannelReader reader = FrameChannel.attach(name, lossless().withWaitStrategy(wait))) {
                int warm = 20_000;
                int measured = 5_000;
                Thread publisher = Thread.ofPlatform().start(() -> {
                    for (int i = 0; i < warm + measured; i++) {
                        writer.claim(java.time.Duration.ofSeconds(10)).length(8).publish();
                        if (i % 16 == 0) {
                            java.util.concurrent.locks.LockSupport.parkNanos(200_000);
                        }
                    }
                });
                long[] sum = new long[1];
                FrameHandler handler = f -> sum[0] += f.sequence();
                com.sun.management.ThreadMXBean threads =
                        (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
                long before = 0;
                for (int i = 0; i < warm + measured; i++) {
                    if (i == warm) {
                        before = threads.getCurrentThreadAllocatedBytes();
                    }
                    ReadStatus status = reader.take(handler, 10_000_000_000L);
                    if (status != ReadStatus.FRAME) {
                        fail(wait + " take " + i + ": " + status);
                    }
                }
                long allocated = threads.getCurrentThreadAllocatedBytes() - before;
                publisher.join();
                System.out.println(wait + ": allocated over " + measured + " waiting takes: " + allocated
                        + " bytes (sum " + sum[0] + ")");
                assertTrue(allocated < 1024, wait + " takes allocated " + allocated + " bytes");
            }
        }
    }

    private static void assertSteadyStateAllocatesNothing(String name) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported());
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChannelReader lossless = FrameChannel.attach(name, lossless());
             ChannelReader latest = FrameChannel.attach(name, latest())) {
            long checksum = roundTrips(writer, lossless, latest, 300_000); // warm up: C2 compiles the loop
            long before = threads.getCurrentThreadAllocatedBytes();
            checksum += roundTrips(writer, lossless, latest, 100_000);
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            System.out.println("allocated over 100000 round trips: " + allocated + " bytes (checksum " + checksum
                    + ")");
            assertTrue(allocated < 4096, "steady state allocated " + allocated + " bytes over 100000 round trips");
        }
    }

    private static long roundTrips(ChannelWriter writer, ChannelReader lossless, ChannelReader latest, int n) {
        long sum = 0;
        for (int i = 0; i < n; i++) {
            FrameClaim claim = writer.tryClaim();
            claim.segment().set(java.lang.foreign.ValueLayout.JAVA_LONG, 0, i);
            claim.video(16, 16, 48, PixelFormat.BGR24).pts(i).origin(i).label(LABEL).publish();
            Frame a = lossless.tryTake();
            sum += a.sequence() + a.width() + FramePattern.touch(a.segment(), a.length());
            a.close();
            Frame b = latest.tryTake();
            sum += b.pts();
            b.close();
        }
        return sum;
    }
}
