package io.framebus.wait;

import java.util.concurrent.locks.LockSupport;

/** Spin, then yield, then park with a doubling period: the usual low-CPU polling compromise. */
public final class BackoffIdleStrategy implements IdleStrategy {
    private final int maxSpins;
    private final int maxYields;
    private final long minParkNanos;
    private final long maxParkNanos;
    private int spins;
    private int yields;
    private long parkNanos;

    /**
     * Creates a back-off that starts over (spinning) at each {@link #reset()}. Not thread-safe: one instance
     * per polling thread.
     *
     * @param maxSpins     idle calls that spin on {@link Thread#onSpinWait()} first, 0 or more
     * @param maxYields    idle calls that then yield, 0 or more
     * @param minParkNanos the first park, in nanoseconds, at least 1
     * @param maxParkNanos the longest park the doubling reaches, at least {@code minParkNanos}
     */
    public BackoffIdleStrategy(int maxSpins, int maxYields, long minParkNanos, long maxParkNanos) {
        if (maxSpins < 0 || maxYields < 0 || minParkNanos < 1 || maxParkNanos < minParkNanos) {
            throw new IllegalArgumentException("invalid back-off parameters");
        }
        this.maxSpins = maxSpins;
        this.maxYields = maxYields;
        this.minParkNanos = minParkNanos;
        this.maxParkNanos = maxParkNanos;
        reset();
    }

    @Override
    public void idle() {
        if (spins < maxSpins) {
            spins++;
            Thread.onSpinWait();
        } else if (yields < maxYields) {
            yields++;
            Thread.yield();
        } else {
            LockSupport.parkNanos(parkNanos);
            parkNanos = Math.min(parkNanos << 1, maxParkNanos);
        }
    }

    @Override
    public void reset() {
        spins = 0;
        yields = 0;
        parkNanos = minParkNanos;
    }
}
