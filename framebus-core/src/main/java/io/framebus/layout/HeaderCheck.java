package io.framebus.layout;

import io.framebus.Backing;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.InvalidChannelNameException;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.charset.StandardCharsets;

import static io.framebus.layout.ChannelLayout.*;

/**
 * Validates a channel header read from a file against the file itself. Everything a reader later
 * trusts (geometry, offsets, sizes) is checked here once, then kept in a {@link ChannelLayout};
 * nothing geometric is ever re-read from shared memory.
 */
public final class HeaderCheck {
    /** A valid header: the layout it describes and the fields around it. */
    public record Header(ChannelLayout layout, int holdLimit, Backing backing, String name, int state,
                         int fileMode) {
    }

    private HeaderCheck() {
    }

    /** True when the header has not been sealed yet: a writer is still creating the file. */
    public static boolean isInitializing(MemorySegment header) {
        return header.byteSize() >= 8 && header.get(ValueLayout.JAVA_LONG, H_MAGIC) == 0;
    }

    /**
     * @param header   the first {@link ChannelLayout#HEADER_SIZE} bytes of the file (fewer if the file is shorter)
     * @param fileSize the file's size from {@code fstat}
     * @param what     how to name the file in messages
     * @throws ChannelFormatException when anything is inconsistent
     */
    public static Header check(MemorySegment header, long fileSize, String what) {
        if (header.byteSize() < HEADER_SIZE) {
            throw new ChannelFormatException(what + " is " + fileSize + " bytes, shorter than a channel header ("
                    + HEADER_SIZE + " bytes): truncated, or not a framebus channel");
        }
        long magic = header.get(ValueLayout.JAVA_LONG, H_MAGIC);
        if (magic != MAGIC) {
            throw new ChannelFormatException(what + " is not a framebus channel: magic is 0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(MAGIC) + " (\"FRAMEBUS\")");
        }
        int version = header.get(ValueLayout.JAVA_INT, H_VERSION);
        if (version != VERSION) {
            throw new ChannelFormatException(what + " has layout version " + version + "; this framebus reads version "
                    + VERSION + ". Use the framebus release that created it, or recreate the channel.");
        }
        ChannelLayout layout;
        try {
            layout = new ChannelLayout(header.get(ValueLayout.JAVA_INT, H_SLOT_COUNT),
                    header.get(ValueLayout.JAVA_LONG, H_SLOT_SIZE), header.get(ValueLayout.JAVA_INT, H_RING_CAPACITY),
                    header.get(ValueLayout.JAVA_INT, H_MAX_READERS), header.get(ValueLayout.JAVA_LONG, H_PAGE_SIZE));
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ChannelFormatException(what + " has an invalid geometry: " + e.getMessage());
        }
        expect(what, "slot stride", header.get(ValueLayout.JAVA_LONG, H_SLOT_STRIDE), layout.slotStride());
        expect(what, "data offset", header.get(ValueLayout.JAVA_LONG, H_DATA_OFFSET), layout.dataOffset());
        expect(what, "control size", header.get(ValueLayout.JAVA_LONG, H_CONTROL_SIZE), layout.controlSize());
        expect(what, "file size in the header", header.get(ValueLayout.JAVA_LONG, H_FILE_SIZE), layout.fileSize());
        if (fileSize != layout.fileSize()) {
            throw new ChannelFormatException(what + " is " + fileSize + " bytes but its header describes "
                    + layout.fileSize() + " bytes: the file was truncated or its header is corrupt");
        }
        int holdLimit = header.get(ValueLayout.JAVA_INT, H_HOLD_LIMIT);
        if (holdLimit < 1 || holdLimit >= layout.slotCount()) {
            throw new ChannelFormatException(what + " has hold limit " + holdLimit + ", outside 1.." + (layout.slotCount() - 1));
        }
        Backing backing = Backing.ofCode(header.get(ValueLayout.JAVA_INT, H_BACKING));
        if (backing == null) {
            throw new ChannelFormatException(what + " has unknown backing code " + header.get(ValueLayout.JAVA_INT, H_BACKING));
        }
        if (backing != Backing.PLAIN && layout.pageSize() != HUGE_PAGE) {
            throw new ChannelFormatException(what + " is backed by " + backing + " but aligned to " + layout.pageSize()
                    + "-byte pages");
        }
        int nameLength = header.get(ValueLayout.JAVA_INT, H_NAME_LENGTH);
        if (nameLength < 1 || nameLength > NAME_MAX_BYTES) {
            throw new ChannelFormatException(what + " has name length " + nameLength + ", outside 1.." + NAME_MAX_BYTES);
        }
        byte[] nameBytes = new byte[nameLength];
        MemorySegment.copy(header, ValueLayout.JAVA_BYTE, H_NAME, nameBytes, 0, nameLength);
        String name = new String(nameBytes, StandardCharsets.UTF_8);
        try {
            ChannelNames.validate(name);
        } catch (InvalidChannelNameException e) {
            throw new ChannelFormatException(what + " stores an invalid channel name: " + e.getMessage());
        }
        int state = header.get(ValueLayout.JAVA_INT, H_STATE);
        if (state != STATE_INITIALIZING && state != STATE_OPEN && state != STATE_CLOSED) {
            throw new ChannelFormatException(what + " has unknown channel state " + state);
        }
        int mode = header.get(ValueLayout.JAVA_INT, H_FILE_MODE);
        return new Header(layout, holdLimit, backing, name, state, mode);
    }

    private static void expect(String what, String field, long stored, long computed) {
        if (stored != computed) {
            throw new ChannelFormatException(what + " has " + field + " " + stored + " but its geometry implies "
                    + computed + ": the header is corrupt");
        }
    }
}
