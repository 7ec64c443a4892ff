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
}
