package io.framebus.bench;

import io.framebus.ChannelConfig;
import io.framebus.ChannelReader;
import io.framebus.ChannelWriter;
import io.framebus.DType;
import io.framebus.FrameChannel;
import io.framebus.FrameClaim;
import io.framebus.PixelFormat;
import io.framebus.ReaderOptions;
import io.framebus.PageReport;
import io.framebus.pipeline.StageLoop;
import io.framebus.wait.WaitStrategy;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * framebus: the writer claims a slot, fills it in place and publishes; each reader (lossless, so it
 * gets every frame, like a socket reader) takes the frame and reads the slot in place. The frame's
 * publish time is the channel's own {@code publishNanos}, its receive time the reader's
 * {@code takeNanos}; the writer's checksum travels in the frame's tag.
 */
final class FramebusTransport {
    private static final long CLAIM_STEP_NANOS = 50_000_000L;

    private FramebusTransport() {
    }

    static final class Sink implements FrameSink {
        private final ChildArgs args;
        private final ChannelWriter writer;
        private final Payload payload;
        private FrameClaim claim;

        Sink(ChildArgs args) {
            this.args = args;
            this.payload = args.cell().payload();
            FrameChannel.warmUp(); // its hot path compiled before the cell, as a long-running writer's is
            ChannelConfig config = ChannelConfig.of(args.endpoint(), payload.bytes())
                    .withSlots(args.settings().slots()).withMaxReaders(Math.max(1, args.cell().readers()))
                    .withBacking(args.settings().backing());
            this.writer = FrameChannel.create(config);
        }

        @Override
        public String endpoint() {
            return writer.name() + "@" + writer.path().getParent();
        }

        @Override
        public String describe() {
            PageReport pages = writer.pageReport();
            return String.format(Locale.ROOT, "framebus backing=%s pages=%s slots=%d x %d B (%s)", writer.backing(),
                    pages.effectivePageSize() >= (2 << 20) ? "2MiB" : "4KiB", writer.slotCount(), writer.slotSize(),
                    writer.placementReason());
        }

        @Override
        public void awaitReaders(long timeoutNanos) {
            if (!writer.awaitReaders(args.cell().readers(), Duration.ofNanos(timeoutNanos))) {
                throw new IllegalStateException("only " + writer.readerCount() + " of " + args.cell().readers()
                        + " readers attached");
            }
        }

        @Override
        public MemorySegment begin(long sequence, long deadlineNanos) {
            while (true) {
                long left = deadlineNanos - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                claim = writer.claim(Duration.ofNanos(Math.min(left, CLAIM_STEP_NANOS)));
                if (claim != null) {
                    if (claim.sequence() != sequence) {
                        throw new IllegalStateException("channel sequence " + claim.sequence() + ", expected "
                                + sequence);
                    }
                    return claim.segment();
                }
            }
        }

        @Override
        public long publish(long sequence, long checksum, long deadlineNanos) {
            FrameClaim c = claim;
            claim = null;
            if (payload.tensor()) {
                c.tensor(DType.FLOAT32, 1, 3, 640, 640);
            } else if (payload.width() > 0) {
                c.video(payload.width(), payload.height(), payload.width() * 3, PixelFormat.BGR24);
            } else {
                c.length(payload.bytes());
            }
            long now = System.nanoTime();
            c.tag(checksum).publish();
            return now;
        }

        @Override
        public void finish() {
            writer.close(); // readers drain what was published, then see ChannelClosedException
        }

        @Override
        public void close() {
            if (claim != null) {
                claim.abort();
            }
            writer.close();
        }
    }

    static final class Source implements FrameSource {
        private final ChannelReader reader;

        Source(ChildArgs args, String endpoint) {
            FrameChannel.warmUp(); // the take path compiled before the cell, as a long-running reader's is
            int at = endpoint.indexOf('@');
            ReaderOptions options = ReaderOptions.lossless().withAttachTimeout(Duration.ofSeconds(30))
                    .withWaitStrategy(WaitStrategy.parse(args.cell().waitStrategy()));
            if (at > 0) {
                options = options.withDirectory(Path.of(endpoint.substring(at + 1)));
            }
            this.reader = FrameChannel.attach(at > 0 ? endpoint.substring(0, at) : endpoint, options);
        }

        @Override
        public void run(Handler handler) {
            StageLoop.untilClosed().withPollInterval(Duration.ofSeconds(1)).run(reader, frame -> handler.onFrame(
                    frame.sequence(), frame.publishNanos(), frame.takeNanos(), frame.tag(), frame.segment()));
        }

        @Override
        public void close() {
            reader.close();
        }
    }
}
