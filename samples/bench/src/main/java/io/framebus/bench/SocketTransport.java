package io.framebus.bench;

import java.io.EOFException;
import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * TCP loopback and Unix domain stream sockets with NIO blocking {@link SocketChannel}s (faster than
 * Netty's epoll transport for large frames on the machine this was written on). Each reader has its
 * own connection, so the writer sends every frame once per reader: a copy into the kernel per reader,
 * and each reader's receive is a copy out of it. Frame = {@link WireHeader} + payload, written with
 * one buffer; the reader reads both into one buffer.
 */
final class SocketTransport {
    private SocketTransport() {
    }

    static final class Sink implements FrameSink {
        private final ChildArgs args;
        private final boolean tcp;
        private final ServerSocketChannel server;
        private final Path socketFile;
        private final List<SocketChannel> connections = new ArrayList<>();
        private final MemorySegment frame;
        private final ByteBuffer frameBuffer;
        private final long payloadBytes;
        private final String endpoint;

        Sink(ChildArgs args) throws IOException {
            this.args = args;
            this.tcp = args.cell().transport().wire() == Transport.TCP;
            this.payloadBytes = args.cell().payload().bytes();
            if (tcp) {
                server = ServerSocketChannel.open(StandardProtocolFamily.INET);
                server.bind(new InetSocketAddress("127.0.0.1", 0), 64);
                socketFile = null;
                endpoint = "127.0.0.1:" + ((InetSocketAddress) server.getLocalAddress()).getPort();
            } else {
                socketFile = Path.of(args.endpoint());
                Files.deleteIfExists(socketFile);
                server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(socketFile), 64);
                endpoint = socketFile.toString();
            }
            frame = PrivateMemory.allocate(WireHeader.BYTES + payloadBytes);
            frameBuffer = frame.asByteBuffer();
        }

        @Override
        public String endpoint() {
            return endpoint;
        }

        @Override
        public String describe() {
            String sndbuf = "?";
            if (!connections.isEmpty()) {
                try {
                    sndbuf = Integer.toString(connections.getFirst().getOption(StandardSocketOptions.SO_SNDBUF));
                } catch (IOException e) {
                    // unknown
                }
            }
            return String.format(Locale.ROOT, "%s SO_SNDBUF=%s (asked %d) producer buffer %s",
                    tcp ? "tcp" : "uds", sndbuf, args.settings().socketBuffer(), PrivateMemory.pageDescription(frame));
        }

        @Override
        public void awaitReaders(long timeoutNanos) throws IOException {
            while (connections.size() < args.cell().readers()) {
                SocketChannel c = server.accept();
                if (tcp) {
                    c.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                if (args.settings().socketBuffer() > 0) {
                    c.setOption(StandardSocketOptions.SO_SNDBUF, args.settings().socketBuffer());
                }
                connections.add(c);
            }
        }

        @Override
        public MemorySegment begin(long sequence, long deadlineNanos) {
            return frame.asSlice(WireHeader.BYTES, payloadBytes);
        }

        @Override
        public long publish(long sequence, long checksum, long deadlineNanos) throws IOException {
            long now = System.nanoTime();
            WireHeader.write(frame, sequence, payloadBytes, now, checksum);
            for (SocketChannel c : connections) { // once per reader: each send copies the frame into the kernel
                frameBuffer.clear();
                while (frameBuffer.hasRemaining()) {
                    c.write(frameBuffer);
                }
            }
            return now;
        }

        @Override
        public void finish() throws IOException {
            WireHeader.write(frame, WireHeader.END, 0, System.nanoTime(), 0);
            for (SocketChannel c : connections) {
                frameBuffer.clear().limit(WireHeader.BYTES);
                while (frameBuffer.hasRemaining()) {
                    c.write(frameBuffer);
                }
                c.shutdownOutput();
            }
        }

        @Override
        public void close() throws IOException {
            for (SocketChannel c : connections) {
                c.close();
            }
            server.close();
            if (socketFile != null) {
                Files.deleteIfExists(socketFile);
            }
        }
    }

    static final class Source implements FrameSource {
        private final SocketChannel channel;
        private final MemorySegment frame;
        private final ByteBuffer frameBuffer;
        private final long payloadBytes;

        Source(ChildArgs args, String endpoint) throws IOException {
            boolean tcp = args.cell().transport().wire() == Transport.TCP;
            this.payloadBytes = args.cell().payload().bytes();
            SocketAddress address;
            if (tcp) {
                int colon = endpoint.lastIndexOf(':');
                address = new InetSocketAddress(endpoint.substring(0, colon),
                        Integer.parseInt(endpoint.substring(colon + 1)));
            } else {
                address = UnixDomainSocketAddress.of(endpoint);
            }
            channel = SocketChannel.open(tcp ? StandardProtocolFamily.INET : StandardProtocolFamily.UNIX);
            if (args.settings().socketBuffer() > 0) {
                // before connect: the TCP window scale is negotiated then
                channel.setOption(StandardSocketOptions.SO_RCVBUF, args.settings().socketBuffer());
            }
            if (tcp) {
                channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channel.connect(address); // blocking mode
            frame = PrivateMemory.allocate(WireHeader.BYTES + payloadBytes);
            frameBuffer = frame.asByteBuffer();
        }

        @Override
        public void run(Handler handler) throws IOException {
            MemorySegment payload = frame.asSlice(WireHeader.BYTES, payloadBytes);
            while (true) {
                frameBuffer.clear();
                while (frameBuffer.hasRemaining()) {
                    if (channel.read(frameBuffer) < 0) {
                        break;
                    }
                }
                int got = frameBuffer.position();
                if (got >= WireHeader.BYTES && WireHeader.sequence(frame) == WireHeader.END) {
                    return;
                }
                if (got < frameBuffer.capacity()) {
                    throw new EOFException("the writer closed the connection after " + got + " bytes of a frame");
                }
                long received = System.nanoTime();
                if (WireHeader.length(frame) != payloadBytes) {
                    throw new IOException("frame of " + WireHeader.length(frame) + " bytes, expected " + payloadBytes);
                }
                handler.onFrame(WireHeader.sequence(frame), WireHeader.publishNanos(frame), received,
                        WireHeader.checksum(frame), payload);
            }
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
