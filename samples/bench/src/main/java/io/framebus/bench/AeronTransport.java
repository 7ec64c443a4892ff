package io.framebus.bench;

import io.aeron.Aeron;
import io.aeron.ExclusivePublication;
import io.aeron.FragmentAssembler;
import io.aeron.Publication;
import io.aeron.Subscription;
import io.aeron.driver.MediaDriver;
import io.aeron.driver.ThreadingMode;
import io.aeron.logbuffer.Header;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Aeron IPC. The writer process embeds the media driver (shared threading mode) and offers each
 * frame ({@link WireHeader} + payload) on one exclusive publication that every reader subscribes to:
 * {@code offer} copies the frame into the shared log once. Messages larger than the MTU are split
 * into fragments; each reader's {@link FragmentAssembler} copies them back into one contiguous
 * buffer (a copy per reader) before the handler sees the frame. Term length: see {@link AeronLimits}.
 *
 * <p>This class is loaded only in the Aeron children, which run with
 * {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED} (Agrona 2 uses
 * {@code jdk.internal.misc.Unsafe}).
 */
final class AeronTransport {
    static final int STREAM_ID = 1001;
    /** Fragments per poll: a 1080p frame is about 95 fragments of 64 KiB, so one poll can assemble it. */
    private static final int FRAGMENT_LIMIT = 256;
    private static final long CONNECT_TIMEOUT_NANOS = 30_000_000_000L;

    private AeronTransport() {
    }

    /** A client that maps the log buffers pre-touched: no page fault on them once frames flow. */
    private static Aeron.Context client(String directory) {
        return new Aeron.Context().aeronDirectoryName(directory).preTouchMappedMemory(true);
    }

    private static IdleStrategy idle() {
        return new BackoffIdleStrategy(1, 1, 1_000, 100_000); // spin, yield, then park 1..100 us
    }

    static final class Sink implements FrameSink {
        private final MediaDriver driver;
        private final Aeron aeron;
        private final ExclusivePublication publication;
        private final MemorySegment frame;
        private final UnsafeBuffer frameBuffer;
        private final long payloadBytes;
        private final int messageBytes;
        private final IdleStrategy idle = idle();
        private final String directory;
        private final String uri;
        private long backPressured;

        Sink(ChildArgs args) {
            this.payloadBytes = args.cell().payload().bytes();
            this.messageBytes = Math.toIntExact(WireHeader.BYTES + payloadBytes);
            String problem = AeronLimits.problem(messageBytes);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
            int term = AeronLimits.termLength(messageBytes);
            int mtu = args.settings().aeronMtu();
            this.directory = args.endpoint();
            MediaDriver.Context context = new MediaDriver.Context()
                    .aeronDirectoryName(directory)
                    .dirDeleteOnStart(true)
                    .dirDeleteOnShutdown(true)
                    .threadingMode(ThreadingMode.SHARED)
                    // The conductor moves the publication's limit as subscribers consume: let it sleep at
                    // most 100 us (Aeron's default is 1 ms), like the clients below.
                    .sharedIdleStrategy(new BackoffIdleStrategy(10, 20, 1_000, 100_000))
                    .ipcTermBufferLength(term)
                    .ipcMtuLength(mtu)
                    .termBufferSparseFile(false); // the log is allocated up front, as framebus's channel is

            this.driver = MediaDriver.launch(context);
            this.aeron = Aeron.connect(client(directory));
            this.uri = "aeron:ipc?term-length=" + term + "|mtu=" + mtu;
            this.publication = aeron.addExclusivePublication(uri, STREAM_ID);
            if (publication.maxMessageLength() < messageBytes) {
                throw new IllegalStateException("Aeron publication allows " + publication.maxMessageLength()
                        + " B messages, the frame needs " + messageBytes);
            }
            this.frame = PrivateMemory.allocate(messageBytes);
            this.frameBuffer = new UnsafeBuffer(frame.asByteBuffer());
        }

        @Override
        public String endpoint() {
            return directory;
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "aeron %s term=%d max_message=%d fragment_payload=%d message=%d",
                    uri, publication.termBufferLength(), publication.maxMessageLength(),
                    publication.maxPayloadLength(), messageBytes);
        }

