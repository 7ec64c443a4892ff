package io.framebus.soak;

import io.framebus.ChannelNames;
import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;
import io.framebus.FramebusException;
import io.framebus.ReaderMode;
import io.framebus.internal.ReaderOpener;
import io.framebus.testkit.ChildProcess;
import org.HdrHistogram.Histogram;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A soak and chaos run: one writer process and N reader processes (half lossless, half latest, all
 * checking every byte), with a random reader (or the writer) killed with SIGKILL at random moments
 * and restarted. At the end the writer pauses, lossless readers drain, everyone detaches, and the run
 * checks what must be zero: frames lost by surviving lossless readers, torn frames, slots still held,
 * channel files left behind.
 */
public final class SoakRun {
    private static final Duration START = Duration.ofSeconds(60);

    /**
     * @param channel    channel name
     * @param directory  channel directory, or null for the automatic choice
     * @param readers    reader processes (lossless and latest alternate, starting with lossless)
     * @param duration   how long to run before winding down
     * @param killEvery  mean time between kills (0: no kills)
     * @param killWriter whether the writer is among the victims (every third kill, starting with the second)
     * @param width      frame width
     * @param height     frame height
     * @param slots      channel slots
     * @param seed       seed of the victim and timing choices
     */
    public record Options(String channel, Path directory, int readers, Duration duration, Duration killEvery,
                          boolean killWriter, int width, int height, int slots, long seed) {
        public Options {
            ChannelNames.validate(channel);
            if (readers < 1) {
                throw new IllegalArgumentException("--readers must be at least 1, got " + readers);
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new IllegalArgumentException("--seconds must be positive");
            }
            if (killEvery.isNegative()) {
                throw new IllegalArgumentException("--kill-every must be >= 0");
            }
        }
    }

    /** What the run measured. The first five must be zero. */
    public record Report(long published, long lostLossless, long torn, long leakedSlots, long leakedFiles,
                         double maxWriterStallMs, double reclaimMsP50, double reclaimMsMax, long reclaimSamples,
                         int readerKills, int writerKills, long writerGeneration, long framesVerified,
                         double seconds, String backing) {
        /** True when nothing was lost, torn or leaked. */
        public boolean ok() {
            return lostLossless == 0 && torn == 0 && leakedSlots == 0 && leakedFiles == 0;
        }
    }

    private final Options o;
    private final Consumer<String> progress;
    private final Random random;
    private final Histogram reclaimMicros = new Histogram(3);
    private final List<ReaderProcess> readers = new ArrayList<>();
    private ChildProcess writer;
    private long tornInKilled;
    private long verifiedInKilled;
    private int readerKills;
    /** The highest published count a writer reported (a restarted writer reports nothing at first). */
    private long publishedSeen;
    private int writerKills;
    private String backing = "?";

    private record ReaderProcess(ReaderMode mode, ChildProcess process) {
    }

    private SoakRun(Options o, Consumer<String> progress) {
        this.o = o;
        this.progress = progress;
        this.random = new Random(o.seed());
    }

    public static Report run(Options o, Consumer<String> progress) {
        return new SoakRun(o, progress).run();
    }

    private Report run() {
        long started = System.nanoTime();
        try {
            startWriter();
            for (int i = 0; i < o.readers(); i++) {
                readers.add(startReader(i % 2 == 0 ? ReaderMode.LOSSLESS : ReaderMode.LATEST));
            }
            chaos(System.nanoTime() + o.duration().toNanos()); // the chaos window starts once everyone is attached
            return windDown(started);
        } finally {
            for (ReaderProcess r : readers) {
                r.process().close();
            }
            if (writer != null) {
                writer.close();
            }
        }
    }

    private void chaos(long end) {
        long nextKill = System.nanoTime() + jitter();
        long nextReport = System.nanoTime();
        while (System.nanoTime() < end || !coveredEveryVictim()) {
            long now = System.nanoTime();
            if (now - nextReport >= 0) {
                publishedSeen = Math.max(publishedSeen, Long.parseLong(field(writer.lastLine("STAT"), "published")));
                progress.accept(String.format("soak: %3.0f s of %d, published %d, kills %d readers / %d writer",
                        (now - (end - o.duration().toNanos())) / 1e9, o.duration().toSeconds(), publishedSeen,
                        readerKills, writerKills));
                nextReport = now + 5_000_000_000L;
            }
            if (o.killEvery().isZero() || now < nextKill) {
                sleepMillis(20);
                continue;
            }
            if (o.killWriter() && (readerKills + writerKills) % 3 == 1) { // kills 2, 5, 8... hit the writer
                killAndRestartWriter();
            } else {
                killAndRestartReader(random.nextInt(readers.size()));
            }
            nextKill = System.nanoTime() + jitter();
        }
    }

    /**
     * A run with kills lasts until it has killed two readers and, with {@code killWriter}, the writer once, however
     * slowly a loaded machine restarts them: a short soak that killed nothing would prove nothing.
     */
    private boolean coveredEveryVictim() {
        return o.killEvery().isZero() || (readerKills >= 2 && (!o.killWriter() || writerKills >= 1));
    }

