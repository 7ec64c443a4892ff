package io.framebus.bench;

import java.util.Locale;

/**
 * One cell of the matrix: a transport moving frames of one payload size to a number of reader
 * processes that each do some work per frame. The memcpy baseline has 0 readers.
 */
public record CellSpec(Transport transport, Payload payload, int readers, Work work) {
    public CellSpec {
        if (transport.hasReaders() ? readers < 1 : readers != 0) {
            throw new IllegalArgumentException(transport + " needs " + (transport.hasReaders() ? "at least 1 reader"
                    : "0 readers") + ", got " + readers);
        }
    }

    /** "1080p r=4 full framebus". */
    public String label() {
        return transport.hasReaders()
                ? String.format(Locale.ROOT, "%s %s, %d reader%s, %s", transport, payload, readers,
                        readers == 1 ? "" : "s", work)
                : String.format(Locale.ROOT, "%s %s (producer alone)", transport, payload);
    }
}
