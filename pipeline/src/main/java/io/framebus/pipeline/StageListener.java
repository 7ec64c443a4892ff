package io.framebus.pipeline;

/**
 * Receives one call per frame a pipeline stage has finished with, so that whoever runs the stage (a
 * CLI, the demo, a test) can measure it. All times are {@link System#nanoTime()}, which is the same
 * clock in every process on the host.
 */
@FunctionalInterface
public interface StageListener {
    /**
     * Called by the stage, on the thread that runs it, each time it has finished with a frame: a slow
     * listener slows the stage down.
     *
     * @param sequence     sequence of the input frame (or of the output frame, for a source)
     * @param captureNanos when the frame entered the pipeline (the capture stage's timestamp)
     * @param takeNanos    when this stage took it (for a source: when it published it)
     * @param doneNanos    when this stage finished with it
     * @param skipped      input frames this stage has skipped so far (LATEST readers)
     */
    void frameDone(long sequence, long captureNanos, long takeNanos, long doneNanos, long skipped);

    /** A listener that ignores everything. */
    StageListener NONE = (sequence, captureNanos, takeNanos, doneNanos, skipped) -> { };
}
