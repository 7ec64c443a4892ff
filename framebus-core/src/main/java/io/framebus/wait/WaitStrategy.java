package io.framebus.wait;

/** How a blocking call ({@code take}, {@code claim}) waits for the other side. */
public enum WaitStrategy {
    /** Sleep on a futex in the shared mapping; the other side wakes it. No CPU while waiting. */
    FUTEX,
    /** Spin on {@link Thread#onSpinWait()}: lowest latency, one busy core per waiter. */
    BUSY_SPIN,
    /** {@link Thread#yield()} in a loop. */
    YIELD,
    /** Spin, yield, then park with back-off up to 1 ms. */
    BACKOFF;

    /** The idle strategy for polling modes; null for {@link #FUTEX}. */
    public IdleStrategy newIdleStrategy() {
        return switch (this) {
            case FUTEX -> null;
            case BUSY_SPIN -> IdleStrategy.busySpin();
            case YIELD -> IdleStrategy.yielding();
            case BACKOFF -> IdleStrategy.backoff(1_000_000);
        };
    }
}
