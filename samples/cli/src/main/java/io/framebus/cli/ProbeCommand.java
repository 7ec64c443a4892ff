package io.framebus.cli;

import io.framebus.capture.FfmpegSource;
import io.framebus.capture.SourceInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code framebus probe FILE}: decode every frame of a video and report what is really in it, for
 * checking what {@code encode} and {@code demo} wrote (CI checks the demo's MP4 with it).
 */
@Command(name = "probe", sortOptions = false,
        description = {"Decode every frame of a video file and report its codec, size, frame rate and the number of"
                + " frames that really decode (not the container's claim)."})
final class ProbeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "Video file.")
    Path file;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("no such file: " + file);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        try (FfmpegSource source = FfmpegSource.open(file)) {
            SourceInfo info = source.info();
            long decoded = 0;
            while (source.advance()) {
                decoded++;
            }
            m.put("file", file.toString());
            m.put("codec", info.codec());
            m.put("width", info.width());
            m.put("height", info.height());
            m.put("fps", Json.round(info.fps(), 3));
            m.put("frames_decoded", decoded);
            m.put("frames_declared", info.frameCount());
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json.json()) {
            Json.print(out, m);
        } else {
            out.printf(Locale.ROOT, "%s: %s %dx%d @ %.3f fps, %d frames decoded (container says %d)%n", m.get("file"),
                    m.get("codec"), (Integer) m.get("width"), (Integer) m.get("height"), (Double) m.get("fps"),
                    (Long) m.get("frames_decoded"), (Long) m.get("frames_declared"));
            out.flush();
        }
        return 0;
    }
}
