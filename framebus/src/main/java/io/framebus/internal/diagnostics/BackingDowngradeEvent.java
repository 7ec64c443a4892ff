package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A channel got a worse backing, or smaller pages, than it asked for. */
@Name("io.framebus.BackingDowngrade")
@Label("Backing Downgrade")
@Category("framebus")
@Description("A writer's channel is backed worse than asked: auto found no hugetlbfs pages, or the kernel gave"
        + " smaller pages than the backing expects")
@StackTrace(false)
final class BackingDowngradeEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Path")
    String path;

    @Label("Requested Backing")
    String requested;

    @Label("Obtained Backing")
    String obtained;

    @Label("Expected Page Size")
    @DataAmount
    long expectedPageSize;

    @Label("Obtained Page Size")
    @DataAmount
    long obtainedPageSize;

    @Label("Huge-Mapped")
    @DataAmount
    long hugeMappedBytes;

    @Label("Reason")
    String reason;
}
