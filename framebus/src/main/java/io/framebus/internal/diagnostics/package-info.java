/**
 * What the bus tells the outside about what it did on its own: JFR events (reclaims, takeovers, writer
 * stalls, backings worse than asked, and periodic counters of every channel open in this JVM) and log
 * records through {@link java.lang.System.Logger} (logger {@code io.framebus}). Nothing here runs on the
 * publish, take or release path: the core calls in only where a channel is created, attached, taken
 * over or closed, where a dead reader is reclaimed, and after a claim that had to wait.
 *
 * <p>The event classes are loaded only once JFR is initialized in this JVM (loading the first event
 * class otherwise initializes part of JFR, which costs hundreds of milliseconds); the periodic events
 * are registered when JFR starts, at JVM start ({@code -XX:StartFlightRecording}) or later
 * ({@code jcmd PID JFR.start}). Not exported by the module.
 */
package io.framebus.internal.diagnostics;
