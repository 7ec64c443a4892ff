package io.framebus.javacv;

import org.bytedeco.javacpp.indexer.Indexer;
import org.bytedeco.javacv.Frame;

/**
 * A JavaCV {@link Frame} over a held framebus frame's slot, which a reader maps <b>read-only</b>. Made
 * by {@link ReadOnlyViews#readOnlyJavacvFrame}: {@code image[0]} is the frame's read-only direct
 * {@code ByteBuffer} over the slot, {@code imageWidth}, {@code imageHeight}, {@code imageStride},
 * {@code imageChannels} and {@code imageDepth} ({@link #DEPTH_UBYTE}) come from the frame's metadata,
 * {@code timestamp} is its pts in microseconds, and {@code opaque} is the frame's {@link ReadOnlyMat}, so
 * {@code OpenCVFrameConverter.ToMat.convert(frame)} returns that Mat without a copy.
 *
 * <p>Writes from Java fail: {@code image[0].put(...)} and the indexers of {@link #createIndexer()} throw
 * {@link java.nio.ReadOnlyBufferException}. Native code that writes into the image (an OpenCV call with
 * the converted Mat as destination, a {@code BytePointer} over the buffer) gets {@code SIGSEGV} and kills
 * the JVM. For a picture to modify, take a {@link #writableCopy()}.
 *
 * <p>The view shows the slot only while the frame is held, and {@link ReadOnlyViews} reuses it for later
 * frames of the same slot; {@link #close()} does nothing (the views own it).
 */
public final class ReadOnlyJavacvFrame extends Frame {
    ReadOnlyJavacvFrame() {
        type = Type.VIDEO;
        imageDepth = DEPTH_UBYTE;
        streamIndex = -1;
    }

    /**
     * A deep copy whose image lives in new native memory: writable, owned by the caller.
     *
     * @return JavaCV's {@link Frame#clone()} of this view
     */
    public Frame writableCopy() {
        return clone();
    }

    /** {@inheritDoc} Always an indexer over the read-only buffer ({@code direct} is ignored): its put throws. */
    @Override
    public <I extends Indexer> I createIndexer(boolean direct, int i) {
        return super.createIndexer(true, i);
    }

    /** Does nothing: the view belongs to its {@link ReadOnlyViews}, which frees what it holds. */
    @Override
    public void close() {
    }
}
