package io.framebus.bench.jmh;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;

/**
 * What a JFR recording costs the hot path: {@link RingBenchmark}'s operations with no recording, with the
 * JDK's {@code default} settings, and with its {@code profile} settings, each plus every framebus event
 * (periodic ones every second, as by default). framebus commits nothing on claim, publish, take or
 * release; the periodic events read the shared counters on JFR's own thread.
 *
 * <p>Run: {@code framebus jmh JfrCostBenchmark -p readers=1} (any JMH options may follow).
 */
public class JfrCostBenchmark extends RingBenchmark {
    private static final String[] FRAMEBUS_EVENTS = {"io.framebus.ReaderReclaimed", "io.framebus.WriterTakeover",
        "io.framebus.WriterStall", "io.framebus.BackingDowngrade", "io.framebus.LatestSkipped",
        "io.framebus.ChannelStatistics", "io.framebus.ReaderStatistics"};

    @Param({"none", "default", "profile"})
    String recording;

    private Recording jfr;

    /** Starts the recording (none for {@code none}). */
    @Setup(Level.Trial)
    public void startRecording() throws IOException, ParseException {
        if (recording.equals("none")) {
            return;
        }
        jfr = new Recording(Configuration.getConfiguration(recording));
        for (String event : FRAMEBUS_EVENTS) {
            jfr.enable(event).withPeriod(Duration.ofSeconds(1));
        }
        jfr.setToDisk(false);
        jfr.start();
    }

    /** Stops and discards the recording. */
    @TearDown(Level.Trial)
    public void stopRecording() {
        if (jfr != null) {
            jfr.close();
        }
    }
}
