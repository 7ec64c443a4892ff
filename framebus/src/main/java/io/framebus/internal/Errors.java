package io.framebus.internal;

import io.framebus.ChannelAccessDeniedException;
import io.framebus.ChannelFormatException;
import io.framebus.ChannelNotFoundException;
import io.framebus.layout.HeaderFlyweight;
import io.framebus.memory.ChannelFile;
import io.framebus.memory.Libc;
import io.framebus.memory.NativeException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.function.Supplier;

/** Turns failed opens into the typed exceptions of the public API, with the facts a user needs. */
final class Errors {
    private Errors() {
    }

    static ChannelFile open(Supplier<ChannelFile> opener, Path path) {
        try {
            return opener.get();
        } catch (NativeException e) {
            throw translate(e, path);
        }
    }

    static RuntimeException translate(NativeException e, Path path) {
        return switch (e.errno()) {
            case Libc.EACCES, Libc.EPERM -> new ChannelAccessDeniedException(path + ": permission denied for uid "
                    + uid() + " (" + ownership(path) + "). A channel is private to its creator's user by default "
                    + "(mode 0600); create it with a group (--group NAME, mode 0660) to share it.", e);
            case Libc.ELOOP -> new ChannelFormatException(path
                    + " is a symbolic link; framebus refuses to follow it", e);
            case Libc.ENOENT -> new ChannelNotFoundException(path + " does not exist", e);
            default -> e;
        };
    }

    private static String uid() {
        try {
            return String.valueOf(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    static String ownership(Path path) {
        try {
            int mode = (int) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            Object uid = Files.getAttribute(path, "unix:uid", LinkOption.NOFOLLOW_LINKS);
            Object gid = Files.getAttribute(path, "unix:gid", LinkOption.NOFOLLOW_LINKS);
            return String.format("owner uid %s, group gid %s, mode %04o", uid, gid, mode & 07777);
        } catch (IOException | RuntimeException e) {
            return "ownership unknown";
        }
    }

    /** "pid 1234" of the writer recorded in the file's header, for messages. */
    static String describeWriter(ChannelFile file) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment header = file.read(0, HeaderFlyweight.HEADER_SIZE, arena);
            if (header.byteSize() >= HeaderFlyweight.HEADER_SIZE) {
                return "pid " + new HeaderFlyweight(header).writerPid();
            }
        } catch (RuntimeException e) {
            // fall through
        }
        return "pid unknown";
    }
}
