package io.framebus.cli.text;

/** What the command line needs to know about the terminal it writes to. */
public final class Terminal {
    private Terminal() {
    }

    /**
     * Whether this JVM's stdin and stdout are a terminal: progress bars and screens that redraw in place
     * only make sense there; elsewhere (a pipe, a file, CI) commands print plain lines.
     *
     * @return true on a terminal
     */
    public static boolean isTerminal() {
        java.io.Console console = System.console();
        return console != null && console.isTerminal();
    }

    /**
     * Makes text from shared memory (a writer's note, a reader's label) safe to print on a terminal:
     * control characters (escape sequences among them) and the bidirectional-override characters that can
     * disguise text are written as visible escapes such as {@code \x1b} or {@code \u202e}. Everything
     * else is kept.
     *
     * @param text the raw text, or null
     * @return the text as it may be printed (empty for null)
     */
    public static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp < 0x100 && Character.isISOControl(cp)) {
                b.append(String.format("\\x%02x", cp));
            } else if (isFormatControl(cp)) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.appendCodePoint(cp);
            }
        });
        return b.toString();
    }

    /** Bidirectional embeddings, overrides and isolates, and the zero-width marks. */
    private static boolean isFormatControl(int cp) {
        return (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                || cp == 0xFEFF;
    }
}
