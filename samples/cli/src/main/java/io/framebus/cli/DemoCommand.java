package io.framebus.cli;

import io.framebus.cli.text.Table;

import com.fasterxml.jackson.databind.JsonNode;
import io.framebus.cli.demo.ChainReport;
import io.framebus.cli.demo.DemoPlan;
import io.framebus.cli.demo.DemoProgress;
import io.framebus.cli.demo.DemoResult;
import io.framebus.cli.demo.DemoRun;
import io.framebus.cli.demo.PythonStep;
import io.framebus.cli.demo.StageJvm;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/** {@code framebus demo}: capture, detect, motion, resize and encode as processes sharing frames without copies. */
@Command(name = "demo", sortOptions = false,
        description = {"Run a computer-vision pipeline as five separate processes that share frames through"
                + " framebus channels, with no copies: capture (FFmpeg decodes into the slots) -> detect (YOLOX-Nano"
                + " on the newest frame, input tensor built in a slot), motion (frames diffed in place) and resize"
                + " (OpenCV writes a half-size preview into a second channel) -> encode (every frame to H.264 with"
                + " the boxes and their labels drawn).",
            "With no arguments it uses the bundled video (people walking, 768x432, 1394 frames) and model, and"
                + " writes out/demo.mp4 and out/detections.jsonl.",
            "--chain splits the detector into preprocess -> infer -> postprocess, five processes in all, and reports"
                + " each hop; --chain --compare also runs the single-process detector on the same input (the"
                + " benchmark of the chain).",
            "Ctrl-C stops every stage cleanly. Exit code 1 if a stage fails."})
