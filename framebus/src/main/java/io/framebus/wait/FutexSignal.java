package io.framebus.wait;

import io.framebus.memory.Libc;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A cross-process wake-up: a futex word in the shared mapping plus a bitmap of sleepers.
 *
 * <p>Waiter: {@link #prepare()} (sets its sleeper bit, returns the word), re-check the condition,
 * then {@link #await(int, long)}, then {@link #done()}. Signaller: make the condition true with a
 * volatile store, then {@link #signalIfSleeping()}. Both sides use sequentially consistent
 * accesses, so a wake-up is never lost, and the signaller makes the {@code futex(2)} syscall only
 * when some sleeper's bit is set.
 *
 * <p>One instance per waiting party (it owns a {@code timespec}); not thread-safe for waiting.
 * Nothing here allocates after construction.
 */
public final class FutexSignal {
    private static final VarHandle INT = ValueLayout.JAVA_INT.varHandle();
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final MemorySegment word;
    private final MemorySegment sleepers;
    private final int sleeperWords;
    private final long bitWordOffset;
    private final long bit;
    private final MemorySegment timespec;

    /**
     * Wraps a futex word and its sleeper bitmap, both in the shared mapping. Allocates the {@code timespec}
     * used by {@link #await(int, long)}.
     *
     * @param word     the 4-byte futex word
     * @param sleepers the sleeper bitmap (whole longs)
     * @param sleeperId this party's bit in the bitmap, or -1 for a party that only signals
     */
    public FutexSignal(MemorySegment word, MemorySegment sleepers, int sleeperId) {
        this.word = word;
        this.sleepers = sleepers;
        this.sleeperWords = (int) (sleepers.byteSize() / 8);
        this.bitWordOffset = sleeperId < 0 ? 0 : 8L * (sleeperId >>> 6);
        this.bit = sleeperId < 0 ? 0 : 1L << (sleeperId & 63);
        this.timespec = Arena.ofAuto().allocate(16, 8);
    }

    /**
     * Marks this party asleep and returns the word's value to pass to {@link #await(int, long)}.
     *
     * @return the futex word's current value
     */
    public int prepare() {
        long ignored = (long) LONG.getAndBitwiseOr(sleepers, bitWordOffset, bit);
        return (int) INT.getVolatile(word, 0L);
    }

    /**
     * Sleeps until signalled, until the word differs from {@code observed}, or for {@code timeoutNanos}. May
     * also return early (a spurious wake-up or a signal): callers re-check their condition.
     *
     * @param observed     the value {@link #prepare()} returned
     * @param timeoutNanos the longest sleep, in nanoseconds; negative values count as 0
     */
    public void await(int observed, long timeoutNanos) {
        long t = Math.max(0, timeoutNanos);
        timespec.set(ValueLayout.JAVA_LONG, 0, t / NANOS_PER_SECOND);
        timespec.set(ValueLayout.JAVA_LONG, 8, t % NANOS_PER_SECOND);
        Libc.futexWait(word, observed, timespec);
    }

    /** Clears this party's sleeper bit. */
    public void done() {
        long ignored = (long) LONG.getAndBitwiseAnd(sleepers, bitWordOffset, ~bit);
    }

    /**
     * True when any party's sleeper bit is set.
     *
     * @return whether the bitmap has a bit set (volatile loads, no syscall)
     */
    public boolean anySleeping() {
        for (int i = 0; i < sleeperWords; i++) {
            if ((long) LONG.getVolatile(sleepers, 8L * i) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Wakes every sleeper if there is one. The only syscall on the signalling path. */
    public void signalIfSleeping() {
        if (anySleeping()) {
            signal();
        }
    }

    /** Bumps the word and wakes every sleeper, unconditionally. */
    public void signal() {
        int ignored = (int) INT.getAndAdd(word, 0L, 1);
        Libc.futexWake(word, Integer.MAX_VALUE);
    }

    /**
     * Clears the sleeper bit of party {@code sleeperId}: used when reclaiming a dead party.
     *
     * @param sleepers  the sleeper bitmap
     * @param sleeperId the dead party's bit
     */
    public static void clearSleeper(MemorySegment sleepers, int sleeperId) {
        long ignored = (long) LONG.getAndBitwiseAnd(sleepers, 8L * (sleeperId >>> 6), ~(1L << (sleeperId & 63)));
    }
}
