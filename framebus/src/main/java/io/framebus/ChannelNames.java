package io.framebus;

import java.nio.file.Path;

/** Rules for channel names and the file each name maps to. */
public final class ChannelNames {
    /** Longest allowed name, in characters (all ASCII). */
    public static final int MAX_LENGTH = 64;
    /** Channel files are named {@code framebus-<name>} so they are easy to spot and to clean up. */
    public static final String FILE_PREFIX = "framebus-";

    /**
     * A channel's frames live in a second file, its control file's name plus this suffix (see
     * {@link #dataFile(Path, String)}); so no channel name may end with it.
     */
    public static final String DATA_SUFFIX = ".data";
    /**
     * Files being created are hidden under this prefix until both are complete, then renamed into place;
     * a dead creator's leftovers are never mistaken for a channel, and {@code framebus gc} removes them.
     */
    public static final String TEMP_PREFIX = ".framebus-";

    private ChannelNames() {
    }

    /**
     * Checks a channel name: 1 to 64 characters from {@code [A-Za-z0-9._-]}, not starting with a dot.
     * That rules out {@code /}, {@code ..}, NUL, spaces and anything a shell or a path would misread.
     *
     * @param name the name to check
     * @return {@code name}, unchanged
     * @throws InvalidChannelNameException with the reason
     */
    public static String validate(String name) {
        if (name == null || name.isEmpty()) {
            throw new InvalidChannelNameException("channel name is empty; use 1.." + MAX_LENGTH
                    + " characters from [A-Za-z0-9._-]");
        }
        if (name.length() > MAX_LENGTH) {
            throw new InvalidChannelNameException("channel name is " + name.length() + " characters long; the limit is "
                    + MAX_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                String shown = c == 0 ? "NUL" : c == '/' ? "'/'" : Character.isISOControl(c)
                        ? String.format("U+%04X", (int) c) : "'" + c + "'";
                throw new InvalidChannelNameException("channel name '" + printable(name) + "' contains " + shown
                        + " at position " + i + "; allowed are letters, digits, '.', '_' and '-'");
            }
        }
        if (name.startsWith(".") || name.contains("..")) {
            throw new InvalidChannelNameException("channel name '" + name
                    + "' may not start with '.' or contain '..'");
        }
        if (name.endsWith(DATA_SUFFIX)) {
            throw new InvalidChannelNameException("channel name '" + name + "' may not end with '" + DATA_SUFFIX
                    + "': framebus names the frames file of channel X 'framebus-X" + DATA_SUFFIX + "'");
        }
        return name;
    }

    private static String printable(String name) {
        StringBuilder b = new StringBuilder();
        name.codePoints().forEach(cp -> b.append(Character.isISOControl(cp) ? "?" : Character.toString(cp)));
        return b.toString();
    }

    /**
     * The file of channel {@code name} in {@code directory}.
     *
     * @param directory a channel directory
     * @param name      a channel name, validated first
     * @return the path of the channel file (which may not exist)
     */
    public static Path file(Path directory, String name) {
        return directory.resolve(FILE_PREFIX + validate(name));
    }

    /**
     * The data file of channel {@code name} in {@code directory}: the slots, in a file that only the
     * writer's user may write (so that nobody else can shrink the memory the writer writes into).
     *
     * @param directory a channel directory
     * @param name      a channel name, validated first
     * @return the path of the channel's data file (which may not exist)
     */
    public static Path dataFile(Path directory, String name) {
        return directory.resolve(FILE_PREFIX + validate(name) + DATA_SUFFIX);
    }

    /**
     * Recovers the channel name from the file name, for listing a directory.
     *
     * @param file a path whose last element is looked at
     * @return the channel name of a file called {@code framebus-<name>}, or null for any other file (or an
     *         invalid name)
     */
    public static String nameOf(Path file) {
        String f = file.getFileName().toString();
        if (!f.startsWith(FILE_PREFIX)) {
            return null;
        }
        try {
            return validate(f.substring(FILE_PREFIX.length()));
        } catch (InvalidChannelNameException e) {
            return null;
        }
    }
}
