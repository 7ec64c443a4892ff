package io.framebus.internal.diagnostics;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/** A new writer took over the channel of a dead writer, in place. */
@Name("io.framebus.WriterTakeover")
@Label("Writer Takeover")
@Category("framebus")
@Description("The channel's writer had died; this process became its writer, readers still attached carry on")
@StackTrace(false)
final class WriterTakeoverEvent extends Event {
    @Label("Channel")
    String channel;

    @Label("Path")
    String path;

    @Label("Old Writer PID")
    long oldPid;

    @Label("Old Generation")
    long oldGeneration;

    @Label("New Generation")
    long newGeneration;

    @Label("Published")
    @Description("Frames published on the channel before the takeover (the sequence carries on)")
    long published;
}
