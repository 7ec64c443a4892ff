package io.framebus.wait;

import java.util.Locale;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a blocking read ({@code ChannelReader.take}) waits for the writer: asleep on the channel's futex
 * (the default, no CPU while waiting), or polling with an {@link IdleStrategy}, one of the built-in
 * ones or the application's own.
 *
 * <pre>{@code
 * ReaderOptions.latest().withWaitStrategy(WaitStrategy.busySpin());
 * ReaderOptions.latest().withWaitStrategy(WaitStrategy.idling("mine", () -> new MyIdleStrategy()));
 * }</pre>
 *
 * <p>Immutable. Each reader asks for its own idle strategy instance when it attaches.
 */
public final class WaitStrategy {
    private static final WaitStrategy FUTEX = new WaitStrategy("futex", null);
    private static final WaitStrategy BUSY_SPIN = new WaitStrategy("spin", IdleStrategy::busySpin);
    private static final WaitStrategy YIELD = new WaitStrategy("yield", IdleStrategy::yielding);
    private static final WaitStrategy BACKOFF = new WaitStrategy("backoff", () -> IdleStrategy.backoff(1_000_000));

    private final String name;
    private final Supplier<? extends IdleStrategy> idle;

    private WaitStrategy(String name, Supplier<? extends IdleStrategy> idle) {
        this.name = name;
        this.idle = idle;
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
        return new WaitStrategy(Objects.requireNonNull(name, "name"), Objects.requireNonNull(factory, "factory"));
    }

    /**
     * Parses what the command line accepts: {@code futex}, {@code spin}, {@code yield} or {@code backoff}.
     *
     * @param text the name, in any case
     * @return the strategy
     * @throws IllegalArgumentException for any other name
     */
    public static WaitStrategy parse(String text) {
        return switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "futex" -> FUTEX;
            case "spin", "busy_spin", "busy-spin" -> BUSY_SPIN;
            case "yield" -> YIELD;
            case "backoff" -> BACKOFF;
            default -> throw new IllegalArgumentException("unknown wait strategy '" + text
                    + "'; known: futex, spin, yield, backoff");
        };
    }

    /**
     * Tells the reader whether to wait on the futex or to poll with {@link #newIdleStrategy()}.
     *
     * @return true when the reader sleeps on the channel's futex rather than polling
     */
    public boolean sleepsOnFutex() {
        return idle == null;
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
