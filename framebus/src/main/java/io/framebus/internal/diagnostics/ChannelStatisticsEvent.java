package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The shared counters of a channel that this JVM writes or reads, once per period. */
@Name("io.framebus.ChannelStatistics")
@Label("Channel Statistics")
@Category("framebus")
@Description("The shared counters of each channel open in this JVM (as writer or reader)")
@Period("1 s")
@StackTrace(false)
final class ChannelStatisticsEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Role")
    @Description("writer, or reader when this JVM only reads the channel")
    String role;

    @Label("Published")
    long published;

    @Label("Generation")
    long generation;

    @Label("Attached Readers")
    int readers;

    @Label("Reclaimed Readers")
    long reclaimedReaders;

    @Label("Reclaimed Holds")
    long reclaimedHolds;

    @Label("Writer Restarts")
    long writerRestarts;

    @Label("Longest Writer Stall")
    @Timespan(Timespan.NANOSECONDS)
    long maxWriterStall;
}
