package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Period;
import jdk.jfr.StackTrace;

/** A periodic summary: how many frames a LATEST reader of this JVM skipped since the last period. */
@Name("io.framebus.LatestSkipped")
@Label("Latest Reader Skipped Frames")
@Category("framebus")
@Description("A LATEST reader in this JVM passed over frames to stay on the newest; one summary per reader and"
        + " period, only when it skipped some")
@Period("1 s")
@StackTrace(false)
final class LatestSkippedEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Row")
    int row;

    @Label("Skipped")
    @Description("Frames skipped since the previous summary")
    long skipped;

    @Label("Taken")
    @Description("Frames taken since the previous summary")
    long taken;

    @Label("Total Skipped")
    long totalSkipped;
}
