/**
 * Sample programs built on the framebus public API: {@link io.framebus.cli.pattern.PatternPublisher}
 * writes frames whose every byte is derived from their sequence number, and
 * {@link io.framebus.cli.pattern.PatternSubscriber} takes them, measures latency and checks every byte.
 * The {@code framebus} command line ({@link io.framebus.cli.FramebusCli}) runs them.
 */
package io.framebus.cli.pattern;
