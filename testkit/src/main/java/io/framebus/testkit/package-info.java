/**
 * What tests, the soak and the benchmark share: child JVMs started with the same class path
 * ({@link io.framebus.testkit.JavaLauncher}), child processes whose output is collected
 * ({@link io.framebus.testkit.ChildProcess}), and the byte pattern that lets a reader verify every byte
 * of a frame it did not write ({@link io.framebus.testkit.FramePattern}). Depends on nothing of
 * framebus, so the core's own tests use it too.
 */
package io.framebus.testkit;
