package io.framebus.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code framebus jmh [JMH options] [benchmark regex]}: runs the JMH microbenchmarks of the ring. */
@Command(name = "jmh",
        description = {"Run the JMH microbenchmarks of the ring (io.framebus.bench.jmh).",
                "Every argument goes to JMH unchanged, e.g.: framebus jmh RingBenchmark -f 1 -wi 3 -i 5;"
                        + " framebus jmh -h shows JMH's own options."})
final class JmhCommand implements Callable<Integer> {
    @Unmatched
    List<String> args = new java.util.ArrayList<>();

    @Override
    public Integer call() throws Exception {
        org.openjdk.jmh.Main.main(args.toArray(String[]::new)); // forks JVMs with this class path, then exits
        return 0;
    }
}
