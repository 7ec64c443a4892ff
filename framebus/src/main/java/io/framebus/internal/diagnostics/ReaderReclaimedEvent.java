package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/** A dead reader's row was reclaimed: its holds went back to the writer. */
@Name("io.framebus.ReaderReclaimed")
@Label("Reader Reclaimed")
@Category("framebus")
@Description("A reader process died; its row was cleared and the slots it held were returned")
@StackTrace(false)
final class ReaderReclaimedEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Row")
    int row;

    @Label("Reader PID")
    long pid;

    @Label("Holds Returned")
    @Description("Slots the dead reader held, now free for the writer")
    int holdsReturned;

    @Label("Dead For At Most")
    @Description("Time since the reader was last seen alive (by the liveness probe, or its attach); "
            + "Long.MIN_VALUE when unknown")
    @Timespan(Timespan.NANOSECONDS)
    long deadForAtMost;
}
