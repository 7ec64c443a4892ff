package io.framebus;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * A channel that a writer creates and closes (which removes its files) over and over, while readers attach
 * to it with a timeout: an attach that finds the control file and then misses the data file, because the
 * writer removed both in between, looks again instead of failing with "...data does not exist". (It did
 * fail so: a bridge bench's reader attached just as a short-lived receiver closed.)
 */
class AttachDuringRemovalTest {
    @Test
    void attachingWhileTheChannelIsRemovedAndMadeAgainNeverFailsOnTheDataFile() throws Exception {
        String name = uniqueName("churn");
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong made = new AtomicLong();
        ConcurrentLinkedQueue<Throwable> errors = new ConcurrentLinkedQueue<>();
        Thread writer = Thread.ofPlatform().name("churning-writer").start(() -> {
            while (!stop.get()) {
                try {
                    FrameChannel.create(plain(name, 4096).withSlots(2)).close(); // close removes both files
                    made.incrementAndGet();
                } catch (RuntimeException e) {
                    errors.add(e);
                    return;
                }
            }
        });
        AtomicLong attached = new AtomicLong();
        List<Thread> readers = List.of(reader(name, stop, attached, errors), reader(name, stop, attached, errors));
        long end = System.nanoTime() + 3_000_000_000L;
        while (System.nanoTime() < end && errors.isEmpty()) {
            Thread.sleep(50);
        }
        stop.set(true);
        writer.join();
        for (Thread r : readers) {
            r.join();
        }
        assertEquals(List.of(), errors.stream().map(Throwable::toString).toList(),
                "attach never fails while the channel churns (" + made + " made, " + attached + " attaches)");
        assertTrue(made.get() > 10 && attached.get() > 10, made + " made, " + attached + " attached");
    }

    private static Thread reader(String name, AtomicBoolean stop, AtomicLong attached,
                                 ConcurrentLinkedQueue<Throwable> errors) {
        return Thread.ofPlatform().name("attaching-reader").start(() -> {
            while (!stop.get()) {
                try {
                    FrameChannel.attach(name, latest().withDirectory(SHM).withAttachTimeout(Duration.ofSeconds(5)))
                            .close();
                    attached.incrementAndGet();
                } catch (ChannelNotFoundException e) {
                    if (!stop.get()) {
                        errors.add(e); // 5 s without the channel while it is made every few ms: a failure
                    }
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        });
    }
}
