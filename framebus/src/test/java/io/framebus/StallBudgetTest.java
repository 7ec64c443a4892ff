package io.framebus;

import io.framebus.mains.BudgetReaderMain;
import io.framebus.testkit.ChildProcess;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A lossless reader that is alive but stopped (SIGSTOP) holds its writer back. With a stall budget the
 * writer demotes it to latest once the budget is spent and goes on; the reader learns of it on its next
 * take, and the frames it missed count as lost. Without a budget, lossless keeps its meaning: the writer
 * waits.
 */
class StallBudgetTest {
    private static final Duration LONG = Duration.ofSeconds(60);

    private static void signal(String signal, long pid) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kill", "-" + signal, String.valueOf(pid)).start();
        assertEquals(0, p.waitFor());
    }

    @Test
    @SuppressWarnings("try") // the writer is closed early on purpose: the reader must see the channel close
    void aStoppedLosslessReaderIsDemotedAfterItsBudgetAndTheWriterGoesOn() throws Exception {
        String name = uniqueName("budget");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChildProcess reader = ChildProcess.start("reader", BudgetReaderMain.class, name, SHM.toString(), "300")) {
            reader.awaitLine("ATTACHED", LONG);
            for (int i = 0; i < 3; i++) {
                writer.claim(LONG).length(64).publish();
            }
            reader.awaitLine("TOOK 3", LONG);
            signal("STOP", reader.pid());
            long start = System.nanoTime();
            for (int i = 0; i < 30; i++) {
                FrameClaim claim = writer.claim(Duration.ofSeconds(10));
                assertNotNull(claim, "the writer goes on past a stopped reader with a budget (frame " + i + ")");
                claim.length(64).publish();
            }
            double waitedMs = (System.nanoTime() - start) / 1e6;
            ChannelSnapshot s = FrameChannel.inspect(name, SHM);
            assertEquals(1, s.demotions());
            ChannelSnapshot.Reader row = s.readers().getFirst();
            assertTrue(row.demoted() && row.mode().equals("latest"), row.toString());
            assertEquals("budget reader", row.label());
            assertTrue(row.alive(), "demoted, not dead");
            System.out.printf("stopped lossless reader with a 300 ms budget: writer went on after %.0f ms%n",
                    waitedMs);
            signal("CONT", reader.pid());
            String demoted = reader.awaitLine("DEMOTED", LONG);
            assertTrue(demoted.contains("mode=LATEST"), demoted);
            long lost = Long.parseLong(ChildProcess.fields(demoted).get("lost"));
            assertTrue(lost > 0, "the frames it missed are counted as lost: " + demoted);
            writer.close();
            reader.awaitLine("ENDED", LONG);
        }
        assertFalse(fileExists(name));
    }

    @Test
    @SuppressWarnings("try") // the writer is closed early on purpose: the reader must see the channel close
    void withoutABudgetAStoppedLosslessReaderStillHoldsTheWriterBack() throws Exception {
        String name = uniqueName("nobudget");
        try (ChannelWriter writer = FrameChannel.create(plain(name, 4096).withSlots(4));
             ChildProcess reader = ChildProcess.start("reader", BudgetReaderMain.class, name, SHM.toString(), "0")) {
            reader.awaitLine("ATTACHED", LONG);
            writer.claim(LONG).length(64).publish();
            reader.awaitLine("TOOK 1", LONG);
            signal("STOP", reader.pid());
            try {
                int published = 0;
                while (writer.claim(Duration.ofMillis(800)) instanceof FrameClaim claim) {
                    claim.length(64).publish();
                    published++;
                    assertTrue(published < 100, "the writer never ran out of slots");
                }
                ChannelSnapshot s = FrameChannel.inspect(name, SHM);
                assertEquals(0, s.demotions());
                assertEquals("lossless", s.readers().getFirst().mode());
                assertTrue(s.maxWriterStallMs() >= 700, "the stall is recorded: " + s.maxWriterStallMs());
                assertEquals(-1, s.stalledOnRow(), "no claim waits now");

                // A claim that waits: inspect shows the stall in progress and the row it waits on, before it ends.
                CompletableFuture<FrameClaim> waiting = CompletableFuture.supplyAsync(() -> writer.claim(LONG));
                int row = s.readers().getFirst().row();
                ChannelSnapshot during;
                do {
                    Thread.sleep(20);
                    during = FrameChannel.inspect(name, SHM);
                } while (during.stallMs() < 300 && !waiting.isDone());
                assertFalse(waiting.isDone(), "the claim still waits");
                assertEquals(row, during.stalledOnRow(), "the stall names the stopped reader's row");
                signal("CONT", reader.pid());
                FrameClaim resumed = waiting.get(LONG.toSeconds(), TimeUnit.SECONDS);
                assertNotNull(resumed, "the reader went on, so did the claim");
                resumed.length(64).publish();
                assertEquals(-1, FrameChannel.inspect(name, SHM).stalledOnRow(), "the stall is over");
            } finally {
                signal("CONT", reader.pid());
            }
            writer.close();
            String ended = reader.awaitLine("ENDED", LONG);
            assertTrue(ended.contains("lost=0") && ended.contains("demoted=false"), ended);
            assertTrue(List.of(reader.output().split("\n")).stream().noneMatch(l -> l.startsWith("DEMOTED")));
        }
    }
}
