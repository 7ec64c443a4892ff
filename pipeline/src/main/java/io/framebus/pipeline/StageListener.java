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

    /**
     * {@link #frameDone}, with the time the input frame was published by the stage upstream
     * ({@link io.framebus.Frame#publishNanos()}), so that the listener can measure the hop between the
     * two processes exactly: {@code takeNanos - publishNanos}. Stages that read a channel call this one;
     * by default it drops the publish time.
     *
     * @param sequence     sequence of the input frame, or of the video frame at the root of the chain
     * @param captureNanos when the frame entered the pipeline
     * @param publishNanos when the stage upstream published the input frame
     * @param takeNanos    when this stage took it
     * @param doneNanos    when this stage finished with it
     * @param skipped      input frames this stage has skipped so far
     */
    default void frameDoneAfterHop(long sequence, long captureNanos, long publishNanos, long takeNanos,
                                   long doneNanos, long skipped) {
        frameDone(sequence, captureNanos, takeNanos, doneNanos, skipped);
    }

    /** A listener that ignores everything. */
    StageListener NONE = (sequence, captureNanos, takeNanos, doneNanos, skipped) -> { };
}
