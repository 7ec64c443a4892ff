package io.framebus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one {@code framebus demo} run did.
 *
 * @param stages      one row per stage, in pipeline order
 * @param pipeline    the pipeline as a whole: capture of the first frame to encoding of the last
 * @param detections  what the detector found (from its JSON lines)
 * @param video       the annotated MP4
 * @param jsonl       the detector's JSON lines
 * @param input       the video captured
 * @param model       the detector's model
 * @param leftovers   channel files of this run found after every stage ended, and removed (normally none)
 * @param failedStage the stage that failed, or null
 * @param failure     what went wrong, or null
 * @param interrupted whether the run was interrupted (Ctrl-C)
 * @param wallSeconds wall time of the whole run, JVM start-ups included
 */
public record DemoResult(List<Row> stages, Pipeline pipeline, DetectionCounts detections, Path video, Path jsonl,
                         String input, Path model, List<String> leftovers, String failedStage, String failure,
                         boolean interrupted, double wallSeconds) {

    /** True when every stage finished its work normally. */
    public boolean ok() {
        return failure == null && !interrupted;
    }

    /**
     * One stage.
     *
     * @param stage     capture, detect, motion or encode
     * @param frames    frames done
     * @param fps       frames per second while it was working (first frame taken to last done)
     * @param latency   what {@code latencyP50Us}/{@code latencyP99Us} span: "publish->take" (joined exactly
     *                  from per-frame times), "capture->publish" for capture, or "capture->take"
     * @param e2eP50Us  capture to done, p50 (null for capture)
     * @param skipped   input frames skipped (LATEST readers) or dropped (capture)
     * @param zeroCopy  how the stage avoids copies
     * @param finished  whether it printed its SUMMARY (ended normally)
     * @param summary   its SUMMARY record (null if it never printed one)
     */
    public record Row(String stage, long frames, double fps, String latency, Long latencyP50Us, Long latencyP99Us,
                      Long e2eP50Us, Long e2eP99Us, long skipped, String zeroCopy, boolean finished, JsonNode summary) {
    }

    /**
     * @param frames       frames that went all the way through (encoded)
     * @param fps          frames / (last frame encoded - first frame captured)
     * @param latencyP50Us capture to encoded, p50
     * @param latencyP99Us capture to encoded, p99
     * @param seconds      first frame captured to last frame encoded
     * @param startSeconds from the demo's start to the first frame captured: JVM start-ups, model load,
     *                     channels created and attached
     */
    public record Pipeline(long frames, double fps, Long latencyP50Us, Long latencyP99Us, double seconds,
                           double startSeconds) {
    }

    /**
     * @param analysedFrames   frames the detector analysed (lines of the JSON lines file)
     * @param framesWithPerson analysed frames with at least one person
     * @param personBoxes      person boxes over all analysed frames
     * @param otherBoxes       boxes of other classes
     * @param otherClasses     boxes per other class
     */
    public record DetectionCounts(long analysedFrames, long framesWithPerson, long personBoxes, long otherBoxes,
                                  Map<String, Long> otherClasses) {
    }
}
