package io.framebus;

import io.framebus.testkit.ChildProcess;
import io.framebus.mains.PatternReaderMain;
import io.framebus.mains.PatternWriterMain;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.framebus.TestChannels.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * One writer process and several reader processes (real child JVMs) sharing 4K BGR24 frames.
 * Every reader checks every byte of every frame it takes against the frame's sequence.
 */
class MultiProcessTest {
    private static final long FRAME_4K = 3840L * 2160 * 3;
    private static final Duration LONG = Duration.ofSeconds(120);

    @Test
    void oneWriterThreeReaderProcessesAnd4kFramesWithALateJoiner() {
        String name = uniqueName("mp4k");
        int frames = 60;
        try (ChildProcess writer = ChildProcess.start("writer", PatternWriterMain.class, name, SHM.toString(), "6",
                String.valueOf(FRAME_4K), String.valueOf(frames), "3", "5", "false", "20:4");
             ChildProcess lossless = ChildProcess.start("lossless", PatternReaderMain.class, name, SHM.toString(),
                     "lossless", String.valueOf(frames), "0");
             ChildProcess latest = ChildProcess.start("latest", PatternReaderMain.class, name, SHM.toString(), "latest",
                     String.valueOf(frames), "0");
             ChildProcess holder = ChildProcess.start("holder", PatternReaderMain.class, name, SHM.toString(), "latest",
                     String.valueOf(frames), "150")) {
            writer.awaitLine("READY", LONG);
            writer.awaitLine("PUBLISHED 20", LONG);
            try (ChildProcess late = ChildProcess.start("late", PatternReaderMain.class, name, SHM.toString(),
                    "lossless", String.valueOf(frames), "0")) {
                writer.awaitLine("DONE", LONG);
                Map<String, String> l = ChildProcess.fields(lossless.awaitLine("RESULT", LONG));
                Map<String, String> t = ChildProcess.fields(latest.awaitLine("RESULT", LONG));
                Map<String, String> h = ChildProcess.fields(holder.awaitLine("RESULT", LONG));
                Map<String, String> j = ChildProcess.fields(late.awaitLine("RESULT", LONG));

                assertEquals(String.valueOf(frames), l.get("received"), "lossless sees every frame: " + l);
                assertEquals("0", l.get("failures"), lossless.output());
                assertEquals("0", l.get("gaps"), "lossless frames arrive in order without gaps");
                assertEquals("1", l.get("first"));

                assertEquals("0", t.get("failures"), "a latest reader never sees a torn frame: " + latest.output());
                assertTrue(Long.parseLong(t.get("received")) >= 1);

                assertEquals("0", h.get("failures"),
                        "a frame held for 150 ms is never rewritten under its holder: " + holder.output());
                assertTrue(Long.parseLong(h.get("received")) >= 1);

                long first = Long.parseLong(j.get("first"));
                assertTrue(first >= 20, "the late joiner starts at the latest frame when it attached: " + j);
                assertEquals("0", j.get("failures"));
                assertEquals("0", j.get("gaps"));
                assertEquals(frames, Long.parseLong(j.get("last")), "and then sees every frame up to the last: " + j);
                assertEquals(0, writer.waitFor(LONG));
            }
        }
        assertFalse(fileExists(name), "the writer's clean close removes the file");
    }
}
