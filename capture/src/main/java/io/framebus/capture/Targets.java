package io.framebus.capture;

import java.lang.foreign.MemorySegment;

/**
 * Checks that a destination can take a BGR24 frame before anything (native code above all) writes into it.
 * Public for sources in other modules (the JavaCV grabber source).
 */
public final class Targets {
    private Targets() {
    }

    /**
     * Checks a {@link VideoSource#writeTo} destination.
     *
     * @param target where the frame goes (a claimed slot)
     * @param stride bytes per row asked for
     * @param info   the source's geometry
     * @throws IllegalArgumentException when the stride is below {@code width * 3}, the target too small, or
     *                                  read-only
     */
    public static void check(MemorySegment target, int stride, SourceInfo info) {
        int row = info.width() * 3;
        if (stride < row) {
            throw new IllegalArgumentException("stride " + stride + " is less than width x 3 = " + row);
        }
        long needed = (long) stride * (info.height() - 1) + row;
        if (target.byteSize() < needed) {
            throw new IllegalArgumentException("a " + info.width() + "x" + info.height() + " BGR24 frame with stride "
                    + stride + " needs " + needed + " bytes; the target has " + target.byteSize()
                    + " (size the channel with CaptureChannels.configFor)");
        }
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("the target segment is read-only");
        }
    }
}
