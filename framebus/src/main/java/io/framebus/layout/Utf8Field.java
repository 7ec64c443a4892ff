package io.framebus.layout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

/** Text fields of the layout: UTF-8 up to the first zero byte, in a field of fixed width. */
final class Utf8Field {
    private Utf8Field() {
    }

    /**
     * Reads the text of a field. Invalid UTF-8 becomes U+FFFD; nothing past the field is read.
     *
     * @param segment the region
     * @param offset  the field's offset
     * @param width   the field's width, terminator included
     * @return the text before the first zero byte (or the whole field)
     */
    static String read(MemorySegment segment, long offset, int width) {
        byte[] bytes = new byte[width];
        MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, offset, bytes, 0, width);
        int length = 0;
        while (length < width && bytes[length] != 0) {
            length++;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    /**
     * Writes {@code text}, cut to {@code width - 1} bytes at a character boundary, then zeros to the end.
     *
     * @param segment the region
     * @param offset  the field's offset
     * @param width   the field's width, terminator included
     * @param text    the text
     */
    static void write(MemorySegment segment, long offset, int width, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = Math.min(bytes.length, width - 1);
        while (length > 0 && length < bytes.length && (bytes[length] & 0xC0) == 0x80) {
            length--; // do not cut a multi-byte character in two
        }
        segment.asSlice(offset, width).fill((byte) 0);
        MemorySegment.copy(bytes, 0, segment, ValueLayout.JAVA_BYTE, offset, length);
    }
}
