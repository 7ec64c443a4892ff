package io.framebus;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/** An in-process JFR recording of every framebus event, read back with {@code jdk.jfr.consumer}. */
final class FramebusRecording implements AutoCloseable {
    static final String[] EVENTS = {"io.framebus.ReaderReclaimed", "io.framebus.WriterTakeover",
        "io.framebus.WriterStall", "io.framebus.BackingDowngrade", "io.framebus.LatestSkipped",
        "io.framebus.ChannelStatistics", "io.framebus.ReaderStatistics"};
    private static final Duration PERIOD = Duration.ofMillis(100);

    private final Recording recording;

    /** Starts a recording of the framebus events only, periodic ones every 100 ms. */
    FramebusRecording() {
        this(new Recording());
    }

    /** Starts {@code recording} with the framebus events added (periodic ones every 100 ms). */
    FramebusRecording(Recording recording) {
        this.recording = recording;
        for (String event : EVENTS) {
            recording.enable(event).withoutStackTrace().withPeriod(PERIOD);
        }
        recording.start();
    }

    /** The events named {@code name} recorded so far. */
    List<RecordedEvent> events(String name) {
        try {
            Path file = Files.createTempFile("framebus-test-", ".jfr");
            try {
                recording.dump(file);
                return RecordingFile.readAllEvents(file).stream()
                        .filter(e -> e.getEventType().getName().equals(name)).toList();
            } finally {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits up to a minute for events named {@code name} that {@code match}; fails if none came. */
    List<RecordedEvent> await(String name, Predicate<RecordedEvent> match) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (true) {
            List<RecordedEvent> found = events(name).stream().filter(match).toList();
            if (!found.isEmpty()) {
                return found;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new AssertionError("no matching " + name + " event; recorded: " + events(name));
            }
            LockSupport.parkNanos(PERIOD.toNanos());
        }
    }

    @Override
    public void close() {
        recording.close();
    }
}
