package io.framebus.internal;

import io.framebus.ChannelAccessDeniedException;
import io.framebus.ChannelBusyException;
import io.framebus.ChannelConfig;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNames;
import io.framebus.PageReport;
import io.framebus.layout.ChannelLayout;
import io.framebus.memory.Accounts;
import io.framebus.memory.BackingSelector;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Libc;
import io.framebus.memory.MountTable;
import io.framebus.memory.NativeException;

import java.nio.file.Path;

/**
 * Opens a channel for writing: creates a new one ({@link ChannelCreator}), or takes over the channel
 * of a dead writer of the same user ({@link ChannelTakeover}).
 *
 * <p>An existing channel file is opened without following links, its owner checked (a writer never
 * touches another user's file: {@link Trust}), and the writer's liveness lock taken before anything
 * is read or written, so at most one live writer exists per channel.
 */
public final class WriterOpener {
    private static final int ATTEMPTS = 8;

    /**
     * The result: the mapped channel and how it was obtained.
     *
     * @param channel    the mapped channel, its writer lock held
     * @param placement  where it is and why
     * @param pages      what the kernel gave its data file
     * @param generation 1 for a new channel, one more for each takeover
     * @param tookOver   whether a dead writer's channel was taken over
     */
    public record Opened(MappedChannel channel, BackingSelector.Placement placement, PageReport pages,
                         long generation, boolean tookOver) {
    }

    private WriterOpener() {
    }

    /**
     * @param config the channel to create or take over
     * @return the open channel
     */
    public static Opened open(ChannelConfig config) {
        Libc.requireSupportedPlatform();
        BackingSelector selector = new BackingSelector(MountTable.read());
        BackingSelector.Placement placement = selector.select(config.backing(), config.directory(),
                page -> layoutFor(config, page).totalSize());
        ChannelLayout layout = layoutFor(config, placement.pageSize());
        Path path = ChannelNames.file(placement.directory(), config.name());
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            ChannelFile existing = openExisting(path);
            if (existing == null) {
                try {
                    return ChannelCreator.create(config, layout, placement);
                } catch (ChannelCreator.NameTaken e) {
                    clearOrphanData(e.path(), path);
                    continue; // a file of that name appeared meanwhile: look at it
                }
            }
            try {
                Opened opened = reuse(config, existing, layout, placement);
                if (opened != null) {
                    return opened;
                }
                existing.close();
            } catch (RuntimeException e) {
                existing.close();
                throw e;
            }
        }
        throw new ChannelBusyException("channel '" + config.name() + "' at " + path
                + " kept being replaced by another process; gave up after " + ATTEMPTS + " attempts");
    }

    static ChannelLayout layoutFor(ChannelConfig c, long pageSize) {
        return new ChannelLayout(c.slotCount(), c.slotSize(), c.ringCapacity(), c.maxReaders(), pageSize);
    }

    private static ChannelFile openExisting(Path path) {
        try {
            return ChannelFile.open(path, true);
        } catch (NativeException e) {
            if (e.errno() == Libc.ENOENT) {
                return null;
            }
            throw Errors.translate(e, path);
        }
    }

    /** An existing control file of this user: taken over, or removed (null: create anew). */
    private static Opened reuse(ChannelConfig config, ChannelFile file, ChannelLayout layout,
                                BackingSelector.Placement placement) {
        ChannelFile.Stat stat = file.stat();
        if (!stat.isRegularFile()) {
            throw new ChannelFormatException(file.path() + " is not a regular file");
        }
        Trust.requireOwnFile(file, stat);
        if (!file.tryLock(ChannelLayout.WRITER_LOCK_BYTE)) {
            throw new ChannelBusyException("channel '" + config.name() + "' already has a live writer ("
                    + Errors.describeWriter(file) + "); close it first, or pick another name");
        }
        if (!file.isLinkedAtPath()) {
            return null; // another writer replaced the file between our open and our lock
        }
        return ChannelTakeover.takeOverOrRemove(config, file, layout, placement);
    }

    /**
     * The data file's name was taken when a new channel was put in place. If it is a stale file of this
     * user whose control file is gone (a creator killed between its two renames), it is removed; a file
     * of another user is refused: framebus never adopts nor deletes it.
     */
    private static void clearOrphanData(Path taken, Path control) {
        if (taken.equals(control)) {
            return; // the control file appeared: the next attempt inspects it
        }
        try (ChannelFile data = ChannelFile.open(taken, false)) {
            ChannelFile.Stat stat = data.stat();
            int me = Accounts.effectiveUid();
            if (stat.uid() != me) {
                throw new ChannelAccessDeniedException(taken + " is owned by " + Trust.user(taken, stat.uid())
                        + ": another user holds this channel's name. framebus never writes into or removes another "
                        + "user's file; ask its owner to remove it, or use another channel name.");
            }
            if (openExisting(control) == null) {
                data.unlinkIfLinked();
            }
        } catch (NativeException e) {
            // gone meanwhile: the next attempt tries again
        }
    }
}
