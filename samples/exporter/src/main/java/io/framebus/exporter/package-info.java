/**
 * {@code framebus exporter}: a Prometheus endpoint for every channel of a directory, out of process. It
 * reads the channel files without attaching ({@link io.framebus.metrics.DirectoryMeters}), once per
 * scrape, and serves Micrometer's Prometheus registry over the JDK's {@code com.sun.net.httpserver}.
 */
package io.framebus.exporter;
