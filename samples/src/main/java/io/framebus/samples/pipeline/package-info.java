/**
 * What the pipeline stage commands ({@code framebus capture|detect|motion|encode}) share:
 * {@link io.framebus.samples.pipeline.StageMetrics} (rates and HdrHistogram latencies from
 * {@link io.framebus.util.StageListener} callbacks), {@link io.framebus.samples.pipeline.StageRun}
 * ({@code PROGRESS}/{@code SUMMARY} lines, graceful stop on a signal or on stdin), and
 * {@link io.framebus.samples.pipeline.SkipFirstFrames}.
 */
package io.framebus.samples.pipeline;
