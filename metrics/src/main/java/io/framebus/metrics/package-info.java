/**
 * Micrometer meters over the shared counters of framebus channels, read without attaching
 * ({@link io.framebus.FrameChannel#inspect}): {@link io.framebus.metrics.FramebusMetrics} binds the meters
 * of one writer's or one reader's channel to a registry; {@link io.framebus.metrics.DirectoryMeters} keeps
 * the meters of every channel of a directory, as channels and readers come and go ({@code framebus
 * exporter} serves them to Prometheus).
 *
 * <p>Meters, tagged {@code channel} (and {@code row}, {@code mode} for readers):
 * {@code framebus.channel.published}, {@code .reclaimed.readers}, {@code .reclaimed.holds},
 * {@code .writer.restarts} (counters); {@code framebus.channel.readers}, {@code .writer.alive},
 * {@code .writer.generation}, {@code .writer.stall.max} (seconds), {@code .slots}, {@code .slot.size}
 * (bytes) (gauges); {@code framebus.reader.received}, {@code .skipped}, {@code .lost} (counters);
 * {@code framebus.reader.lag}, {@code .holds}, {@code .alive} (gauges).
 */
package io.framebus.metrics;
