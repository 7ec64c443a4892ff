package io.framebus.samples.soak;

import io.framebus.ChannelClosedException;
import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.WriterDeadException;
import io.framebus.util.FramePattern;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The soak's reader process: takes frames, checks every byte of each against its sequence, tracks
 * gaps (lossless), prints TORN lines at once and STAT lines every 250 ms, and on stdin "stop" prints
 * its RESULT and detaches. Args: channel dir|- latest|lossless
 */
public final class SoakReader {
    private static final long STAT_NANOS = 250_000_000L;

    public static void main(String[] args) throws Exception {
        String channel = args[0];
        Path dir = args[1].equals("-") ? null : Path.of(args[1]);
        ReaderMode mode = ReaderMode.valueOf(args[2].toUpperCase());
        StdinCommands commands = new StdinCommands();
        ReaderOptions options = (mode == ReaderMode.LOSSLESS ? ReaderOptions.lossless() : ReaderOptions.latest())
                .withDirectory(dir).withAttachTimeout(Duration.ofSeconds(30));
        long received = 0, torn = 0, gaps = 0, first = 0, last = 0, writerDeaths = 0;
        boolean writerWasDead = false;
        String end = "stopped";
        try (ChannelReader reader = FrameChannel.attach(channel, options)) {
            System.out.println("ATTACHED row=" + reader.row() + " mode=" + mode);
            long nextStat = System.nanoTime();
            while (!commands.has("stop") && !commands.parentGone()) {
                Frame frame = null;
                try {
                    frame = reader.take(Duration.ofMillis(50));
                    writerWasDead = false;
                } catch (WriterDeadException e) {
                    if (!writerWasDead) {
                        writerDeaths++;
                        writerWasDead = true;
                    }
                    Thread.sleep(5);
                } catch (ChannelClosedException e) {
                    end = "closed";
                    break;
                }
                if (frame != null) {
                    try (Frame held = frame) {
                        long seq = held.sequence();
                        long bad = FramePattern.verify(held.segment(), held.length(), seq);
                        if (bad >= 0) {
                            torn++;
                            System.out.println("TORN seq=" + seq + " offset=" + bad);
                        }
                        if (received == 0) {
                            first = seq;
                        } else if (mode == ReaderMode.LOSSLESS && seq != last + 1) {
                            gaps += Math.max(0, seq - last - 1);
                        }
                        last = seq;
                        received++;
                    }
                }
                if (System.nanoTime() - nextStat >= 0) {
                    System.out.println(stat("STAT", received, torn, gaps, first, last, writerDeaths, reader));
                    nextStat = System.nanoTime() + STAT_NANOS;
                }
            }
            System.out.println(stat("RESULT", received, torn, gaps, first, last, writerDeaths, reader) + " end=" + end);
        }
    }

    private static String stat(String tag, long received, long torn, long gaps, long first, long last,
                               long writerDeaths, ChannelReader reader) {
        return tag + " received=" + received + " torn=" + torn + " gaps=" + gaps + " lost=" + reader.lost()
                + " skipped=" + reader.skipped() + " first=" + first + " last=" + last + " writerDeaths=" + writerDeaths;
    }
}
