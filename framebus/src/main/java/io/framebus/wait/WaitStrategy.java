package io.framebus.wait;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a blocking read ({@code ChannelReader.take}) waits for the writer: asleep on the channel's futex
 * (the default, no CPU while waiting), adaptively (spin for a bounded time, then yield, then sleep on the
 * futex), or polling with an {@link IdleStrategy}, one of the built-in ones or the application's own.
 *
 * <pre>{@code
 * ReaderOptions.latest().withWaitStrategy(WaitStrategy.busySpin());
 * ReaderOptions.latest().withWaitStrategy(WaitStrategy.adaptive(Duration.ofNanos(50_000), Duration.ofNanos(50_000)));
 * ReaderOptions.latest().withWaitStrategy(WaitStrategy.idling("mine", () -> new MyIdleStrategy()));
 * }</pre>
 *
 * <p>Immutable. Each reader asks for its own idle strategy instance when it attaches.
 */
public final class WaitStrategy {
    /** Spin phase of {@link #adaptive()}: about what a futex wake-up costs the woken reader on a 2-core VM. */
    public static final Duration ADAPTIVE_SPIN = Duration.ofNanos(20_000);
    /** Yield phase of {@link #adaptive()}, after the spin. */
    public static final Duration ADAPTIVE_YIELD = Duration.ofNanos(30_000);
    /** Longest spin or yield phase {@link #adaptive(Duration, Duration)} accepts. */
    public static final Duration MAX_PHASE = Duration.ofSeconds(1);

    private static final WaitStrategy FUTEX = new WaitStrategy("futex", null, 0, 0);
    private static final WaitStrategy ADAPTIVE = new WaitStrategy("adaptive", null, ADAPTIVE_SPIN.toNanos(),
            ADAPTIVE_YIELD.toNanos());
    private static final WaitStrategy BUSY_SPIN = new WaitStrategy("spin", IdleStrategy::busySpin, 0, 0);
    private static final WaitStrategy YIELD = new WaitStrategy("yield", IdleStrategy::yielding, 0, 0);
    private static final WaitStrategy BACKOFF = new WaitStrategy("backoff", () -> IdleStrategy.backoff(1_000_000), 0,
            0);

    private final String name;
    private final Supplier<? extends IdleStrategy> idle;
    private final long spinNanos;
    private final long yieldNanos;

    private WaitStrategy(String name, Supplier<? extends IdleStrategy> idle, long spinNanos, long yieldNanos) {
        this.name = name;
        this.idle = idle;
        this.spinNanos = spinNanos;
        this.yieldNanos = yieldNanos;
    }

    /**
     * The default strategy.
     *
     * @return sleep on a futex in the shared mapping; the writer wakes the reader. No CPU while waiting.
     */
    public static WaitStrategy futex() {
        return FUTEX;
    }

    /**
     * Spins for {@link #ADAPTIVE_SPIN}, then yields for {@link #ADAPTIVE_YIELD}, then sleeps on the futex:
     * a frame that comes within the first 50 µs of waiting is taken without a sleep (and without the
     * writer's wake syscall), for at most 50 µs of CPU per wait; longer waits cost what {@link #futex()}
     * costs.
     *
     * @return the adaptive strategy with the default phases
     */
    public static WaitStrategy adaptive() {
        return ADAPTIVE;
    }

