package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** The counters of a reader of this JVM, once per period. */
@Name("io.framebus.ReaderStatistics")
@Label("Reader Statistics")
@Category("framebus")
@Description("The counters of each reader open in this JVM, from its row in shared memory")
@Period("1 s")
@StackTrace(false)
final class ReaderStatisticsEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Row")
    int row;

    @Label("Mode")
    String mode;

    @Label("Received")
    long received;

    @Label("Skipped")
    long skipped;

    @Label("Lost")
    long lost;

    @Label("Lag")
    @Description("Published frames this reader has not reached yet")
    long lag;

    @Label("Holds")
    @Description("Frames it holds now")
    int holds;
}
