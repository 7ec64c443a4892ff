package io.framebus.layout;

import io.framebus.Backing;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.InvalidChannelNameException;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Validates a channel header read from a file against the file itself. Everything a process later
 * trusts (geometry, offsets, sizes, the default hold limit) is read once from a private copy, checked
 * here, and kept in a {@link Header}; nothing of it is ever read again from shared memory.
 */
public final class HeaderCheck {
    /**
     * A valid header: the geometry it describes and the fields around it, as they were when checked.
     *
     * @param layout    the geometry
     * @param holdLimit the default hold limit per reader, 1..slotCount-1
     * @param backing   where the memory comes from
     * @param name      the channel name
     * @param state     the channel state when checked
     * @param fileMode  the permission bits the creator asked for
     * @param dataInode  the inode number of the channel's data file
     * @param dataDevice the device of the channel's data file
     */
    public record Header(ChannelLayout layout, int holdLimit, Backing backing, String name, int state,
                         int fileMode, long dataInode, long dataDevice) {
    }

    private HeaderCheck() {
    }

    /**
     * @param copy     a private copy of the first {@link HeaderFlyweight#HEADER_SIZE} bytes of the file
     *                 (fewer if the file is shorter); never the live mapping
     * @param fileSize the control file's size from {@code fstat}
     * @param what     how to name the file in messages
     * @return the validated header
     * @throws ChannelFormatException when anything is inconsistent
     */
    public static Header check(MemorySegment copy, long fileSize, String what) {
        if (copy.byteSize() < HeaderFlyweight.HEADER_SIZE) {
            throw new ChannelFormatException(what + " is " + fileSize + " bytes, shorter than a channel header ("
                    + HeaderFlyweight.HEADER_SIZE + " bytes): truncated, or not a framebus channel");
        }
        HeaderFlyweight h = new HeaderFlyweight(copy);
        long magic = h.magic();
        if (magic != ChannelLayout.MAGIC) {
            throw new ChannelFormatException(what + " is not a framebus channel: magic is 0x" + Long.toHexString(magic)
                    + ", expected 0x" + Long.toHexString(ChannelLayout.MAGIC) + " (\"FRAMEBUS\")");
        }
        int version = h.version();
        if (version != ChannelLayout.VERSION) {
            throw new ChannelFormatException(what + " has layout version " + version + "; this framebus reads version "
                    + ChannelLayout.VERSION + ". Use the framebus release that created it, or recreate the channel.");
        }
        ChannelLayout layout = geometry(h, what);
        expect(what, "slot stride", h.slotStride(), layout.slotStride());
        expect(what, "control file size", h.controlSize(), layout.controlSize());
        expect(what, "data file size", h.dataSize(), layout.dataSize());
        if (fileSize != layout.controlSize()) {
            throw new ChannelFormatException(what + " is " + fileSize + " bytes but its header describes "
                    + layout.controlSize() + " bytes: the file was truncated or its header is corrupt");
        }
        int holdLimit = h.holdLimit();
        if (holdLimit < 1 || holdLimit >= layout.slotCount()) {
            throw new ChannelFormatException(what + " has hold limit " + holdLimit + ", outside 1.."
                    + (layout.slotCount() - 1));
        }
        Backing backing = backing(h.backingCode(), layout, what);
        String name = name(h, what);
        int state = h.state();
        if (state != ChannelLayout.STATE_INITIALIZING && state != ChannelLayout.STATE_OPEN
                && state != ChannelLayout.STATE_CLOSED) {
            throw new ChannelFormatException(what + " has unknown channel state " + state);
        }
        return new Header(layout, holdLimit, backing, name, state, h.fileMode(), h.dataInode(), h.dataDevice());
    }

    private static ChannelLayout geometry(HeaderFlyweight h, String what) {
        try {
            return new ChannelLayout(h.slotCount(), h.slotSize(), h.ringCapacity(), h.maxReaders(), h.pageSize());
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new ChannelFormatException(what + " has an invalid geometry: " + e.getMessage());
        }
    }

    private static Backing backing(int code, ChannelLayout layout, String what) {
        Backing backing = Backing.ofCode(code);
        if (backing == null) {
            throw new ChannelFormatException(what + " has unknown backing code " + code);
        }
        if (backing != Backing.PLAIN && layout.pageSize() != ChannelLayout.HUGE_PAGE) {
            throw new ChannelFormatException(what + " is backed by " + backing + " but aligned to " + layout.pageSize()
                    + "-byte pages");
        }
        return backing;
    }

    private static String name(HeaderFlyweight h, String what) {
        int nameLength = h.nameLength();
        if (nameLength < 1 || nameLength > HeaderFlyweight.NAME_MAX_BYTES) {
            throw new ChannelFormatException(what + " has name length " + nameLength + ", outside 1.."
                    + HeaderFlyweight.NAME_MAX_BYTES);
        }
        String name = new String(h.nameBytes(nameLength), StandardCharsets.UTF_8);
        try {
            ChannelNames.validate(name);
        } catch (InvalidChannelNameException e) {
            throw new ChannelFormatException(what + " stores an invalid channel name: " + e.getMessage());
        }
        return name;
    }

    private static void expect(String what, String field, long stored, long computed) {
        if (stored != computed) {
            throw new ChannelFormatException(what + " has " + field + " " + stored + " but its geometry implies "
                    + computed + ": the header is corrupt");
        }
    }
}