final class DemoCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--input", paramLabel = "PATH",
            description = "Video file, URL or 'testpattern' to capture (default: the bundled people-walking video).")
    String input;

    @Option(names = "--model", paramLabel = "PATH",
            description = "YOLOX ONNX model (default: the bundled YOLOX-Nano).")
    Path model;

    @Option(names = "--frames", defaultValue = "0", paramLabel = "N",
            description = "Frames to capture (default: the whole video).")
    long frames;

    @Option(names = "--skip", defaultValue = "0", paramLabel = "N",
            description = "Start at frame N of the video (the bundled one has nobody in its first 60 frames).")
    long skip;

    @Option(names = "--out", defaultValue = "out", paramLabel = "DIR",
            description = "Output directory for demo.mp4 and detections.jsonl (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--realtime", description = "Capture at the video's own frame rate, like a camera (default:"
            + " as fast as the pipeline goes).")
    boolean realtime;

    @Option(names = "--chain", description = "Run the detector as a chain of three processes instead: capture ->"
            + " preprocess -> infer -> postprocess -> encode, five processes, every reader LOSSLESS so that YOLOX runs"
            + " on every frame; the report gives each hop's publish->take latency.")
    boolean chain;

    @Option(names = "--compare", description = "With --chain: then run capture -> detect (the single-process"
            + " detector) -> encode on the same input, and compare the two (the benchmark of the chain's hops;"
            + " its video and detections go to OUT/single).")
    boolean compare;

    @Option(names = "--python", paramLabel = "SCRIPT",
            description = "With --chain: run this Python script in place of the Java postprocess stage, with the"
                    + " same options (python/examples/postprocess.py decodes YOLOX; docs/chain.md).")
    Path python;

    @Option(names = "--python-exe", paramLabel = "EXE",
            description = "The interpreter of --python; it must be able to import framebus (pip install ./python)"
                    + " (default: $FRAMEBUS_PYTHON, else python3).")
    String pythonExe;

    @Option(names = "--slots", defaultValue = "8", paramLabel = "N", // at least 7: see DemoRun.Options
            description = "Slots of the frames channel (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--detect-threads", defaultValue = "1", paramLabel = "N",
            description = "ONNX Runtime intra-op threads of the detector (default: ${DEFAULT-VALUE}).")
    int detectThreads;

    @Option(names = "--motion-step", defaultValue = "2", paramLabel = "N",
            description = "Motion compares every N-th pixel in x and y (default: ${DEFAULT-VALUE}).")
    int motionStep;

    @Option(names = "--analysis-nice", defaultValue = "0", paramLabel = "N",
            description = "Run detect and motion at a lower CPU priority (nice 0..19), so that capture and the"
                    + " lossless encoder get the CPU first: more pipeline fps, fewer frames analysed"
                    + " (default: ${DEFAULT-VALUE}).")
    int analysisNice;

    @Option(names = "--stage-heap", defaultValue = "256m", paramLabel = "SIZE",
            description = "Maximum Java heap of each stage process (default: ${DEFAULT-VALUE}; frames live in"
                    + " shared memory, not on the heap).")
    String stageHeap;

    @Option(names = "--stage-jvm-option", paramLabel = "OPT",
            description = "Extra JVM option for every stage process (repeatable), e.g. -XX:+UseParallelGC.")
    List<String> stageJvmOptions = new ArrayList<>();

    @Option(names = "--no-c1", description = "Let the native-bound stages use the C2 compiler too (default: C1 only"
            + " for capture, detect and encode).")
    boolean noC1;

    @Option(names = "--no-cds", description = "Do not give the stage JVMs class-data sharing archives (default: one"
            + " per stage, written by the first run, when the class path is made of jars).")
    boolean noCds;

    @Option(names = "--progress", defaultValue = "auto", paramLabel = "STYLE",
            description = "auto (a bar on a terminal, plain lines otherwise), bar, lines or none"
                    + " (default: ${DEFAULT-VALUE}).")
    String progress;

    @Mixin
    DirOption dir;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() throws InterruptedException {
        DemoProgress.Style style = switch (progress.toLowerCase(Locale.ROOT)) {
            case "auto" -> DemoProgress.Style.AUTO;
            case "bar" -> DemoProgress.Style.BAR;
            case "lines" -> DemoProgress.Style.LINES;
            case "none" -> DemoProgress.Style.NONE;
            default -> throw new IllegalArgumentException("--progress must be auto, bar, lines or none, got "
                    + progress);
        };
        if (model != null && !Files.isRegularFile(model)) {
            throw new IllegalArgumentException("model " + model + " is not a file");
        }
        if (input != null && input.equals("testpattern") && frames == 0) {
            throw new IllegalArgumentException("the test pattern never ends: give --frames N");
        }
        if (input != null && !input.equals("testpattern") && !input.contains("://") && !Files.exists(Path.of(input))) {
            throw new IllegalArgumentException("input " + input + " does not exist");
        }
        if (compare && !chain) {
            throw new IllegalArgumentException("--compare compares the chain with the single-process detector: give"
                    + " --chain too");
        }
        if (python != null && (!chain || !Files.isRegularFile(python))) {
            throw new IllegalArgumentException(!chain ? "--python replaces the chain's postprocess stage: give --chain"
                    + " too" : "Python script " + python + " is not a file");
        }
        PrintStream err = System.err;
        StageJvm jvm = new StageJvm(stageHeap, !noC1, !noCds, stageJvmOptions);
        List<DemoRun.Options> plans = new ArrayList<>();
        plans.add(options(chain ? DemoPlan.CHAIN : DemoPlan.CLASSIC, out, style, jvm));
        if (compare) {
            plans.add(options(DemoPlan.SINGLE, out.resolve("single"), style, jvm));
        }
        AtomicReference<DemoRun> current = new AtomicReference<>();
        AtomicBoolean interrupted = new AtomicBoolean();
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = Thread.ofPlatform().unstarted(() -> {
            interrupted.set(true);
            DemoRun demo = current.get();
            if (demo != null) {
                demo.interrupt(); // Ctrl-C, SIGTERM: stop every stage, then let the report print
            }
            try {
                done.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            List<DemoResult> results = new ArrayList<>();
            for (DemoRun.Options plan : plans) {
                if (interrupted.get() || (!results.isEmpty() && !results.getLast().ok())) {
                    break;
                }
                DemoRun demo = new DemoRun(plan, err);
                current.set(demo);
                if (interrupted.get()) {
                    demo.interrupt();
                }
                results.add(demo.run());
            }
            if (json.json()) {
                Json.print(spec.commandLine().getOut(), compare ? ChainReport.json(results) : results.getFirst());
            } else {
                results.forEach(this::report);
                if (compare && results.size() == 2) {
                    ChainReport.compare(spec.commandLine().getOut(), results.get(0), results.get(1));
                }
            }
            boolean ok = true;
            for (DemoResult result : results) {
                if (result.failure() != null) {
                    err.println("framebus: demo failed: " + result.failure());
                    err.flush();
                }
                ok &= result.ok();
            }
            return ok && results.size() == plans.size() ? 0 : FramebusCli.FAILURE;
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutting down (Ctrl-C): the hook returns now
            }
        }
    }

    private DemoRun.Options options(DemoPlan plan, Path dir, DemoProgress.Style style, StageJvm jvm) {
        return new DemoRun.Options(input, model, skip, frames, dir, realtime, slots, detectThreads, motionStep,
                this.dir.dir(), analysisNice, style, jvm, plan, plan == DemoPlan.CHAIN ? pythonStep() : null);
    }

    private PythonStep pythonStep() {
        if (python == null) {
            return null;
        }
        String exe = pythonExe != null ? pythonExe : System.getenv("FRAMEBUS_PYTHON");
        return new PythonStep(python.toAbsolutePath(), exe != null && !exe.isBlank() ? exe : "python3");
    }

    private void report(DemoResult r) {
        PrintWriter w = spec.commandLine().getOut();
        w.println();
        boolean hasInfer = r.stages().stream().anyMatch(row -> row.stage().equals("infer"));
        boolean hasMotion = r.stages().stream().anyMatch(row -> row.stage().equals("motion"));
        String title = "framebus demo" + (hasInfer ? " --chain" : hasMotion ? "" : " (the single-process detector)");
        w.println(r.interrupted() ? title + " (interrupted)" : r.failure() != null ? title + " (failed)" : title);
        w.println("  input: " + r.input());
        w.println("  model: " + r.model());
        w.println();
        if (r.stages().stream().allMatch(row -> row.frames() == 0)) {
            w.println("  no frame went through");
            w.flush();
            return;
        }
        Table t = new Table("stage", "frames", "fps", "latency p50/p99 ms", "(span)", "e2e p50/p99 ms", "skipped",
                "cpu", "zero-copy");
        for (DemoResult.Row row : r.stages()) {
            JsonNode cpu = row.summary() == null ? null : row.summary().get("cpu_cores");
            t.row(row.stage(), row.frames(), String.format(Locale.ROOT, "%.1f", row.fps()),
                    pair(row.latencyP50Us(), row.latencyP99Us()), row.latency(), pair(row.e2eP50Us(), row.e2eP99Us()),
                    row.skipped(), cpu == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100 * cpu.asDouble()),
                    row.zeroCopy() == null ? (row.finished() ? "-" : "(no summary: stage ended early)")
                            : row.zeroCopy());
        }
        w.print(t.render("  "));
        w.println();
        DemoResult.Pipeline p = r.pipeline();
        w.printf(Locale.ROOT, "  pipeline: %d frames captured -> encoded in %.2f s = %.1f fps end to end;"
                + " latency capture -> encoded p50 %s ms, p99 %s ms%n", p.frames(), p.seconds(), p.fps(),
                ms(p.latencyP50Us()), ms(p.latencyP99Us()));
        w.printf(Locale.ROOT, "  wall time: %.1f s, of which %.1f s start-up (%d JVMs, model load, channels attached)"
                + " before the first frame%n", r.wallSeconds(), p.startSeconds(), r.stages().size());
        w.println("  cpu: cores a stage process used while it worked (2 = both cores of this machine)");
        JsonNode detect = r.stages().stream().filter(row -> row.stage().equals("detect")).findFirst()
                .map(DemoResult.Row::summary).orElse(null);
        ChainReport.stages(w, r);
        if (detect != null) {
            w.printf(Locale.ROOT, "  detector: %s, %d ONNX Runtime thread(s); per analysed frame: letterbox %.2f ms,"
                    + " inference %.2f ms, decode+NMS %.3f ms%n", detect.path("model").asText(),
                    detect.path("threads").asInt(), detect.path("mean_letterbox_ms").asDouble(),
                    detect.path("mean_inference_ms").asDouble(), detect.path("mean_decode_ms").asDouble());
        }
        DemoResult.DetectionCounts d = r.detections();
        w.printf(Locale.ROOT,
                "  detections: %d of %d analysed frames have a person; %d person boxes, %d other boxes%s%n",
                d.framesWithPerson(), d.analysedFrames(), d.personBoxes(), d.otherBoxes(),
                d.otherClasses().isEmpty() ? "" : " " + d.otherClasses());
        w.println("  outputs:");
        w.println("    " + describe(r.video()));
        w.println("    " + describe(r.jsonl()));
        if (r.leftovers().isEmpty()) {
            w.println("  channels: every stage closed its channels; none left behind");
        } else {
            w.println("  channels: removed " + r.leftovers().size() + " channel file(s) left behind by a stage that"
                    + " did not close them: " + String.join(", ", r.leftovers()));
        }
        w.flush();
    }

    private static String describe(Path file) {
        try {
            return Files.isRegularFile(file) ? file + " (" + Files.size(file) + " bytes)" : file + " (not written)";
        } catch (IOException e) {
            return file.toString();
        }
    }

    private static String pair(Long p50, Long p99) {
        return p50 == null ? "-" : ms(p50) + " / " + ms(p99);
    }

    private static String ms(Long micros) {
        return micros == null ? "-" : String.format(Locale.ROOT, "%.1f", micros / 1000.0);
    }
}
