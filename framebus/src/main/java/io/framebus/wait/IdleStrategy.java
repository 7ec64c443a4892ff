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

    /** Spins on {@link Thread#onSpinWait()}: lowest latency, burns a core. */
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

    /** Yields the CPU on every idle call. */
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

    /** Spins, then yields, then parks with exponential back-off up to {@code maxParkNanos}. */
    static IdleStrategy backoff(long maxParkNanos) {
        return new BackoffIdleStrategy(100, 100, 1_000, maxParkNanos);
    }
}
