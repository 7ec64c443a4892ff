package io.framebus.inference;

import io.framebus.ChannelWriter;
import io.framebus.FrameClaim;
import io.framebus.pipeline.Detections;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * Publishes what an analysis found in one video frame, as every detector stage does: a
 * {@link Detections} payload in a slot of a detections channel (at most as many boxes as a slot holds,
 * the best first), a JSON line when a log is kept, and a count per class for the stage's summary. The
 * payload frame carries the video frame's sequence as its origin, and its pts and capture time.
 *
 * <p>Used by the single-process detector and by the post-processing stages of a split chain. One thread.
 */
public final class DetectionPublisher implements AutoCloseable {
    private final ChannelWriter detections;
    private final int producer;
    private final IntFunction<String> labels;
    private final Duration claimTimeout;
    private final DetectionLog log;
    private final int room;
    private long[] perClass = new long[80];
    private long otherClass;
    private long published;
    private long noSlot;

    /**
     * @param detections   where payloads go
     * @param producer     the producer id written into each payload
     * @param labels       class names, for the log and the summary
     * @param jsonl        the JSON Lines file to append to, or null for none
     * @param claimTimeout how long to wait for a free slot before dropping a payload
     * @throws IllegalArgumentException when the channel's slots cannot hold a payload header
     */
    public DetectionPublisher(ChannelWriter detections, int producer, IntFunction<String> labels, Path jsonl,
                              Duration claimTimeout) {
        this.detections = Objects.requireNonNull(detections, "detections");
        this.producer = producer;
        this.labels = Objects.requireNonNull(labels, "labels");
        this.claimTimeout = Objects.requireNonNull(claimTimeout, "claimTimeout");
        long boxes = (detections.slotSize() - Detections.HEADER_BYTES) / Detections.ENTRY_BYTES;
        if (detections.slotSize() < Detections.HEADER_BYTES) {
            throw new IllegalArgumentException("detections channel '" + detections.name() + "' has slots of "
                    + detections.slotSize() + " bytes, less than a payload header (" + Detections.HEADER_BYTES + ")");
        }
        this.room = (int) Math.min(Integer.MAX_VALUE, boxes);
        this.log = jsonl == null ? null : new DetectionLog(jsonl, labels);
    }

    /**
     * Publishes the boxes found in video frame {@code frameSequence} (the best {@code room} of them when the
     * slot cannot hold them all), logs them and counts them.
     *
     * @param analysisNanos how long the analysis took, written into the payload and the log
     * @return the boxes published (a prefix of {@code boxes}); they are logged and counted even when no slot
     *         was free in time
     */
    public List<Detections.Detection> publish(long frameSequence, int width, int height, long pts, long captureNanos,
                                              long analysisNanos, List<Detections.Detection> boxes) {
        List<Detections.Detection> kept = boxes.size() > room ? boxes.subList(0, room) : boxes; // best first
        FrameClaim out = detections.claim(claimTimeout);
        if (out != null) {
            Detections.writeInto(out, frameSequence, width, height, producer, analysisNanos, kept)
                    .pts(pts).captureNanos(captureNanos).origin(frameSequence).publish();
            published++;
        } else {
            noSlot++;
        }
        if (log != null) {
            log.write(frameSequence, pts, analysisNanos, kept);
        }
        for (Detections.Detection d : kept) {
            int c = d.classId();
            if (c < 0) {
                otherClass++;
                continue;
            }
            if (c >= perClass.length) {
                perClass = Arrays.copyOf(perClass, Math.max(c + 1, 2 * perClass.length));
            }
            perClass[c]++;
        }
        return kept;
    }

    /** The most boxes one payload holds. */
    public int room() {
        return room;
    }

    /** Payloads published. */
    public long published() {
        return published;
    }

    /** Payloads dropped because no slot was free in time. */
    public long noSlot() {
        return noSlot;
    }

    /** Boxes published per class name (classes with none left out; negative class ids as "other"). */
    public Map<String, Long> perClass() {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (int c = 0; c < perClass.length; c++) {
            if (perClass[c] > 0) {
                counts.put(labels.apply(c), perClass[c]);
            }
        }
        if (otherClass > 0) {
            counts.put("other", otherClass);
        }
        return Collections.unmodifiableMap(counts);
    }

    /** Closes the log; the channel stays open (its owner closes it). */
    @Override
    public void close() {
        if (log != null) {
            log.close();
        }
    }
}
