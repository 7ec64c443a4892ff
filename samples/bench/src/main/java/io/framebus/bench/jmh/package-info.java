/** JMH microbenchmarks of the ring operations, run with {@code framebus jmh}. */
package io.framebus.bench.jmh;
