package io.framebus.bench;

import io.framebus.wait.WaitStrategy;

import java.util.Locale;

/**
 * One cell of the matrix: a transport moving frames of one payload size to a number of reader
 * processes that each do some work per frame. The memcpy baseline has 0 readers; the wake-up floor's
 * readers are its sleepers. framebus cells also name the readers' wait strategy ({@code futex}, the
 * default, {@code adaptive}, {@code spin}, ...); other transports have none ("").
 */
public record CellSpec(Transport transport, Payload payload, int readers, Work work, String waitStrategy) {
    /** The wait strategy of framebus cells unless {@code --wait} says otherwise. */
    public static final String DEFAULT_WAIT = "futex";

    public CellSpec {
        if (transport.hasReaders() ? readers < 1 : readers != 0) {
            throw new IllegalArgumentException(transport + " needs " + (transport.hasReaders() ? "at least 1 reader"
                    : "0 readers") + ", got " + readers);
        }
        if (transport == Transport.FRAMEBUS) {
            waitStrategy = WaitStrategy.parse(waitStrategy == null || waitStrategy.isBlank() ? DEFAULT_WAIT
                    : waitStrategy).name();
        } else {
            waitStrategy = "";
        }
    }

    /** A cell with framebus's default wait strategy. */
    public CellSpec(Transport transport, Payload payload, int readers, Work work) {
        this(transport, payload, readers, work, DEFAULT_WAIT);
    }

    /** "framebus", "framebus/adaptive" (a wait strategy other than the default), "tcp", ... */
    public String transportLabel() {
        return waitStrategy.isEmpty() || waitStrategy.equals(DEFAULT_WAIT) ? transport.id()
                : transport.id() + "/" + waitStrategy;
    }

    /**
     * The cell in a file name: "framebus-1080p-4readers-touch-futex", "tcp-64k-1reader-full" (transport,
     * payload, readers, work and, for framebus, the wait strategy; nothing but letters, digits, '.', '_', '-').
     */
    public String fileLabel() {
        String label = String.format(Locale.ROOT, "%s-%s-%dreader%s-%s%s", transport.id(), payload.id(), readers,
                readers == 1 ? "" : "s", work.id(), waitStrategy.isEmpty() ? "" : "-" + waitStrategy);
        return label.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    /** "framebus 1080p, 4 readers, full". */
    public String label() {
        if (transport == Transport.FLOOR) {
            return String.format(Locale.ROOT, "wake-up floor (%s group), %d sleeper%s", payload, readers,
                    readers == 1 ? "" : "s");
        }
        if (transport == Transport.LOADED_FLOOR) {
            return String.format(Locale.ROOT, "loaded wake-up floor %s, %d sleeper%s, %s", payload, readers,
                    readers == 1 ? "" : "s", work);
        }
        return transport.hasReaders()
                ? String.format(Locale.ROOT, "%s %s, %d reader%s, %s", transportLabel(), payload, readers,
                        readers == 1 ? "" : "s", work)
                : String.format(Locale.ROOT, "%s %s (producer alone)", transport, payload);
    }
}
