package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** The writer waited longer than the threshold for a free slot. */
@Name("io.framebus.WriterStall")
@Label("Writer Stall")
@Category("framebus")
@Description("claim() waited longer than the stall threshold (-Dframebus.stallThresholdMillis, default 50) for a"
        + " free slot: readers held every slot, or a lossless reader had not taken the oldest frame")
@StackTrace(false)
final class WriterStallEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Stall")
    @Timespan(Timespan.NANOSECONDS)
    long stall;

    @Label("Threshold")
    @Timespan(Timespan.NANOSECONDS)
    long threshold;

    @Label("Published")
    @Description("The last sequence published when the wait ended")
    long published;
}
