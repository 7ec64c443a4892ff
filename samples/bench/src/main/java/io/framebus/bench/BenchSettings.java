package io.framebus.bench;

import io.framebus.Backing;

import java.nio.file.Path;
import java.time.Duration;

/**
 * How every cell of a run is measured.
 *
 * @param warmup        time from the start of the writer's production to the start of the window
 * @param window        the throughput window: the writer goes as fast as the transport allows
 * @param pacedWindow    the latency window that follows: the writer paces its frames at {@code pacedRate}
 * @param pacedRate     frames per second of the paced window (0: no paced window)
 * @param retries       how many times a cell is measured again when other processes loaded the machine
 *                      more than {@code maxLoad} during its window (the attempt with the least load counts)
 * @param maxLoad       share of the machine's CPU other processes may use during a window (0..1)
 * @param socketBuffer  SO_SNDBUF and SO_RCVBUF of the TCP and Unix sockets in bytes (0: kernel default)
 * @param slots         slots of the framebus channel (also the memcpy baseline's number of buffers)
 * @param backing       backing of the framebus channel
 * @param aeronMtu      Aeron IPC MTU
 * @param childHeap     -Xmx of the child JVMs
 * @param profile       where every Java child writes its async-profiler flame graph (null: not profiled)
 */
public record BenchSettings(Duration warmup, Duration window, Duration pacedWindow, double pacedRate,
                            int retries, double maxLoad, int socketBuffer, int slots, Backing backing,
                            int aeronMtu, String childHeap, Path profile) {
    /** Pause between the throughput window and the paced window, for the transports' queues to drain. */
    public static final Duration DRAIN = Duration.ofMillis(300);

    public BenchSettings {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the measurement window must be positive, got " + window);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("the warm-up must be >= 0, got " + warmup);
        }
        if (pacedWindow.isNegative() || !(pacedRate >= 0) || pacedRate > 1_000_000) {
            throw new IllegalArgumentException("the paced window must be >= 0 and the paced rate 0..1000000 frames/s");
        }
        if (retries < 0 || !(maxLoad >= 0)) {
            throw new IllegalArgumentException("retries and the maximum load must be >= 0");
        }
        if (socketBuffer < 0) {
            throw new IllegalArgumentException("socket buffer must be >= 0, got " + socketBuffer);
        }
        if (slots < 2) {
            throw new IllegalArgumentException("a channel needs at least 2 slots, got " + slots);
        }
        if (aeronMtu < 32 || aeronMtu > 65504 || aeronMtu % 32 != 0) {
            throw new IllegalArgumentException("the Aeron MTU must be a multiple of 32 in 32..65504, got " + aeronMtu);
        }
    }

    /**
     * Full matrix defaults: 1.5 s warm-up, 3 s throughput window, 3 s paced window at 30 frames/s (a
     * camera's rate), one retry above 25% foreign load, 4 MiB socket buffers, 8 slots, auto backing,
     * MTU 65504, not profiled.
     */
    public static BenchSettings defaults() {
        return new BenchSettings(Duration.ofMillis(1500), Duration.ofSeconds(3), Duration.ofSeconds(3), 30, 1, 0.25,
                4 << 20, 8, Backing.AUTO, 65504, "1g", null);
    }

    /** Whether cells have a paced latency window. */
    public boolean paced() {
        return pacedRate > 0 && !pacedWindow.isZero();
    }
}
