package io.framebus.pipeline;

import io.framebus.testkit.LayoutSpec;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The detections payload against {@code docs/layout.tsv}: its constants, and every field of a payload
 * that {@link Detections#write} produced, read back at the offset, width and type the spec gives it.
 */
class DetectionsSpecTest {
    private static final LayoutSpec SPEC = LayoutSpec.load();

    @Test
    void constantsAreTheSpecOnes() {
        assertEquals(SPEC.constant("DETECTIONS_MAGIC"), Detections.MAGIC);
        assertEquals(SPEC.constant("DETECTIONS_VERSION"), Detections.VERSION);
        assertEquals(SPEC.constant("DETECTIONS_HEADER_SIZE"), Detections.HEADER_BYTES);
        assertEquals(SPEC.constant("DETECTION_ENTRY_SIZE"), Detections.ENTRY_BYTES);
    }

    @Test
    void everyFieldIsWhereTheSpecSays() {
        MemorySegment m = Arena.ofAuto().allocate(256);
        Detections.write(m, 77, 768, 432, 2, 12345, List.of(new Detections.Detection(-1, 0.25f, 1.5f, 2.5f, 3.5f,
                4.5f)));
        Map<String, Number> header = Map.of("magic", Detections.MAGIC, "version", Detections.VERSION,
                "frame_sequence", 77L, "width", 768, "height", 432, "producer", 2, "count", 1,
                "analysis_nanos", 12345L);
        for (LayoutSpec.Field f : SPEC.region("detections")) {
            assertEquals(header.get(f.name()), read(m, f.offset(), f.type()), "detections." + f.name());
        }
        Map<String, Number> entry = Map.of("class_id", -1, "score", 0.25f, "x1", 1.5f, "y1", 2.5f, "x2", 3.5f,
                "y2", 4.5f);
        for (LayoutSpec.Field f : SPEC.region("detection")) {
            assertEquals(entry.get(f.name()), read(m, Detections.HEADER_BYTES + f.offset(), f.type()),
                    "detection." + f.name());
        }
    }

    private static Number read(MemorySegment m, long offset, String type) {
        return switch (type) {
            case "s32" -> m.get(ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset);
            case "s64" -> m.get(ValueLayout.JAVA_LONG_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset);
            case "f32" -> m.get(ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN), offset);
            default -> throw new IllegalArgumentException("no such type in a detections payload: " + type);
        };
    }
}
