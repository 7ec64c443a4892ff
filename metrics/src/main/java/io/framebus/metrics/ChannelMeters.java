package io.framebus.metrics;

import io.framebus.ChannelSnapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.TimeGauge;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Registers the meters of one channel, or of one reader row, whose values come from a snapshot
 * supplier at read time: NaN while the supplier has none (the channel is gone).
 */
final class ChannelMeters {
    private ChannelMeters() {
    }

    /** The channel-level meters; returns them, for removal. */
    static List<Meter> channel(MeterRegistry registry, String channel, Supplier<ChannelSnapshot> source) {
        Tags tags = Tags.of("channel", channel);
        Reading<ChannelSnapshot> s = new Reading<>(source);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(registry, "framebus.channel.published", "frames published (the last sequence)", tags, s,
                ChannelSnapshot::published));
        meters.add(counter(registry, "framebus.channel.reclaimed.readers", "dead readers reclaimed", tags, s,
                ChannelSnapshot::reclaimedReaders));
        meters.add(counter(registry, "framebus.channel.reclaimed.holds", "holds returned from dead readers", tags, s,
                ChannelSnapshot::reclaimedHolds));
        meters.add(counter(registry, "framebus.channel.writer.restarts", "writer takeovers", tags, s,
                c -> c.writer().restarts()));
        meters.add(gauge(registry, "framebus.channel.readers", "attached readers that are alive", null, tags, s,
                c -> c.readers().stream().filter(ChannelSnapshot.Reader::alive).count()));
        meters.add(gauge(registry, "framebus.channel.writer.alive", "1 while a writer holds the channel", null, tags,
                s, c -> c.writer().alive() ? 1 : 0));
        meters.add(gauge(registry, "framebus.channel.writer.generation", "writer generation", null, tags, s,
                c -> c.writer().generation()));
        meters.add(gauge(registry, "framebus.channel.slots", "slots", null, tags, s, ChannelSnapshot::slotCount));
        meters.add(gauge(registry, "framebus.channel.slot.size", "bytes per slot", "bytes", tags, s,
                ChannelSnapshot::slotSize));
        meters.add(TimeGauge.builder("framebus.channel.writer.stall.max", s,
                        TimeUnit.MILLISECONDS, r -> r.value(ChannelSnapshot::maxWriterStallMs))
                .description("the longest wait of a writer for a free slot").tags(tags).register(registry));
        return meters;
    }

    /** The meters of one reader row; returns them, for removal. */
    static List<Meter> reader(MeterRegistry registry, String channel, int row, String mode,
                              Supplier<ChannelSnapshot.Reader> source) {
        Tags tags = Tags.of("channel", channel, "row", Integer.toString(row), "mode", mode);
        Reading<ChannelSnapshot.Reader> r = new Reading<>(source);
        List<Meter> meters = new ArrayList<>();
        meters.add(counter(registry, "framebus.reader.received", "frames taken", tags, r,
                ChannelSnapshot.Reader::received));
        meters.add(counter(registry, "framebus.reader.skipped", "frames a latest reader passed over", tags, r,
                ChannelSnapshot.Reader::skipped));
        meters.add(counter(registry, "framebus.reader.lost", "frames a lossless reader missed", tags, r,
                ChannelSnapshot.Reader::lost));
        meters.add(gauge(registry, "framebus.reader.lag", "published frames not reached yet", null, tags, r,
                ChannelSnapshot.Reader::lag));
        meters.add(gauge(registry, "framebus.reader.holds", "frames held now", null, tags, r,
                x -> x.holds().size()));
        meters.add(gauge(registry, "framebus.reader.alive", "1 while the reader process holds its row", null, tags, r,
                x -> x.alive() ? 1 : 0));
        return meters;
    }

    private static <T> Meter counter(MeterRegistry registry, String name, String description, Tags tags,
                                     Reading<T> reading, ToDoubleFunction<T> value) {
        return FunctionCounter.builder(name, reading, x -> x.value(value)).description(description).tags(tags)
                .register(registry);
    }

    private static <T> Meter gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
                                   Reading<T> reading, ToDoubleFunction<T> value) {
        return Gauge.builder(name, reading, x -> x.value(value)).description(description).baseUnit(unit).tags(tags)
                .register(registry);
    }

    /** A value of the supplier's current snapshot, NaN without one. */
    private record Reading<T>(Supplier<T> source) {
        double value(ToDoubleFunction<T> f) {
            T snapshot = source.get();
            return snapshot == null ? Double.NaN : f.applyAsDouble(snapshot);
        }
    }
}
