package io.framebus.soak;

import io.framebus.ChannelReader;
import io.framebus.Frame;
import io.framebus.FrameChannel;
import io.framebus.FrameHandler;
import io.framebus.ReadStatus;
import io.framebus.ReaderMode;
import io.framebus.ReaderOptions;
import io.framebus.pipeline.StageLoop;
import io.framebus.testkit.FramePattern;

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
        ReaderOptions options = ReaderOptions.of(mode).withDirectory(dir).withAttachTimeout(Duration.ofSeconds(30));
        try (ChannelReader reader = FrameChannel.attach(channel, options)) {
            System.out.println("ATTACHED row=" + reader.row() + " mode=" + mode);
            Checker checker = new Checker(reader, mode, commands);
            StageLoop loop = StageLoop.untilClosed().withPollInterval(Duration.ofMillis(50)).withListener(checker);
            checker.loop = loop;
            StageLoop.End end = loop.run(reader, checker);
            System.out.println(checker.stat("RESULT") + " end=" + (end == StageLoop.End.CLOSED ? "closed" : "stopped"));
        }
    }

    /** Checks every frame, counts writer deaths, prints STAT lines, and stops on "stop" or a gone parent. */
    private static final class Checker implements FrameHandler, StageLoop.Listener {
        private final ChannelReader reader;
        private final ReaderMode mode;
        private final StdinCommands commands;
        private StageLoop loop;
        private long received;
        private long torn;
        private long gaps;
        private long first;
        private long last;
        private long writerDeaths;
        private boolean writerWasDead;
        private long nextStat = System.nanoTime();

        Checker(ChannelReader reader, ReaderMode mode, StdinCommands commands) {
            this.reader = reader;
            this.mode = mode;
            this.commands = commands;
        }

        @Override
        public void onFrame(Frame held) {
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

        @Override
        public void onStatus(ReadStatus status) {
            if (status == ReadStatus.WRITER_DEAD) {
                if (!writerWasDead) {
                    writerDeaths++;
                    writerWasDead = true;
                }
            } else {
                writerWasDead = false;
            }
            if (System.nanoTime() - nextStat >= 0) {
                System.out.println(stat("STAT"));
                nextStat = System.nanoTime() + STAT_NANOS;
            }
            if (commands.has("stop") || commands.parentGone()) {
                loop.stop();
            }
        }

        String stat(String tag) {
            return SoakReader.stat(tag, received, torn, gaps, first, last, writerDeaths, reader);
        }
    }

    private static String stat(String tag, long received, long torn, long gaps, long first, long last,
                               long writerDeaths, ChannelReader reader) {
        return tag + " received=" + received + " torn=" + torn + " gaps=" + gaps + " lost=" + reader.lost()
                + " skipped=" + reader.skipped() + " first=" + first + " last=" + last
                + " writerDeaths=" + writerDeaths;
    }
}