    /**
     * Spins for {@code spin}, then yields for {@code yield}, then sleeps on the futex. Each wait starts
     * over with the spin; both phases are measured with {@link System#nanoTime()} from the start of the wait.
     *
     * @param spin  how long to spin on {@link Thread#onSpinWait()} first, 0 to 1 s
     * @param yield how long to then call {@link Thread#yield()}, 0 to 1 s
     * @return the strategy
     * @throws IllegalArgumentException when a phase is negative or longer than {@link #MAX_PHASE}
     */
    public static WaitStrategy adaptive(Duration spin, Duration yield) {
        for (Duration d : new Duration[] {spin, yield}) {
            if (d.isNegative() || d.compareTo(MAX_PHASE) > 0) {
                throw new IllegalArgumentException("an adaptive phase must be 0 to 1 s, got " + d);
            }
        }
        if (spin.equals(ADAPTIVE_SPIN) && yield.equals(ADAPTIVE_YIELD)) {
            return ADAPTIVE;
        }
        return new WaitStrategy("adaptive(" + spin.toNanos() / 1000 + "us," + yield.toNanos() / 1000 + "us)", null,
                spin.toNanos(), yield.toNanos());
    }

    /**
     * A polling strategy for the lowest wake-up latency.
     *
     * @return spin on {@link Thread#onSpinWait()}: lowest latency, one busy core per waiting reader
     */
    public static WaitStrategy busySpin() {
        return BUSY_SPIN;
    }

    /**
     * A polling strategy that gives the core to other threads between polls.
     *
     * @return {@link Thread#yield()} in a loop
     */
    public static WaitStrategy yielding() {
        return YIELD;
    }

    /**
     * A polling strategy that uses little CPU once it has backed off, at the cost of up to 1 ms of wake-up latency.
     *
     * @return spin, then yield, then park with a doubling period up to 1 ms
     */
    public static WaitStrategy backoff() {
        return BACKOFF;
    }

    /**
     * Polls with the application's own idle strategy.
     *
     * @param name    how to name it in messages and {@link #toString()}
     * @param factory makes one idle strategy per reader
     * @return the wait strategy
     */
    public static WaitStrategy idling(String name, Supplier<? extends IdleStrategy> factory) {
        return new WaitStrategy(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory"), 0, 0);
    }

    /**
     * Parses what the command line accepts: {@code futex}, {@code adaptive}, {@code spin}, {@code yield} or
     * {@code backoff}.
     *
     * @param text the name, in any case
     * @return the strategy
     * @throws IllegalArgumentException for any other name
     */
    public static WaitStrategy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "futex" -> FUTEX;
            case "adaptive" -> ADAPTIVE;
            case "spin", "busy_spin", "busy-spin" -> BUSY_SPIN;
            case "yield" -> YIELD;
            case "backoff" -> BACKOFF;
            default -> throw new IllegalArgumentException("unknown wait strategy '" + text
                    + "'; known: futex, adaptive, spin, yield, backoff");
        };
    }

    /**
     * Tells the reader whether to wait on the futex (after the spin and yield phases, if any) or to poll with
     * {@link #newIdleStrategy()}.
     *
     * @return true when the reader sleeps on the channel's futex rather than polling
     */
    public boolean sleepsOnFutex() {
        return idle == null;
    }

    /**
     * How long a reader spins before it yields or sleeps.
     *
     * @return the spin phase of a futex-sleeping strategy, in nanoseconds (0 for {@link #futex()} and the
     *         polling strategies)
     */
    public long spinNanos() {
        return spinNanos;
    }

    /**
     * How long a reader yields, after its spin phase, before it sleeps on the futex.
     *
     * @return the yield phase in nanoseconds (0 for {@link #futex()} and the polling strategies)
     */
    public long yieldNanos() {
        return yieldNanos;
    }

    /**
     * Makes the idle strategy of one reader; a reader calls it once, when it attaches.
     *
     * @return a new idle strategy for one reader
     * @throws IllegalStateException for {@link #futex()}, which does not poll
     */
    public IdleStrategy newIdleStrategy() {
        if (idle == null) {
            throw new IllegalStateException("the futex wait strategy sleeps; it has no idle strategy");
        }
        return Objects.requireNonNull(idle.get(), "the idle strategy factory of '" + name + "' returned null");
    }

    /**
     * The name {@link #parse(String)} accepts for a built-in strategy, or the name given to {@link #idling}.
     *
     * @return the strategy's name
     */
    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name;
    }
}
