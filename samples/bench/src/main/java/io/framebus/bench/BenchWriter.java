package io.framebus.bench;

import io.framebus.testkit.FramePattern;

import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * A bench writer process: sets up the transport, prints {@code READY endpoint=...}, waits for its
 * readers ({@code CONNECTED ...}), and on {@code GO} produces frames as fast as the transport takes
 * them until the throughput window ends (the warm-up is the time before the window). Then it pauses
 * until the paced window, where it produces frames at the paced rate, so that latency is measured
 * with the transport's queues empty. Every byte of every frame is written with the pattern of its
 * sequence number. Finally it ends the stream, prints {@code RESULT ...} and waits for {@code EXIT}.
 * Arguments: see {@link ChildArgs}.
 */
public final class BenchWriter {
    private static final long SETUP_TIMEOUT_NANOS = 120_000_000_000L;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private BenchWriter() {
    }

    public static void main(String[] argv) {
        ChildControl.runChild(argv, BenchWriter::run);
    }

    /** Counts of the frames published in one window. */
    private static final class Counts {
        long frames;
        long fillNanos;   // writing the payload
        long waitNanos;   // waiting for memory to write into (a free slot)
        long sendNanos;   // handing over (publish, send, offer)
    }

    @SuppressWarnings("try") // the sink is closed from the orphan hook too
    private static void run(ChildArgs args, ChildControl control) throws Exception {
        long length = args.cell().payload().bytes();
        long warmStart = System.nanoTime();
        long warm = Warmup.writer();
        long warmMillis = (System.nanoTime() - warmStart) / 1_000_000;
        try (FrameSink sink = FrameSink.open(args)) {
            control.onOrphaned(() -> {
                try {
                    sink.close();
                } catch (Exception e) {
                    // best effort
                }
            });
            ChildControl.say("READY endpoint=" + sink.endpoint() + " warmup_ms=" + warmMillis);
            sink.awaitReaders(SETUP_TIMEOUT_NANOS);
            ChildControl.say("CONNECTED " + sink.describe());
            control.await("GO", SETUP_TIMEOUT_NANOS / 1_000_000);
            long start = control.windowStart();
            long end = control.windowEnd();
            long pacedStart = control.pacedStart();
            long pacedEnd = control.pacedEnd();
            double rate = control.pacedRate();

            Counts window = new Counts();
            Counts paced = new Counts();
            long sequence = 1;
            // Warm-up and throughput window: as fast as the transport allows. A frame not handed over
            // by the deadline was not published; its sequence number is used by the next one.
            long threadCpuStart = -1; // this thread's CPU time at the window's start: was it on a core all along?
            long threadWallStart = 0;
            while (System.nanoTime() - end < 0) {
                if (threadCpuStart < 0 && System.nanoTime() - start >= 0) {
                    threadWallStart = System.nanoTime();
                    threadCpuStart = THREADS.getCurrentThreadCpuTime();
                }
                if (!produce(sink, sequence, length, end, end + 5_000_000_000L, start, end, window)) {
                    break;
                }
                sequence++;
            }
            long threadCpu = threadCpuStart < 0 ? -1 : THREADS.getCurrentThreadCpuTime() - threadCpuStart;
            long threadWall = threadCpuStart < 0 ? -1 : System.nanoTime() - threadWallStart;
            // Paced window: one frame every 1/rate seconds, after a pause that lets the queues drain.
            if (rate > 0) {
                long period = Math.round(1e9 / rate);
                for (long due = pacedStart; due - pacedEnd < 0; due += period) {
                    long now;
                    while ((now = System.nanoTime()) - due < 0) {
                        LockSupport.parkNanos(due - now);
                    }
                    if (now - pacedEnd >= 0) {
                        break;
                    }
                    long deadline = pacedEnd + 5_000_000_000L;
                    if (!produce(sink, sequence, length, deadline, deadline, pacedStart, pacedEnd, paced)) {
                        break;
                    }
                    sequence++;
                    if (System.nanoTime() - (due + period) > 0) {
                        due = System.nanoTime() - period; // could not keep the rate: no burst to catch up
                    }
                }
            }
            String extra = sink instanceof AeronTransport.Sink a ? " back_pressured=" + a.backPressured() : "";
            if (sink instanceof MemcpySink m) { // the producer alone is measured: now each reader work alone
                extra += m.measureWorkAlone(Math.max(100_000_000L, (end - start) / 2));
            }
            sink.finish();
            ChildControl.say(String.format(Locale.ROOT, "RESULT frames=%d total=%d fill_ns=%d wait_ns=%d"
                    + " publish_ns=%d thread_cpu_ns=%d thread_wall_ns=%d paced_frames=%d warm=%d%s", window.frames,
                    sequence - 1, window.fillNanos, window.waitNanos, window.sendNanos, threadCpu, threadWall,
                    paced.frames, warm & 1, extra));
            // Keep the endpoint alive (Aeron's media driver, the socket files) until the readers are done.
            control.await("EXIT", SETUP_TIMEOUT_NANOS / 1_000_000);
        }
    }

    /**
     * Writes and hands over frame {@code sequence}; counts it in {@code counts} if it was published in
     * [{@code from}, {@code to}). Returns false when it could not be done before the deadlines.
     */
    private static boolean produce(FrameSink sink, long sequence, long length, long claimDeadline,
                                   long publishDeadline, long from, long to, Counts counts) throws Exception {
        long t0 = System.nanoTime();
        MemorySegment target = sink.begin(sequence, claimDeadline);
        if (target == null) {
            return false; // every slot still needed when the deadline passed
        }
        long t1 = System.nanoTime();
        FramePattern.fill(target, length, sequence);
        long checksum = BenchPattern.expectedChecksum(sequence, length);
        long t2 = System.nanoTime();
        long published = sink.publish(sequence, checksum, publishDeadline);
        long t3 = System.nanoTime();
        if (published < 0) {
            return false;
        }
        if (published - from >= 0 && published - to < 0) {
            counts.frames++;
            counts.waitNanos += t1 - t0;
            counts.fillNanos += t2 - t1;
            counts.sendNanos += t3 - t2;
        }
        return true;
    }
}
