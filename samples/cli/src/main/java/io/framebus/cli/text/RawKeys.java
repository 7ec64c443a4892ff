package io.framebus.cli.text;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A terminal in "raw" mode for a full-screen view: keys arrive one at a time without echo, and Ctrl-C
 * is a key rather than a signal (so the view can restore the terminal and exit 0). Quits on {@code q},
 * Ctrl-C or Ctrl-D. The terminal's settings (from {@code stty -g}) are restored on {@link #close()}, and
 * by a shutdown hook if the JVM ends otherwise (SIGTERM).
 */
public final class RawKeys implements AutoCloseable {
    private static final int CTRL_C = 3;
    private static final int CTRL_D = 4;

    private final String saved;
    private final CountDownLatch quit = new CountDownLatch(1);
    private final Thread hook;
    private final Runnable restoreScreen;
    private boolean closed;

    private RawKeys(String saved, Runnable restoreScreen) {
        this.saved = saved;
        this.restoreScreen = restoreScreen;
        this.hook = Thread.ofPlatform().unstarted(this::restore);
        Runtime.getRuntime().addShutdownHook(hook);
        Thread.ofPlatform().daemon().name("framebus-keys").start(() -> readKeys(System.in));
    }

    /**
     * Puts the terminal in raw mode.
     *
     * @param restoreScreen what to print before the settings are restored (e.g. leave the alternate screen)
     * @return the raw terminal
     * @throws IOException when {@code stty} cannot change the terminal
     */
    public static RawKeys enter(Runnable restoreScreen) throws IOException {
        String saved = Terminal.stty("-g").trim();
        Terminal.stty("-icanon", "-echo", "-isig", "min", "1", "time", "0");
        return new RawKeys(saved, restoreScreen);
    }

    private void readKeys(InputStream in) {
        try {
            int c;
            while ((c = in.read()) >= 0) {
                if (c == 'q' || c == 'Q' || c == CTRL_C || c == CTRL_D) {
                    break;
                }
            }
        } catch (IOException e) {
            // the terminal went away: quit
        }
        quit.countDown();
    }

    /**
     * Waits up to {@code millis} for a quit key.
     *
     * @param millis how long to wait
     * @return true when the user asked to quit
     * @throws InterruptedException when interrupted
     */
    public boolean awaitQuit(long millis) throws InterruptedException {
        return quit.await(millis, TimeUnit.MILLISECONDS);
    }

    private synchronized void restore() {
        if (closed) {
            return;
        }
        closed = true;
        restoreScreen.run();
        try {
            Terminal.stty(saved);
        } catch (IOException e) {
            // nothing left to restore it with; 'stty sane' does it by hand
        }
    }

    /** Restores the terminal. */
    @Override
    public void close() {
        restore();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs restore(), which is idempotent
        }
    }
}
