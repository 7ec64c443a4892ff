package io.framebus.cli.text;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What the command line needs to know about the terminal it writes to. */
public final class Terminal {
    private static final File TTY = new File("/dev/tty");

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
     * The terminal's size, from {@code stty size} on {@code /dev/tty}.
     *
     * @return {rows, columns}, or null when there is no terminal
     */
    public static int[] size() {
        try {
            String[] f = stty("size").trim().split("\\s+");
            return f.length == 2 ? new int[] {Integer.parseInt(f[0]), Integer.parseInt(f[1])} : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The terminal's width: $COLUMNS, else {@code stty size}, else 80; at least 40.
     *
     * @return columns
     */
    public static int columns() {
        try {
            String columns = System.getenv("COLUMNS");
            if (columns != null) {
                return Math.max(40, Integer.parseInt(columns.trim()));
            }
        } catch (NumberFormatException e) {
            // fall through to the terminal's own size
        }
        int[] size = size();
        return size == null ? 80 : Math.max(40, size[1]);
    }

    /**
     * Runs {@code stty args} on {@code /dev/tty}.
     *
     * @param args stty's arguments
     * @return what it printed
     * @throws IOException when stty fails or there is no terminal
     */
    static String stty(String... args) throws IOException {
        Process stty = new ProcessBuilder(concat("stty", args)).redirectInput(TTY)
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        try {
            if (!stty.waitFor(2, TimeUnit.SECONDS) || stty.exitValue() != 0) {
                stty.destroyForcibly();
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    private static List<String> concat(String first, String... rest) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(rest));
        return all;
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
