/**
 * {@code framebus top}: a live view of every channel of a directory, read from the counters in shared
 * memory without attaching (no reader row, no mapping). {@link io.framebus.cli.top.TopSample} reads,
 * {@link io.framebus.cli.top.TopView} turns two samples into rates, {@link io.framebus.cli.top.TopText}
 * draws the tables.
 */
package io.framebus.cli.top;
