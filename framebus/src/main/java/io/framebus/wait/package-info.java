/**
 * How a reader waits for the writer: asleep on a futex in the shared mapping (the default), or
 * polling with an {@link io.framebus.wait.IdleStrategy} (busy spin, yield, back-off, or the
 * application's own), chosen with a {@link io.framebus.wait.WaitStrategy}.
 */
package io.framebus.wait;
