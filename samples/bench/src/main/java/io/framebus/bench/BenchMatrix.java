package io.framebus.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The cells of a run, in the order they run: payload by payload (the memcpy baseline first), then
 * by number of readers and work, with the transports of one comparison next to each other so that
 * they see the same background load. Python readers ({@link Transport#python()}) are measured at 1080p
 * only, with at most {@code pythonReaders} readers.
 */
public record BenchMatrix(List<Transport> transports, List<Payload> payloads, List<Integer> readers,
                          List<Work> works, int pythonReaders) {
    /** The payload Python readers are measured at. */
    public static final Payload PYTHON_PAYLOAD = Payload.HD_1080P;

    public BenchMatrix {
        transports = List.copyOf(transports);
        payloads = List.copyOf(payloads);
        readers = List.copyOf(readers);
        works = List.copyOf(works);
        if (transports.isEmpty() || payloads.isEmpty()) {
            throw new IllegalArgumentException("select at least one transport and one payload");
        }
        boolean withReaders = transports.stream().anyMatch(Transport::hasReaders);
        if (withReaders && (readers.isEmpty() || works.isEmpty())) {
            throw new IllegalArgumentException("select at least one reader count and one work");
        }
        for (int r : readers) {
            if (r < 1 || r > 64) {
                throw new IllegalArgumentException("readers must be 1..64, got " + r);
            }
        }
    }

    /** A matrix whose Python cells have every reader count. */
    public BenchMatrix(List<Transport> transports, List<Payload> payloads, List<Integer> readers, List<Work> works) {
        this(transports, payloads, readers, works, Integer.MAX_VALUE);
    }

    /** Every transport, every payload, 1, 2, 3 and 4 readers, touch and full. */
    public static BenchMatrix full() {
        return new BenchMatrix(List.of(Transport.values()), Payload.ALL, List.of(1, 2, 3, 4),
                List.of(Work.TOUCH, Work.FULL));
    }

    /** For CI: 64 KiB and 1080p, 1 and 2 readers, both works, every transport; Python readers one at a time. */
    public static BenchMatrix quick() {
        return new BenchMatrix(List.of(Transport.values()), List.of(Payload.KIB_64, Payload.HD_1080P), List.of(1, 2),
                List.of(Work.TOUCH, Work.FULL), 1);
    }

    public List<CellSpec> cells() {
        List<CellSpec> cells = new ArrayList<>();
        for (Payload p : payloads) {
            if (transports.contains(Transport.MEMCPY)) {
                cells.add(new CellSpec(Transport.MEMCPY, p, 0, Work.TOUCH));
            }
            for (int r : readers) {
                for (Work w : works) {
                    for (Transport t : transports) {
                        if (t.hasReaders() && (!t.python() || (p.equals(PYTHON_PAYLOAD) && r <= pythonReaders))) {
                            cells.add(new CellSpec(t, p, r, w));
                        }
                    }
                }
            }
        }
        return cells;
    }
}
