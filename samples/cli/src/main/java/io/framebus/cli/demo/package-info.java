/**
 * {@code framebus demo}: capture, detect, motion, resize and encode as five separate processes that share
 * frames through framebus channels without copies. {@link io.framebus.cli.demo.DemoRun} starts the
 * stage processes (the {@code framebus} stage commands), shows progress, stops them all when one fails
 * or on Ctrl-C, checks that no channel file is left, and {@link io.framebus.cli.demo.DemoResult}
 * holds per-stage and end-to-end figures (exact publish-to-take latencies joined from per-frame times).
 */
package io.framebus.cli.demo;
