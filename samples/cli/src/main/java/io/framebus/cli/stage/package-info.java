/**
 * What the pipeline stage commands ({@code framebus capture|detect|motion|encode}) share:
 * {@link io.framebus.cli.stage.StageMetrics} (rates and HdrHistogram latencies from
 * {@link io.framebus.pipeline.StageListener} callbacks), {@link io.framebus.cli.stage.StageRun}
 * ({@code PROGRESS}/{@code SUMMARY} lines, graceful stop on a signal or on stdin), and
 * {@link io.framebus.cli.stage.SkipFirstFrames}.
 */
package io.framebus.cli.stage;
