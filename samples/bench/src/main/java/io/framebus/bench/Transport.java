package io.framebus.bench;

import java.util.Locale;

/** A way to get frames from the writer process to reader processes (or, for the baseline, nowhere). */
public enum Transport {
    FRAMEBUS("framebus", "framebus channel: the writer fills a slot in shared memory; lossless readers read it in"
            + " place (no copy)."),
    TCP("tcp", "TCP loopback, NIO blocking SocketChannel, one connection per reader: the writer sends every"
            + " frame once per reader (copy into the kernel), each reader receives it (copy out of the kernel)."),
    UDS("uds", "Unix domain stream socket, NIO blocking SocketChannel, one connection per reader: two copies per"
            + " reader, as TCP, without the TCP/IP stack."),
    AERON("aeron", "Aeron IPC with an embedded media driver: offer() copies the frame into the shared log once;"
            + " each reader's FragmentAssembler copies the MTU-sized fragments back into one buffer."),
    MEMCPY("memcpy", "Baseline: the producer writes each frame into private memory; no transport, no readers."
            + " The physical limit of the producer's own write. The same process then does each reader work on"
            + " those frames, alone, which gives the CPU limit."),
    FLOOR("floor", "Baseline: the wake-up floor. A waker process stamps System.nanoTime() into shared memory and"
            + " wakes N sleeper processes with one FUTEX_WAKE, through framebus's own FutexSignal (sleeper bitmap,"
            + " futex word), paced like the latency window; each sleeper reads the clock as the wait returns. No"
            + " payload, no ring, no holds: the least any futex-woken transport can cost."),
    LOADED_FLOOR("loaded-floor", "Baseline: the wake-up floor with the cell's work. As the floor, and the waker"
            + " first fills the payload (the writer's fill) in one of as many shared slots as a channel has, on the"
            + " channel's page size; each sleeper does the cell's work (touch, full) on it after reading the clock,"
            + " on every wake in order, and the waker stays at most that many wakes ahead of the slowest. No ring,"
            + " no descriptors, no holds, no reference counts: the least a shared-memory transport can cost whose"
            + " writer fills and whose readers work as the cell's do; its frames/s is the CPU limit, measured."),
    PY_FRAMEBUS("py-framebus", "framebus channel read by Python processes (the framebus package, lossless): the"
            + " Java writer as for framebus; each reader reads the slot in place through a numpy view."),
    PY_TCP("py-tcp", "TCP loopback read by Python processes (socket.recv_into a bytearray, then numpy): the Java"
            + " writer as for tcp."),
    PY_UDS("py-uds", "Unix domain stream socket read by Python processes (socket.recv_into, then numpy): the Java"
            + " writer as for uds.");

    private final String id;
    private final String description;

    Transport(String id, String description) {
        this.id = id;
        this.description = description;
    }

    /** The name used on the command line and in the results. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    /** False only for the memcpy baseline, which has no readers. */
    public boolean hasReaders() {
        return this != MEMCPY;
    }

    /** True for what the transports are measured against (memcpy, the floors), false for a transport. */
    public boolean baseline() {
        return this == MEMCPY || floor();
    }

    /** The wake-up floors: no transport, a waker and sleepers ({@link FloorWaker}, {@link FloorSleeper}). */
    public boolean floor() {
        return this == FLOOR || this == LOADED_FLOOR;
    }

    /** True when the cells differ by the readers' work: the transports and the loaded floor. */
    public boolean hasWork() {
        return moves() || this == LOADED_FLOOR;
    }

    /** A transport that moves frames between processes (and so has cells per reader count and work). */
    public boolean moves() {
        return hasReaders() && !baseline();
    }

    /** True when the readers are Python processes ({@code python -m framebus.bench}). */
    public boolean python() {
        return this == PY_FRAMEBUS || this == PY_TCP || this == PY_UDS;
    }

    /** What the writer sends over and readers connect to: the Java transport of the same wire. */
    public Transport wire() {
        return switch (this) {
            case PY_FRAMEBUS -> FRAMEBUS;
            case PY_TCP -> TCP;
            case PY_UDS -> UDS;
            case LOADED_FLOOR -> FLOOR;
            default -> this;
        };
    }

    /** The transport this one is compared with: framebus for the Java readers, py-framebus for Python's sockets. */
    public Transport reference() {
        return this == PY_TCP || this == PY_UDS ? PY_FRAMEBUS : FRAMEBUS;
    }

    public static Transport parse(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Transport x : values()) {
            if (x.id.equals(t)) {
                return x;
            }
        }
        throw new IllegalArgumentException("unknown transport '" + text
                + "': one of framebus, tcp, uds, aeron, memcpy, floor, loaded-floor, py-framebus, py-tcp, py-uds");
    }

    @Override
    public String toString() {
        return id;
    }
}
