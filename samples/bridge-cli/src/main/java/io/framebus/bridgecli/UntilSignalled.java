package io.framebus.bridgecli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs a bridge until it returns or the process is told to stop (Ctrl-C, SIGTERM): the shutdown hook asks the
 * bridge to stop and waits until it returned, so that its channel and its Aeron directory are removed.
 */
final class UntilSignalled {
    private static final long GRACE_SECONDS = 10;

    private UntilSignalled() {
    }

    /**
     * @param run  the bridge's run method
     * @param stop its stop method (called from the hook's thread)
     * @param <T>  what it returns
     * @return what {@code run} returned
     */
    static <T> T run(Supplier<T> run, Runnable stop) {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            stop.run();
            try {
                done.await(GRACE_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return run.get();
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down: the hook is running and has just been released
            }
        }
    }
}