        @Override
        public void awaitReaders(long timeoutNanos) throws InterruptedException {
            long deadline = System.nanoTime() + timeoutNanos;
            while (!publication.isConnected()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException("no Aeron subscriber connected");
                }
                Thread.sleep(1);
            }
        }

        @Override
        public MemorySegment begin(long sequence, long deadlineNanos) {
            return frame.asSlice(WireHeader.BYTES, payloadBytes);
        }

        @Override
        public long publish(long sequence, long checksum, long deadlineNanos) {
            long now = System.nanoTime();
            WireHeader.write(frame, sequence, payloadBytes, now, checksum);
            return offer(messageBytes, deadlineNanos) ? now : -1;
        }

        private boolean offer(int length, long deadlineNanos) {
            idle.reset();
            while (true) {
                long result = publication.offer(frameBuffer, 0, length); // copies the frame into the log
                if (result > 0) {
                    return true;
                }
                if (result == Publication.BACK_PRESSURED || result == Publication.ADMIN_ACTION
                        || result == Publication.NOT_CONNECTED) {
                    backPressured++;
                    if (System.nanoTime() - deadlineNanos >= 0) {
                        return false;
                    }
                    idle.idle();
                    continue;
                }
                throw new IllegalStateException("Aeron offer failed: " + Publication.errorString(result));
            }
        }

        @Override
        public void finish() {
            WireHeader.write(frame, WireHeader.END, 0, System.nanoTime(), 0);
            offer(WireHeader.BYTES, System.nanoTime() + 30_000_000_000L);
        }

        long backPressured() {
            return backPressured;
        }

        @Override
        public void close() {
            publication.close();
            aeron.close();
            driver.close();
        }
    }

    @SuppressWarnings("restricted") // the assembled frame's address as a segment: no copy for the reader's work
    static final class Source implements FrameSource {
        private final Aeron aeron;
        private final Subscription subscription;
        private final long payloadBytes;
        private boolean ended;

        Source(ChildArgs args, String endpoint) throws InterruptedException {
            this.payloadBytes = args.cell().payload().bytes();
            this.aeron = Aeron.connect(client(endpoint));
            this.subscription = aeron.addSubscription("aeron:ipc", STREAM_ID);
            long deadline = System.nanoTime() + CONNECT_TIMEOUT_NANOS;
            while (!subscription.isConnected()) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new IllegalStateException(
                            "the Aeron subscription did not connect to the writer's publication");
                }
                Thread.sleep(1);
            }
        }

        @Override
        public void run(Handler handler) {
            // Reassembles fragments into one direct buffer: a copy of every frame, in this reader.
            FragmentAssembler assembler = new FragmentAssembler((DirectBuffer buffer, int offset, int length,
                                                                 Header header) -> {
                long received = System.nanoTime();
                long sequence = buffer.getLong(offset, ByteOrder.nativeOrder());
                if (sequence == WireHeader.END) {
                    ended = true;
                    return;
                }
                if (buffer.byteArray() != null) {
                    throw new IllegalStateException("expected the assembled frame in direct memory");
                }
                MemorySegment message = MemorySegment.ofAddress(buffer.addressOffset() + offset).reinterpret(length);
                if (WireHeader.length(message) != payloadBytes || length != WireHeader.BYTES + payloadBytes) {
                    throw new IllegalStateException("message of " + length + " bytes, expected "
                            + (WireHeader.BYTES + payloadBytes));
                }
                handler.onFrame(sequence, WireHeader.publishNanos(message), received, WireHeader.checksum(message),
                        message.asSlice(WireHeader.BYTES, payloadBytes));
            }, Math.toIntExact(WireHeader.BYTES + payloadBytes), true);
            IdleStrategy idle = idle();
            while (!ended) {
                idle.idle(subscription.poll(assembler, FRAGMENT_LIMIT));
                if (subscription.isClosed()) {
                    throw new IllegalStateException("the Aeron subscription was closed");
                }
            }
        }

        @Override
        public void close() {
            subscription.close();
            aeron.close();
        }
    }
}