    private long jitter() {
        long mean = o.killEvery().toNanos();
        return mean / 2 + (long) (random.nextDouble() * mean);
    }

    private void killAndRestartReader(int index) {
        ReaderProcess victim = readers.get(index);
        long before = reclaimedReaders();
        long killedAt = System.nanoTime();
        victim.process().kill();
        readerKills++;
        harvest(victim.process());
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            ChannelSnapshot s = snapshot();
            if (s != null && s.reclaimedReaders() > before) {
                reclaimMicros.recordValue(Math.max(0, (s.lastReclaimNanos() - killedAt) / 1_000));
                break;
            }
            sleepMillis(1);
        }
        readers.set(index, startReader(victim.mode()));
    }

    private void killAndRestartWriter() {
        writer.kill();
        writerKills++;
        startWriter();
    }

    private void harvest(ChildProcess killed) {
        String out = killed.output();
        tornInKilled += out.lines().filter(l -> l.startsWith("TORN")).count();
        verifiedInKilled += parse(killed.lastLine("STAT"), "received");
    }

    private Report windDown(long started) {
        writer.send("pause");
        long published = Long.parseLong(ChildProcess.fields(writer.awaitLine("PAUSED", START)).get("published"));
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        for (ReaderProcess r : readers) {
            while (r.mode() == ReaderMode.LOSSLESS && parse(r.process().lastLine("STAT"), "last") < published
                    && System.nanoTime() < drainDeadline && r.process().isAlive()) {
                sleepMillis(20);
            }
        }
        long lost = 0;
        long torn = tornInKilled;
        long verified = verifiedInKilled;
        for (ReaderProcess r : readers) {
            r.process().send("stop");
            Map<String, String> result = ChildProcess.fields(r.process().awaitLine("RESULT", START));
            r.process().waitFor(START);
            torn += Long.parseLong(result.get("torn"));
            long received = Long.parseLong(result.get("received"));
            verified += received;
            if (r.mode() == ReaderMode.LOSSLESS) {
                long first = Long.parseLong(result.get("first"));
                long expected = first == 0 ? 0 : published - first + 1;
                lost += Math.max(0, expected - received); // gaps, and frames never reached, both count
            }
        }
        ChannelSnapshot end = awaitNoReaders();
        long leakedSlots = end == null ? -1 : end.slots().stream().filter(s -> !s.holders().isEmpty()).count();
        double stall = end == null ? -1 : end.maxWriterStallMs();
        long generation = end == null ? -1 : end.writer().generation();
        writer.send("close");
        writer.awaitLine("CLOSED", START);
        writer.waitFor(START);
        long leakedFiles = ReaderOpener.searchPath(o.directory()).stream()
                .filter(d -> Files.exists(ChannelNames.file(d, o.channel()))).count();
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Report(published, lost, torn, leakedSlots, leakedFiles, stall,
                reclaimMicros.getTotalCount() == 0 ? 0 : reclaimMicros.getValueAtPercentile(50) / 1e3,
                reclaimMicros.getTotalCount() == 0 ? 0 : reclaimMicros.getMaxValue() / 1e3,
                reclaimMicros.getTotalCount(), readerKills, writerKills, generation, verified, seconds, backing);
    }

    private ChannelSnapshot awaitNoReaders() {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        ChannelSnapshot s = snapshot();
        while (s != null && !s.readers().isEmpty() && System.nanoTime() < deadline) {
            sleepMillis(10);
            s = snapshot();
        }
        return s;
    }

    private void startWriter() {
        writer = ChildProcess.start("soak-writer", SoakWriter.class, List.of("-Xmx256m"), o.channel(), dir(),
                String.valueOf(o.width()), String.valueOf(o.height()), String.valueOf(o.slots()));
        backing = ChildProcess.fields(writer.awaitLine("READY", START)).get("backing");
    }

    private ReaderProcess startReader(ReaderMode mode) {
        ChildProcess p = ChildProcess.start("soak-reader", SoakReader.class, List.of("-Xmx128m"), o.channel(), dir(),
                mode.name().toLowerCase());
        p.awaitLine("ATTACHED", START);
        return new ReaderProcess(mode, p);
    }

    private String dir() {
        return o.directory() == null ? "-" : o.directory().toString();
    }

    private long reclaimedReaders() {
        ChannelSnapshot s = snapshot();
        return s == null ? 0 : s.reclaimedReaders();
    }

    private ChannelSnapshot snapshot() {
        try {
            return FrameChannel.inspect(o.channel(), o.directory());
        } catch (FramebusException e) {
            return null;
        }
    }

    private static long parse(String line, String key) {
        if (line == null) {
            return 0;
        }
        String v = ChildProcess.fields(line).get(key);
        return v == null ? 0 : Long.parseLong(v);
    }

    private static String field(String line, String key) {
        return line == null ? "0" : ChildProcess.fields(line).getOrDefault(key, "0");
    }

    private static void sleepMillis(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("soak interrupted", e);
        }
    }
}
