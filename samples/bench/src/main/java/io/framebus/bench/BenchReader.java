package io.framebus.bench;

import org.HdrHistogram.Histogram;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;

/**
 * A bench reader process: on {@code CONNECT endpoint} it connects (attaches, subscribes), prints
 * {@code READY}, then receives every frame until the writer ends the stream, does the cell's work on
 * each ({@link Work#TOUCH}: the metadata and one byte per page; {@link Work#FULL}: every byte,
 * compared with the writer's checksum), and prints {@code RESULT ...} with the frames received in the
 * throughput window, the errors, and two one-way latency histograms (publish to receive) as base64:
 * of the frames received in the throughput window (the transport saturated) and of the frames the
 * writer published in the paced window.
 */
public final class BenchReader {
    private static final long SETUP_TIMEOUT_MILLIS = 120_000;

    private BenchReader() {
    }

    public static void main(String[] argv) {
        ChildControl.runChild(argv, BenchReader::run);
    }

    /** What a reader counts; fields are updated on the receiving thread only. */
    private static final class Stats implements FrameSource.Handler {
        final ChildControl control;
        final boolean full;
        final Histogram latency = new Histogram(1, 3_600_000_000_000L, 3);
        final Histogram paced = new Histogram(1, 3_600_000_000_000L, 3);
        long frames;
        long pacedFrames;
        long total;
        long bytes;
        long checksumErrors;
        long gaps;
        long expected;
        long workNanos;
        long sink;

        Stats(ChildControl control, Work work) {
            this.control = control;
            this.full = work == Work.FULL;
        }

        @Override
        public void onFrame(long sequence, long publishNanos, long receiveNanos, long checksum,
                            java.lang.foreign.MemorySegment payload) {
            long length = payload.byteSize();
            if (full) {
                if (BenchPattern.checksum(payload, length) != checksum) {
                    checksumErrors++;
                }
            } else {
                sink += BenchPattern.touch(payload, length) + checksum + sequence + publishNanos;
            }
            long done = System.nanoTime();
            if (expected != 0 && sequence != expected) {
                gaps += Math.abs(sequence - expected);
            }
            expected = sequence + 1;
            total++;
            long oneWay = Math.max(1, Math.min(receiveNanos - publishNanos, latency.getHighestTrackableValue()));
            if (receiveNanos - control.windowStart() >= 0 && receiveNanos - control.windowEnd() < 0) {
                frames++;
                bytes += length;
                workNanos += done - receiveNanos;
                latency.recordValue(oneWay);
            } else if (publishNanos - control.pacedStart() >= 0 && publishNanos - control.pacedEnd() < 0) {
                pacedFrames++;
                paced.recordValue(oneWay);
            }
        }
    }

    private static void run(ChildArgs args, ChildControl control) throws Exception {
        long warm = Warmup.reader(args.cell().work());
        String connect = control.await("CONNECT ", SETUP_TIMEOUT_MILLIS);
        String endpoint = connect.substring("CONNECT ".length()).trim();
        Stats stats = new Stats(control, args.cell().work());
        try (FrameSource source = FrameSource.open(args, endpoint)) {
            ChildControl.say("READY");
            source.run(stats);
        }
        ChildControl.say(String.format(Locale.ROOT, "RESULT frames=%d total=%d bytes=%d checksum_errors=%d gaps=%d"
                + " work_ns=%d paced_frames=%d sink=%d hist=%s paced_hist=%s", stats.frames, stats.total, stats.bytes,
                stats.checksumErrors, stats.gaps, stats.workNanos, stats.pacedFrames, (stats.sink ^ warm) & 1,
                encode(stats.latency), encode(stats.paced)));
    }

    /** A histogram as one base64 token (compressed), for the RESULT line. */
    static String encode(Histogram h) {
        ByteBuffer b = ByteBuffer.allocate(h.getNeededByteBufferCapacity());
        int n = h.encodeIntoCompressedByteBuffer(b);
        byte[] out = new byte[n];
        b.flip().get(out);
        return Base64.getEncoder().encodeToString(out);
    }

    /**
     * The histogram of a Python reader's latencies: base64 of the zlib-compressed little-endian s64
     * nanoseconds, one per frame ({@code python -m framebus.bench}).
     */
    static Histogram fromValues(String base64) {
        Histogram h = new Histogram(1, 3_600_000_000_000L, 3);
        Inflater inflater = new Inflater();
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(base64)),
                inflater)) {
            ByteBuffer values = ByteBuffer.wrap(in.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            while (values.remaining() >= Long.BYTES) {
                h.recordValue(Math.max(1, Math.min(values.getLong(), h.getHighestTrackableValue())));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("bad latencies in a Python reader's result", e);
        } finally {
            inflater.end();
        }
        return h;
    }

    /** The histogram of a reader's RESULT fields: {@code hist} (Java readers) or {@code lat} (Python readers). */
    static Histogram histogram(Map<String, String> result, String java, String python) {
        return result.containsKey(python) ? fromValues(result.get(python)) : decode(result.get(java));
    }

    /** The histogram of {@link #encode}. */
    static Histogram decode(String base64) {
        try {
            return Histogram.decodeFromCompressedByteBuffer(ByteBuffer.wrap(Base64.getDecoder().decode(base64)), 0);
        } catch (java.util.zip.DataFormatException e) {
            throw new IllegalArgumentException("bad histogram in a reader's result", e);
        }
    }
}
