package io.framebus.bench;

import io.framebus.wait.WaitStrategy;

import java.util.ArrayList;
import java.util.List;

/**
 * The cells of a run, in the order they run: payload by payload (the memcpy baseline first), then
 * by number of readers (the wake-up floor for that many sleepers first) and work (the loaded floor
 * first), with the transports of one comparison next to each other so that they see the same
 * background load. framebus cells are measured once per wait strategy of {@code waits}. Python
 * readers ({@link Transport#python()}) are measured at 1080p only, with at most {@code pythonReaders}
 * readers.
 */
public record BenchMatrix(List<Transport> transports, List<Payload> payloads, List<Integer> readers,
                          List<Work> works, List<String> waits, int pythonReaders) {
    /** The wait strategies of the default matrices: the default futex, and the adaptive one to compare. */
    public static final List<String> DEFAULT_WAITS = List.of("futex", "adaptive");
    /** The payload Python readers are measured at. */
    public static final Payload PYTHON_PAYLOAD = Payload.HD_1080P;

    public BenchMatrix {
        transports = List.copyOf(transports);
        payloads = List.copyOf(payloads);
        readers = List.copyOf(readers);
        works = List.copyOf(works);
        waits = waits.stream().map(w -> WaitStrategy.parse(w).name()).distinct().toList();
        if (transports.isEmpty() || payloads.isEmpty()) {
            throw new IllegalArgumentException("select at least one transport and one payload");
        }
        boolean withReaders = transports.stream().anyMatch(Transport::hasReaders);
        if (withReaders && (readers.isEmpty() || works.isEmpty())) {
            throw new IllegalArgumentException("select at least one reader count and one work");
        }
        if (transports.contains(Transport.FRAMEBUS) && waits.isEmpty()) {
            throw new IllegalArgumentException("select at least one wait strategy");
        }
        for (int r : readers) {
            if (r < 1 || r > 64) {
                throw new IllegalArgumentException("readers must be 1..64, got " + r);
            }
        }
    }

    /** A matrix whose framebus cells use the default futex wait and whose Python cells have every reader count. */
    public BenchMatrix(List<Transport> transports, List<Payload> payloads, List<Integer> readers, List<Work> works) {
        this(transports, payloads, readers, works, List.of(CellSpec.DEFAULT_WAIT), Integer.MAX_VALUE);
    }

    /**
     * Every transport and baseline, every payload, 1, 2, 3 and 4 readers, touch and full, framebus with the futex
     * and the adaptive wait.
     */
    public static BenchMatrix full() {
        return new BenchMatrix(List.of(Transport.values()), Payload.ALL, List.of(1, 2, 3, 4),
                List.of(Work.TOUCH, Work.FULL), DEFAULT_WAITS, Integer.MAX_VALUE);
    }

    /**
     * For CI: 64 KiB and 1080p, 1 and 2 readers, both works, every transport and baseline, framebus with the
     * default futex wait only (so that it stays under 3 minutes; {@code --waits futex,adaptive} adds the rest),
     * Python readers one at a time.
     */
    public static BenchMatrix quick() {
        return new BenchMatrix(List.of(Transport.values()), List.of(Payload.KIB_64, Payload.HD_1080P), List.of(1, 2),
                List.of(Work.TOUCH, Work.FULL), List.of(CellSpec.DEFAULT_WAIT), 1);
    }

    public List<CellSpec> cells() {
        List<CellSpec> cells = new ArrayList<>();
        for (Payload p : payloads) {
            if (transports.contains(Transport.MEMCPY)) {
                cells.add(new CellSpec(Transport.MEMCPY, p, 0, Work.TOUCH));
            }
            for (int r : readers) {
                if (transports.contains(Transport.FLOOR)) {
                    cells.add(new CellSpec(Transport.FLOOR, p, r, Work.TOUCH));
                }
                for (Work w : works) {
                    if (transports.contains(Transport.LOADED_FLOOR)) {
                        cells.add(new CellSpec(Transport.LOADED_FLOOR, p, r, w));
                    }
                    for (Transport t : transports) {
                        if (t == Transport.FRAMEBUS) {
                            waits.forEach(wait -> cells.add(new CellSpec(t, p, r, w, wait)));
                        } else if (t.moves() && (!t.python() || (p.equals(PYTHON_PAYLOAD) && r <= pythonReaders))) {
                            cells.add(new CellSpec(t, p, r, w));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
