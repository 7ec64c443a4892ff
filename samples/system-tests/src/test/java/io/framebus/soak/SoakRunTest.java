package io.framebus.soak;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A short chaos run with real processes: readers and the writer are SIGKILLed and restarted while
 * every byte of every frame is checked. Nothing may be lost, torn or leaked.
 */
class SoakRunTest {
    @Test
    void killingReadersAndTheWriterLosesTearsAndLeaksNothing() {
        String channel = "soak-test-" + ProcessHandle.current().pid();
        // kills every 0.6 s on average; the second kill (and every third after it) hits the writer
        SoakRun.Report r = SoakRun.run(new SoakRun.Options(channel, null, 3, Duration.ofSeconds(12),
                Duration.ofMillis(600), true, 320, 240, 6, 7), System.out::println);
        System.out.println(r);
        assertTrue(r.readerKills() >= 2 && r.writerKills() >= 1, "the run really killed readers and the writer: " + r);
        assertTrue(r.writerGeneration() >= 2, "a restarted writer took the channel over: " + r);
        assertTrue(r.published() > 100, "frames flowed: " + r);
        assertEquals(0, r.lostLossless(), "surviving lossless readers saw every frame: " + r);
        assertEquals(0, r.torn(), "no reader ever saw a torn or wrong frame: " + r);
        assertEquals(0, r.leakedSlots(), "every slot was returned: " + r);
        assertEquals(0, r.leakedFiles(), "no channel file was left: " + r);
        assertTrue(r.framesVerified() > 100, r.toString());
    }
}
