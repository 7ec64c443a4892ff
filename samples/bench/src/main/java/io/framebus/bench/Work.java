package io.framebus.bench;

import java.util.Locale;

/** What a reader does with each frame it receives. */
public enum Work {
    /** Reads the frame's metadata and one byte per 4 KiB page. */
    TOUCH("touch"),
    /** Reads every byte (a 64-bit sum) and compares the sum with the writer's checksum. */
    FULL("full");

    private final String id;

    Work(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Work parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Work w : values()) {
            if (w.id.equals(t)) {
                return w;
            }
        }
        throw new IllegalArgumentException("unknown work '" + text + "': touch or full");
    }

    @Override
    public String toString() {
        return id;
    }
}
