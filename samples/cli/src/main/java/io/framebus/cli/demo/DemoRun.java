package io.framebus.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.ChannelNames;
import io.framebus.ChannelSnapshot;
import io.framebus.FrameChannel;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code framebus demo}: a computer-vision pipeline of five separate processes that share frames
 * without copies.
 *
 * <pre>
 *  capture ──► demo-PID-frames (BGR24) ──► detect (LATEST) ──► demo-PID-tensors, demo-PID-detections ─┐
 *                                      ├─► motion (LATEST, holds 2) ──► demo-PID-motion ──────────────┤
 *                                      ├─► resize (LATEST, OpenCV) ──► demo-PID-preview (half size)   │
 *                                      └─► encode (LOSSLESS) ◄── boxes of both (LATEST) ◄─────────────┘
 *                                               └─► out/demo.mp4        detect ──► out/detections.jsonl
 * </pre>
 *
 * <p>The encoder, detector, motion and resize stages start first and wait for the frames channel;
 * capture waits until all four have attached ({@code --wait-readers 4}), so the lossless encoder sees
 * every frame. The previews are there for whoever attaches ({@code framebus encode --frames
 * demo-PID-preview} encodes them). Each stage is a child JVM running the {@code framebus} stage command with
 * {@code --progress}; this class parses their lines, shows progress, stops everything when one stage
 * fails or on {@link #interrupt()}, checks that no channel file of the run is left, and joins the
 * stages' per-frame times into exact publish-to-take latencies.
 */
public final class DemoRun {
    /** How long the readers may take to finish after capture ended. */
    private static final long DRAIN_NANOS = 120_000_000_000L;
    private static final long POLL_NANOS = 250_000_000L;

    /**
     * @param input         video file or URL; null: the bundled video
     * @param model         YOLOX model; null: the bundled YOLOX-Nano
     * @param skip          frames of the input to skip (decoded and dropped) before the first captured one
     * @param frames        frames to capture; 0: the whole input
     * @param out           output directory (demo.mp4, detections.jsonl)
     * @param realtime      pace capture at the video's frame rate
     * @param slots         slots of the frames channel
     * @param detectThreads ONNX Runtime intra-op threads of the detector
     * @param motionStep    motion compares every N-th pixel in x and y
     * @param channelDir    channel directory; null: the automatic choice
     * @param analysisNice  niceness of the detect and motion processes (0: the same priority as the others)
     * @param progress      how to show progress
     * @param jvm           JVM options of the stage processes
     * @param plan          which stage processes to run
     * @param python        the chain's post-processing step in Python instead of Java; null: Java's
     */
    public record Options(String input, Path model, long skip, long frames, Path out, boolean realtime, int slots,
                          int detectThreads, int motionStep, Path channelDir, int analysisNice,
                          DemoProgress.Style progress, StageJvm jvm, DemoPlan plan, PythonStep python) {
        public Options {
            Objects.requireNonNull(plan, "plan");
            if (python != null && plan != DemoPlan.CHAIN) {
                throw new IllegalArgumentException("a Python post-processing step needs the chain (--chain)");
            }
            Objects.requireNonNull(out, "out");
            Objects.requireNonNull(progress, "progress");
            Objects.requireNonNull(jvm, "jvm");
            if (frames < 0 || skip < 0) {
                throw new IllegalArgumentException("--frames (0 = the whole input) and --skip must be >= 0");
            }
            if (slots < 7) {
                throw new IllegalArgumentException("--slots must be at least 7 (motion holds 2 frames, the encoder up"
                        + " to 2, the detector 1, resize 1, and capture writes into another), got " + slots);
            }
            if (analysisNice < 0 || analysisNice > 19) {
                throw new IllegalArgumentException("--analysis-nice must be 0..19, got " + analysisNice);
            }
            if (detectThreads < 1 || motionStep < 1) {
                throw new IllegalArgumentException("--detect-threads and --motion-step must be at least 1");
            }
        }
    }

    private final Options o;
    private final PrintStream err;
    private final List<StageProcess> stages = new CopyOnWriteArrayList<>();
    private volatile boolean interrupted;

    public DemoRun(Options options, PrintStream err) {
        this.o = options;
        this.err = err;
    }

    /** Makes {@link #run()} stop every stage and return soon (Ctrl-C). Safe from any thread. */
    public void interrupt() {
        interrupted = true;
    }

    /** Runs the pipeline to its end (or failure, or interrupt) and returns what happened. */
    public DemoResult run() {
        long start = System.nanoTime();
        String prefix = "demo-" + ProcessHandle.current().pid() + "-";
        String frames = prefix + "frames";
        String tensors = prefix + "tensors";
        String detections = prefix + "detections";
        String motion = prefix + "motion";
        String preview = prefix + "preview";
        for (String name : List.of(frames, tensors, detections, motion, preview)) {
            ChannelNames.validate(name);
        }
        Path video = o.out().resolve("demo.mp4");
        Path jsonl = o.out().resolve("detections.jsonl");
        try (DemoAssets scratch = DemoAssets.create()) {
            String input = o.input() != null ? o.input() : scratch.extract(DemoAssets.VIDEO).toString();
            Path model = o.model() != null ? o.model() : scratch.extract(DemoAssets.MODEL);
            Path timings = scratch.dir().resolve("timings");
            createDirectories(timings);
            createDirectories(o.out());

            StageProcess failed = null;
            String failure = null;
            try (DemoProgress progress = DemoProgress.create(o.progress(), err)) {
                try {
                    if (o.plan() != DemoPlan.CLASSIC) {
                        ChainStages.launch(o.plan(), prefix, model, video, jsonl, o.detectThreads(),
                                readers -> capture(input, frames, readers), (stage, args) -> launch(stage, args,
                                        timings));
                    } else {
                        // Readers first: they wait for the frames channel; capture waits for all four of them.
                        launch("encode", List.of("encode", "--frames", frames, "--detections",
                                detections + "," + motion, "--out", video.toString()), timings);
                        launch("detect", List.of("detect", "--frames", frames, "--model", model.toString(),
                                "--tensors", tensors, "--detections", detections, "--jsonl", jsonl.toString(),
                                "--threads", String.valueOf(o.detectThreads())), timings);
                        launch("motion", List.of("motion", "--frames", frames, "--out", motion,
                                "--step", String.valueOf(o.motionStep())), timings);
                        launch("resize", List.of("resize", "--frames", frames, "--out", preview, "--scale", "0.5"),
                                timings);
                        launch("capture", capture(input, frames, 4), timings);
                    }
                } catch (RuntimeException e) {
                    failure = "cannot start the stages: " + e.getMessage();
                }
                if (failure == null) {
                    failed = monitor(progress);
                    if (failed != null) {
                        failure = "stage '" + failed.stage() + "' failed (exit " + failed.exitCode() + ")"
                                + (failed.messages().isBlank()
                                ? "" : ":\n" + failed.messages().indent(2).stripTrailing());
                    } else if (stillRunning() && !interrupted) {
                        failure = "the stages did not finish within " + DRAIN_NANOS / 1_000_000_000L
                                + " s after capture ended";
                    }
                }
                stopAll();
            }
            List<String> leftovers = removeLeftoverChannels(prefix);
            return DemoResults.collect(o.plan().stages(), stages, timings, video, jsonl, input, model, leftovers,
                    failed == null ? null : failed.stage(), failure, interrupted, start);
        }
    }

    /** The capture stage's command line, waiting for {@code readers} readers of the frames channel. */
    private List<String> capture(String input, String frames, int readers) {
        List<String> capture = new ArrayList<>(List.of("capture", "--input", input, "--channel", frames,
                "--slots", String.valueOf(o.slots()), "--wait-readers", String.valueOf(readers),
                // lossless all the way: wait as long as the encoder needs (a dead stage is seen
                // by the demo, which then stops everything) instead of dropping after 1 s
                "--claim-timeout-ms", "60000",
                "--frames", String.valueOf(o.frames()), "--skip", String.valueOf(o.skip())));
        if (o.realtime()) {
            capture.add("--realtime");
        }
        return capture;
    }

    private void launch(String stage, List<String> commandLine, Path timings) {
        List<String> args = new ArrayList<>(commandLine);
        args.addAll(List.of("--progress", "--control-stdin", "--timings", timings.resolve(stage + ".txt").toString()));
        if (o.channelDir() != null) {
            args.addAll(List.of("--dir", o.channelDir().toString()));
        }
        int nice = stage.equals("detect") || stage.equals("motion") || stage.equals("resize") ? o.analysisNice() : 0;
        if (stage.equals("postprocess") && o.python() != null) {
            stages.add(StageProcess.start(stage, o.python().command(args), nice));
            return;
        }
        stages.add(StageProcess.start(stage, "io.framebus.cli.FramebusCli", o.jvm().options(stage), args, nice));
    }

    /**
     * Shows progress until every stage ended, one failed (returned), the demo was interrupted, or the
     * readers did not drain in time after capture ended.
     */
    private StageProcess monitor(DemoProgress progress) {
        long captureEnded = 0;
        while (true) {
            LockSupport.parkNanos(POLL_NANOS);
            progress.update(encoded(), expected(), rates());
            if (interrupted) {
                return null;
            }
            StageProcess failed = null;
            boolean allEnded = true;
            for (StageProcess s : stages) { // capture first would be upstream: check it before its readers
                Integer code = s.exitCode();
                allEnded &= code != null;
                if (code != null && code != 0 && failed == null) {
                    failed = s;
                }
            }
            StageProcess capture = stage("capture");
            if (capture != null && capture.exitCode() != null && capture.exitCode() != 0) {
                failed = capture; // the readers' errors follow from it
            }
            if (failed != null) {
                return failed;
            }
            if (allEnded) {
                progress.update(encoded(), expected(), rates());
                return null;
            }
            if (capture != null && capture.exitCode() != null) {
                if (captureEnded == 0) {
                    captureEnded = System.nanoTime();
                } else if (System.nanoTime() - captureEnded > DRAIN_NANOS) {
                    return null;
                }
            }
        }
    }

    private boolean stillRunning() {
        return stages.stream().anyMatch(StageProcess::isAlive);
    }

    private StageProcess stage(String name) {
        for (StageProcess s : stages) {
            if (s.stage().equals(name)) {
                return s;
            }
        }
        return null;
    }

    private long encoded() {
        StageProcess encode = stage("encode");
        JsonNode p = encode == null ? null : encode.progress();
        return p == null ? 0 : p.path("frames").asLong();
    }

    /** Frames the run will encode, if known: --frames, or the input's frame count, whichever is smaller. */
    private long expected() {
        StageProcess capture = stage("capture");
        JsonNode source = capture == null ? null : capture.source();
        long inInput = source == null ? -1 : source.path("frames").asLong(-1);
        if (o.frames() > 0) {
            return inInput > 0 ? Math.min(o.frames(), inInput) : o.frames();
        }
        return inInput;
    }

    private String rates() {
        StringBuilder b = new StringBuilder();
        for (String name : o.plan().stages()) {
            StageProcess s = stage(name);
            JsonNode p = s == null ? null : s.progress();
            if (!b.isEmpty()) {
                b.append(" | ");
            }
            b.append(name).append(' ').append(p == null ? "-" : String.format(Locale.ROOT, "%.1f",
                    p.path("fps").asDouble())).append(" fps");
        }
        return b.toString();
    }

    /**
     * Stops every stage still running: a {@code stop} line first (the stage ends its run, closes its
     * channels and prints its summary), SIGTERM after 10 s, SIGKILL 5 s later.
     */
    private void stopAll() {
        if (!stillRunning()) {
            return;
        }
        stages.forEach(s -> {
            if (s.isAlive()) {
                s.requestStop();
            }
        });
        if (!awaitAll(10_000)) {
            stages.forEach(s -> {
                if (s.isAlive()) {
                    err.println("demo: stage '" + s.stage() + "' did not stop within 10 s; sending SIGTERM");
                    s.terminate();
                }
            });
            if (!awaitAll(5_000)) {
                stages.forEach(s -> {
                    if (s.isAlive()) {
                        err.println("demo: stage '" + s.stage() + "' ignored SIGTERM; killing it");
                        s.kill();
                    }
                });
            }
        }
    }

    private boolean awaitAll(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000L;
        while (stillRunning()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            LockSupport.parkNanos(20_000_000L);
        }
        return true;
    }

    /**
     * After every stage ended, looks for channel files of this run (a stage killed before it could
     * close its channels leaves them, or hidden temporary files if it was killed while creating one)
     * and removes them. Returns what it removed: normally nothing.
     */
    private List<String> removeLeftoverChannels(String prefix) {
        List<String> removed = new ArrayList<>();
        for (ChannelSnapshot.Summary c : FrameChannel.list(o.channelDir())) {
            if (c.name() != null && c.name().startsWith(prefix)) {
                Path dir = Path.of(c.path()).getParent();
                if (FrameChannel.remove(c.name(), dir, true)) {
                    removed.add(c.path());
                }
            }
        }
        removed.addAll(FrameChannel.gc(o.channelDir(), prefix)); // temporary files of a stage killed mid-creation
        return removed;
    }

    private static void createDirectories(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + dir, e);
        }
    }
}
