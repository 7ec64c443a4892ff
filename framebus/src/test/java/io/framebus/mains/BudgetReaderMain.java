package io.framebus.mains;

import io.framebus.ChannelReader;
import io.framebus.FrameChannel;
import io.framebus.ReadStatus;
import io.framebus.ReaderOptions;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Test child: a lossless reader with a stall budget. Prints ATTACHED, a TOOK line per frame, DEMOTED with
 * its lost count when the writer demotes it, and ENDED when the channel closes. Args: name dir budgetMs
 */
public final class BudgetReaderMain {
    private BudgetReaderMain() {
    }

    public static void main(String[] args) {
        ReaderOptions options = ReaderOptions.lossless().withDirectory(Path.of(args[1]))
                .withStallBudget(Duration.ofMillis(Long.parseLong(args[2]))).withLabel("budget reader")
                .withAttachTimeout(Duration.ofSeconds(30));
        try (ChannelReader reader = FrameChannel.attach(args[0], options)) {
            System.out.println("ATTACHED row=" + reader.row());
            while (true) {
                ReadStatus status = reader.take(f -> System.out.println("TOOK " + f.sequence()), Duration.ofSeconds(1));
                if (status == ReadStatus.DEMOTED) {
                    System.out.println("DEMOTED lost=" + reader.lost() + " mode=" + reader.mode());
                } else if (status == ReadStatus.CLOSED) {
                    System.out.println("ENDED lost=" + reader.lost() + " demoted=" + reader.demoted());
                    return;
                }
            }
        }
    }
}
