package io.framebus.internal;

import io.framebus.ChannelAccessDeniedException;
import io.framebus.ChannelFormatException;
import io.framebus.layout.HeaderCheck;
import io.framebus.memory.Accounts;
import io.framebus.memory.ChannelFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;

/**
 * Who may be trusted with a channel. {@code /dev/shm} and {@code /dev/hugepages} are writable by
 * everyone, so a channel's name proves nothing about who made its files:
 *
 * <ul>
 *   <li>A writer uses only files of its own user: it creates new ones exclusively and takes over only
 *       channels its user owns. It never adopts another user's file.</li>
 *   <li>A reader trusts a channel owned by its own user or by root; with a group named, also one owned
 *       by a member of that group and given to it. Never a world-writable one.</li>
 *   <li>The data file must be the one the control file was created with (same inode and device), owned
 *       by the same user, writable by nobody else, and of the size the header says.</li>
 * </ul>
 */
final class Trust {
    private Trust() {
    }

    /**
     * @param file the channel's control file, opened
     * @param stat its {@code fstat}
     * @throws ChannelAccessDeniedException when another user owns it
     */
    static void requireOwnFile(ChannelFile file, ChannelFile.Stat stat) {
        int me = Accounts.effectiveUid();
        if (stat.uid() != me) {
            throw new ChannelAccessDeniedException(file.path() + " is owned by " + user(file.path(), stat.uid())
                    + ", not by this user (uid " + me + "): framebus never writes into another user's channel file. "
                    + "Ask its owner to remove it ('framebus rm'), or use another channel name.");
        }
    }

    /**
     * @param file  a channel's control file, opened by a reader
     * @param stat  its {@code fstat}
     * @param group the group the reader accepts channels of, or null
     * @throws ChannelAccessDeniedException when the reader must not trust the file
     */
    static void requireTrusted(ChannelFile file, ChannelFile.Stat stat, String group) {
        Path path = file.path();
        if ((stat.permissions() & 0002) != 0) {
            throw new ChannelAccessDeniedException(String.format("%s is world-writable (mode %04o): anyone could "
                    + "write into it, so framebus does not trust its frames", path, stat.permissions()));
        }
        int me = Accounts.effectiveUid();
        if (stat.uid() == me || stat.uid() == 0) {
            return;
        }
        if (group != null) {
            int gid = Accounts.groupId(group).orElseThrow(() ->
                    new IllegalArgumentException("group '" + group + "' does not exist"));
            if (stat.gid() == gid && Accounts.isMember(stat.uid(), gid)) {
                return;
            }
            throw new ChannelAccessDeniedException(path + " is owned by " + user(path, stat.uid()) + " and group gid "
                    + stat.gid() + "; a reader of group '" + group + "' (gid " + gid + ") trusts only channels given "
                    + "to that group by one of its members");
        }
        throw new ChannelAccessDeniedException(path + " is owned by " + user(path, stat.uid()) + ", not by this user"
                + " (uid " + me + ") or root: a reader trusts only its own user's channels unless it names their "
                + "group (--group NAME, ReaderOptions.withGroup)");
    }

    /**
     * @param control the control file's {@code fstat}
     * @param data    the data file, opened
     * @param header  the validated header
     * @throws ChannelFormatException when the data file is not the channel's
     */
    static void requireDataFile(ChannelFile.Stat control, ChannelFile data, HeaderCheck.Header header) {
        ChannelFile.Stat d = data.stat();
        String problem = null;
        if (!d.isRegularFile()) {
            problem = "is not a regular file";
        } else if (d.inode() != header.dataInode() || d.device() != header.dataDevice()) {
            problem = "is not the file the channel was created with (inode " + d.inode() + ", expected "
                    + header.dataInode() + ")";
        } else if (d.uid() != control.uid()) {
            problem = "is owned by uid " + d.uid() + " but the control file by uid " + control.uid();
        } else if ((d.permissions() & 0022) != 0) {
            problem = String.format("is writable by others (mode %04o)", d.permissions());
        } else if (d.size() != header.layout().dataSize()) {
            problem = "is " + d.size() + " bytes but the header describes " + header.layout().dataSize()
                    + ": it was truncated or replaced";
        }
        if (problem != null) {
            throw new ChannelFormatException(data.path() + " " + problem + "; the channel cannot be trusted");
        }
    }

    /** "uid 1000 (alice)", or just the number when the name is unknown. */
    static String user(Path path, int uid) {
        try {
            PosixFileAttributes a = Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return "uid " + uid + " (" + a.owner().getName() + ")";
        } catch (IOException | RuntimeException e) {
            return "uid " + uid;
        }
    }
}
