package io.framebus.wait;

/**
 * What a party does while it has no work, as in Agrona's family of the same name. Implementations
 * keep their own back-off state; call {@link #reset()} after doing work.
 */
public interface IdleStrategy {
    /** Called when a poll found nothing. */
    void idle();

    /** Called after a poll found work. */
    void reset();

    /**
     * Spins on {@link Thread#onSpinWait()}: lowest latency, burns a core.
     *
     * @return a stateless strategy that spins once per idle call
     */
    static IdleStrategy busySpin() {
        return new IdleStrategy() {
            @Override
            public void idle() {
                Thread.onSpinWait();
            }

            @Override
            public void reset() {
            }
        };
    }

    /**
     * Yields the CPU on every idle call.
     *
     * @return a stateless strategy that yields once per idle call
     */
    static IdleStrategy yielding() {
        return new IdleStrategy() {
            @Override
            public void idle() {
                Thread.yield();
            }

            @Override
            public void reset() {
            }
        };
    }

    /**
     * Spins 100 times, then yields 100 times, then parks from 1 µs with a period that doubles up to
     * {@code maxParkNanos}. Keeps state: one instance per polling thread.
     *
     * @param maxParkNanos the longest park, in nanoseconds (at least 1000)
     * @return a new {@link BackoffIdleStrategy}
     */
    static IdleStrategy backoff(long maxParkNanos) {
        return new BackoffIdleStrategy(100, 100, 1_000, maxParkNanos);
    }
}
