package io.framebus.views;

import io.framebus.Frame;
import io.netty.buffer.AbstractReferenceCountedByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ReadOnlyBufferException;
import java.nio.channels.FileChannel;
import java.nio.channels.GatheringByteChannel;
import java.nio.channels.ScatteringByteChannel;

/**
 * A read-only Netty {@link ByteBuf} over a held frame, without copying. It is the root of its own
 * reference count: slices and duplicates Netty derives from it release through it, and when the
 * count reaches zero {@link #deallocate()} drops the frame's hold exactly once.
 *
 * <pre>{@code
 * ByteBuf buf = FrameByteBuf.of(frame);   // holds its own reference to the frame
 * channel.writeAndFlush(buf);             // Netty releases it when done; the slot is free after that
 * }</pre>
 *
 * <p>Reads go to the slot in shared memory; every write throws {@link ReadOnlyBufferException}.
 * Netty is an optional dependency of framebus: only this package needs {@code netty-buffer}.
 */
// "exports": this API is Netty's ByteBuf, from a module io.framebus requires statically (Netty is optional).
// Requiring it transitively instead would make every module that reads io.framebus need Netty to compile.
@SuppressWarnings("exports")
public final class FrameByteBuf extends AbstractReferenceCountedByteBuf {
    private final ByteBuffer buffer;
    private final ByteBuf reader;
    private final Runnable onRelease;

    /**
     * A view of a held frame. It retains the frame: the slot stays held until both the frame's own
     * reference is closed and this buffer is released to zero, whichever comes last. Allocates a small
     * wrapper per call.
     *
     * @param frame a held frame
     * @return a read-only buffer over its bytes
     */
    public static FrameByteBuf of(Frame frame) {
        Frame retained = frame.retain();
        try {
            return new FrameByteBuf(retained.byteBuffer(), retained::release);
        } catch (RuntimeException e) {
            retained.release();
            throw e;
        }
    }

    /**
     * Wraps a frame's bytes that something else keeps held until {@code onRelease} runs; {@link #of(Frame)}
     * does that for a {@link Frame}.
     *
     * @param frameBytes a read-only direct buffer over the frame (position 0, limit = length)
     * @param onRelease  run once when the reference count reaches zero
     */
    public FrameByteBuf(ByteBuffer frameBytes, Runnable onRelease) {
        super(frameBytes.remaining());
        if (!frameBytes.isReadOnly() || !frameBytes.isDirect()) {
            throw new IllegalArgumentException("a frame view needs a read-only direct buffer");
        }
        this.buffer = frameBytes.slice().order(ByteOrder.BIG_ENDIAN);
        this.reader = Unpooled.wrappedBuffer(buffer.duplicate());
        this.onRelease = onRelease;
        writerIndex(buffer.capacity());
    }

    @Override
    protected void deallocate() {
        onRelease.run();
    }

    @Override
    public boolean isReadOnly() {
        return true;
    }

    @Override
    public ByteBuf asReadOnly() {
        return this;
    }

    // ---------------------------------------------------------------- reads

    @Override
    protected byte _getByte(int index) {
        return buffer.get(index);
    }

    @Override
    protected short _getShort(int index) {
        return buffer.getShort(index);
    }

    @Override
    protected short _getShortLE(int index) {
        return Short.reverseBytes(buffer.getShort(index));
    }

    @Override
    protected int _getUnsignedMedium(int index) {
        return (buffer.get(index) & 0xff) << 16 | (buffer.get(index + 1) & 0xff) << 8 | buffer.get(index + 2) & 0xff;
    }

    @Override
    protected int _getUnsignedMediumLE(int index) {
        return buffer.get(index) & 0xff | (buffer.get(index + 1) & 0xff) << 8 | (buffer.get(index + 2) & 0xff) << 16;
    }

    @Override
    protected int _getInt(int index) {
        return buffer.getInt(index);
    }

    @Override
    protected int _getIntLE(int index) {
        return Integer.reverseBytes(buffer.getInt(index));
    }

    @Override
    protected long _getLong(int index) {
        return buffer.getLong(index);
    }

    @Override
    protected long _getLongLE(int index) {
        return Long.reverseBytes(buffer.getLong(index));
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuf dst, int dstIndex, int length) {
        checkIndex(index, length);
        reader.getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, byte[] dst, int dstIndex, int length) {
        checkIndex(index, length);
        reader.getBytes(index, dst, dstIndex, length);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, ByteBuffer dst) {
        checkIndex(index, dst.remaining());
        reader.getBytes(index, dst);
        return this;
    }

    @Override
    public ByteBuf getBytes(int index, OutputStream out, int length) throws IOException {
        checkIndex(index, length);
        reader.getBytes(index, out, length);
        return this;
    }

    @Override
    public int getBytes(int index, GatheringByteChannel out, int length) throws IOException {
        checkIndex(index, length);
        return reader.getBytes(index, out, length);
    }

    @Override
    public int getBytes(int index, FileChannel out, long position, int length) throws IOException {
        checkIndex(index, length);
        return reader.getBytes(index, out, position, length);
    }

    @Override
    public ByteBuf copy(int index, int length) {
        checkIndex(index, length);
        return reader.copy(index, length);
    }

    @Override
    public int nioBufferCount() {
        return 1;
    }

    @Override
    public ByteBuffer nioBuffer(int index, int length) {
        checkIndex(index, length);
        return buffer.duplicate().position(index).limit(index + length).slice();
    }

    @Override
    public ByteBuffer internalNioBuffer(int index, int length) {
        return nioBuffer(index, length);
    }

    @Override
    public ByteBuffer[] nioBuffers(int index, int length) {
        return new ByteBuffer[] {nioBuffer(index, length)};
    }

    // ---------------------------------------------------------------- writes are refused

    @Override
    protected void _setByte(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShort(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setShortLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMedium(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setMediumLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setInt(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setIntLE(int index, int value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLong(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    protected void _setLongLE(int index, long value) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuf src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, byte[] src, int srcIndex, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf setBytes(int index, ByteBuffer src) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, InputStream in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, ScatteringByteChannel in, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public int setBytes(int index, FileChannel in, long position, int length) {
        throw new ReadOnlyBufferException();
    }

    @Override
    public ByteBuf capacity(int newCapacity) {
        throw new ReadOnlyBufferException();
    }

    // ---------------------------------------------------------------- properties

    @Override
    public int capacity() {
        return buffer.capacity();
    }

    @Override
    public ByteBufAllocator alloc() {
        return ByteBufAllocator.DEFAULT;
    }

    @Override
    @SuppressWarnings("deprecation")
    public ByteOrder order() {
        return ByteOrder.BIG_ENDIAN;
    }

    @Override
    public ByteBuf unwrap() {
        return null;
    }

    @Override
    public boolean isDirect() {
        return true;
    }

    @Override
    public boolean hasArray() {
        return false;
    }

    @Override
    public byte[] array() {
        throw new UnsupportedOperationException("a frame view has no backing array");
    }

    @Override
    public int arrayOffset() {
        throw new UnsupportedOperationException("a frame view has no backing array");
    }

    @Override
    public boolean hasMemoryAddress() {
        return false;
    }

    @Override
    public long memoryAddress() {
        throw new UnsupportedOperationException("use nioBuffer() or the frame's MemorySegment");
    }
}
