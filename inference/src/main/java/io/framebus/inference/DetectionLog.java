package io.framebus.inference;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import io.framebus.pipeline.Detections;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.IntFunction;

/**
 * Appends one JSON object per analysed frame to a file (JSON Lines), flushed after each line so that
 * {@code tail -f} and crash recovery see whole lines. One line (wrapped here after the comma that ends
 * {@code analysis_ms}):
 *
 * <pre>
 * {"frame":301,"pts_us":12040000,"analysis_ms":12.4,
 *  "detections":[{"class":"person","class_id":0,"score":0.874,"box":[383.2,16.0,517.9,405.1]}]}
 * </pre>
 *
 * {@code pts_us} is the frame's presentation timestamp as its writer set it (the capture stage uses
 * microseconds). Scores have 3 decimals and box corners (x1, y1, x2, y2 in frame pixels) 1 decimal.
 * Written with Jackson's streaming generator: no object tree per line.
 */
public final class DetectionLog implements AutoCloseable {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private final Path path;
    private final JsonGenerator json;
    private final IntFunction<String> labels;
    private long lines;

    /**
     * Opens {@code path} for appending (creating it and its parent directories).
     *
     * @param labels the class name of a class id, e.g. {@link CocoLabels#name(int)}
     */
    public DetectionLog(Path path, IntFunction<String> labels) {
        this.path = path;
        this.labels = labels;
        try {
            Path parent = path.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            OutputStream out = new BufferedOutputStream(Files.newOutputStream(path, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE), 16 * 1024);
            this.json = JSON.createGenerator(out, JsonEncoding.UTF8);
            json.configure(JsonGenerator.Feature.AUTO_CLOSE_TARGET, true);
            json.configure(JsonGenerator.Feature.FLUSH_PASSED_TO_STREAM, true);
            json.setPrettyPrinter(new MinimalPrettyPrinter("")); // no separator between lines but our '\n'
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open detection log " + path, e);
        }
    }

    /** The file lines are appended to. */
    public Path path() {
        return path;
    }

    /** Lines written so far by this instance. */
    public long lines() {
        return lines;
    }

    /** Writes and flushes one line about frame {@code frameSequence}. */
    public void write(long frameSequence, long ptsMicros, long analysisNanos, List<Detections.Detection> detections) {
        try {
            json.writeStartObject();
            json.writeNumberField("frame", frameSequence);
            json.writeNumberField("pts_us", ptsMicros);
            json.writeNumberField("analysis_ms", round(analysisNanos / 1e6, 1000));
            json.writeArrayFieldStart("detections");
            for (Detections.Detection d : detections) {
                json.writeStartObject();
                json.writeStringField("class", labels.apply(d.classId()));
                json.writeNumberField("class_id", d.classId());
                json.writeNumberField("score", round(d.score(), 1000));
                json.writeArrayFieldStart("box");
                json.writeNumber(round(d.x1(), 10));
                json.writeNumber(round(d.y1(), 10));
                json.writeNumber(round(d.x2(), 10));
                json.writeNumber(round(d.y2(), 10));
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
            json.flush();
            lines++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write detection log " + path, e);
        }
    }

    private static double round(double v, double scale) {
        return Math.round(v * scale) / scale;
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close detection log " + path, e);
        }
    }
}
