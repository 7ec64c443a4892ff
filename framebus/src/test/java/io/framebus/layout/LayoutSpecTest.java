package io.framebus.layout;

import io.framebus.Backing;
import io.framebus.DType;
import io.framebus.FrameKind;
import io.framebus.PixelFormat;
import io.framebus.ReaderMode;
import io.framebus.testkit.LayoutSpec;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flyweights, constants and codes of the Java implementation against {@code docs/layout.tsv}, the
 * machine-readable layout that the Python package and {@code docs/format.md} are tested against too.
 * Every spec field must be the flyweight constant of the same name, and every offset constant of a
 * flyweight must be in the spec: a field added, moved or removed on either side fails here.
 */
class LayoutSpecTest {
    private static final LayoutSpec SPEC = LayoutSpec.load();

    /** Each region of the control file, and the flyweight that holds its offsets. */
    private static final Map<String, Class<?>> REGIONS = Map.of(
            "header", HeaderFlyweight.class,
            "statistics", HeaderStatisticsFlyweight.class,
            "link", LinkFlyweight.class,
            "ring", RingFlyweight.class,
            "slot", SlotDescriptorFlyweight.class,
            "row", ReaderRowFlyweight.class);

    /** Constants of the flyweights that are sizes or codes, not offsets. */
    private static final Set<String> NOT_OFFSETS = Set.of(
            "HeaderFlyweight.HEADER_SIZE", "HeaderFlyweight.NAME_MAX_BYTES", "HeaderFlyweight.NOTE_MAX_BYTES",
            "LinkFlyweight.NONE", "LinkFlyweight.BRIDGE", "LinkFlyweight.SOURCE_BYTES",
            "RingFlyweight.ENTRY_SIZE", "SlotDescriptorFlyweight.DESCRIPTOR_SIZE",
            "SlotDescriptorFlyweight.MAX_DIMS", "SlotDescriptorFlyweight.LABEL_BYTES",
            "ReaderRowFlyweight.LABEL_BYTES");

    @Test
    void everySpecFieldIsTheFlyweightConstantOfItsName() throws ReflectiveOperationException {
        for (Map.Entry<String, Class<?>> region : REGIONS.entrySet()) {
            for (LayoutSpec.Field f : SPEC.region(region.getKey())) {
                Field constant = region.getValue().getDeclaredField(f.name().toUpperCase(Locale.ROOT));
                constant.setAccessible(true);
                assertEquals(f.offset(), constant.getInt(null), region.getKey() + "." + f.name());
            }
        }
    }

    @Test
    void everyOffsetConstantOfAFlyweightIsInTheSpec() throws ReflectiveOperationException {
        for (Map.Entry<String, Class<?>> region : REGIONS.entrySet()) {
            Set<String> named = new HashSet<>();
            SPEC.region(region.getKey()).forEach(f -> named.add(f.name().toUpperCase(Locale.ROOT)));
            for (Field constant : region.getValue().getDeclaredFields()) {
                int m = constant.getModifiers();
                String id = region.getValue().getSimpleName() + "." + constant.getName();
                if (Modifier.isStatic(m) && Modifier.isFinal(m) && constant.getType() == int.class
                        && !NOT_OFFSETS.contains(id)) {
                    assertTrue(named.contains(constant.getName()), id + " is not in " + LayoutSpec.PATH);
                }
            }
        }
    }

    @Test
    void fieldsAreAlignedAndNeverOverlap() {
        checkRegion(List.of("header", "statistics", "link"), HeaderFlyweight.HEADER_SIZE);
        checkRegion(List.of("ring"), RingFlyweight.ENTRY_SIZE);
        checkRegion(List.of("slot"), SlotDescriptorFlyweight.DESCRIPTOR_SIZE);
        checkRegion(List.of("row"), ReaderRowFlyweight.HOLDS + 8);
    }

    private static void checkRegion(List<String> regions, long size) {
        TreeMap<Long, LayoutSpec.Field> byOffset = new TreeMap<>();
        for (String r : regions) {
            for (LayoutSpec.Field f : SPEC.region(r)) {
                long width = f.width() < 0 ? 8 : f.width();
                long align = Math.min(8, f.type().startsWith("utf8z") ? 1 : width);
                assertEquals(0, f.offset() % align, f + " is not aligned to " + align);
                assertTrue(f.offset() + width <= size, f + " runs past the region's " + size + " bytes");
                assertNull(byOffset.put(f.offset(), f), "two fields at offset " + f.offset());
            }
        }
        long end = 0;
        for (LayoutSpec.Field f : byOffset.values()) {
            assertTrue(f.offset() >= end, f + " overlaps the field before it");
            end = f.offset() + (f.width() < 0 ? 8 : f.width());
        }
    }

    @Test
    void constantsAreTheJavaOnes() throws ReflectiveOperationException {
        Map<String, Long> java = new TreeMap<>();
        java.put("MAGIC", ChannelLayout.MAGIC);
        java.put("VERSION", (long) ChannelLayout.VERSION);
        java.put("CACHE_LINE", (long) ChannelLayout.CACHE_LINE);
        java.put("HEADER_SIZE", (long) HeaderFlyweight.HEADER_SIZE);
        java.put("RING_ENTRY_SIZE", (long) RingFlyweight.ENTRY_SIZE);
        java.put("SLOT_DESCRIPTOR_SIZE", (long) SlotDescriptorFlyweight.DESCRIPTOR_SIZE);
        java.put("ROW_FIXED_SIZE", (long) ReaderRowFlyweight.HOLDS);
        java.put("MAX_DIMS", (long) ChannelLayout.MAX_DIMS);
        java.put("NAME_MAX_BYTES", (long) HeaderFlyweight.NAME_MAX_BYTES);
        java.put("NOTE_MAX_BYTES", (long) HeaderFlyweight.NOTE_MAX_BYTES);
        java.put("SLOT_LABEL_BYTES", (long) SlotDescriptorFlyweight.LABEL_BYTES);
        java.put("ROW_LABEL_BYTES", (long) ReaderRowFlyweight.LABEL_BYTES);
        java.put("LINK_SOURCE_BYTES", (long) LinkFlyweight.SOURCE_BYTES);
        java.put("MAX_SLOTS", (long) ChannelLayout.MAX_SLOTS);
        java.put("MAX_READERS", (long) ChannelLayout.MAX_READERS);
        java.put("MAX_RING_CAPACITY", (long) ChannelLayout.MAX_RING_CAPACITY);
        java.put("MAX_SLOT_SIZE", ChannelLayout.MAX_SLOT_SIZE);
        java.put("SMALL_PAGE", ChannelLayout.SMALL_PAGE);
        java.put("HUGE_PAGE", ChannelLayout.HUGE_PAGE);
        java.put("WRITER_LOCK_BYTE", ChannelLayout.WRITER_LOCK_BYTE);
        java.put("SLOT_EMPTY", ChannelLayout.SLOT_EMPTY);
        java.put("SLOT_CLAIMED", ChannelLayout.SLOT_CLAIMED);
        Field max = Class.forName("io.framebus.internal.TakeoverCheck").getDeclaredField("MAX_SEQUENCE");
        max.setAccessible(true);
        java.put("MAX_SEQUENCE", max.getLong(null));
        Map<String, Long> spec = new TreeMap<>(SPEC.consts());
        spec.keySet().removeIf(k -> k.startsWith("DETECTION")); // the pipeline module's payload: its own test
        assertEquals(java, spec);
    }

    @Test
    void codesAreTheJavaOnes() {
        assertCodes("channel_state", List.of(code("INITIALIZING", ChannelLayout.STATE_INITIALIZING, -1),
                code("OPEN", ChannelLayout.STATE_OPEN, -1), code("CLOSED", ChannelLayout.STATE_CLOSED, -1)));
        assertCodes("row_state", List.of(code("FREE", ChannelLayout.ROW_FREE, -1),
                code("ACTIVE", ChannelLayout.ROW_ACTIVE, -1)));
        assertCodes("link_kind", List.of(code("NONE", LinkFlyweight.NONE, -1),
                code("BRIDGE", LinkFlyweight.BRIDGE, -1)));
        List<LayoutSpec.Code> java = new ArrayList<>();
        for (ReaderMode m : ReaderMode.values()) {
            java.add(code(m.name(), m.code(), -1));
        }
        assertCodes("mode", java);
        java = new ArrayList<>();
        for (Backing b : Backing.values()) {
            if (Backing.ofCode(b.code()) != null) { // AUTO is never stored
                java.add(code(b.name(), b.code(), -1));
            }
        }
        assertCodes("backing", java);
        java = new ArrayList<>();
        for (FrameKind k : FrameKind.values()) {
            java.add(code(k.name(), k.code(), -1));
        }
        assertCodes("kind", java);
        java = new ArrayList<>();
        for (PixelFormat p : PixelFormat.values()) {
            java.add(code(p.name(), p.code(), p.bytesPerPixel()));
        }
        assertCodes("pixel_format", java);
        java = new ArrayList<>();
        for (DType d : DType.values()) {
            java.add(code(d.name(), d.code(), d.size()));
        }
        assertCodes("dtype", java);
    }

    private static LayoutSpec.Code code(String name, int value, int elementBytes) {
        return new LayoutSpec.Code("", name, value, elementBytes);
    }

    private static void assertCodes(String set, List<LayoutSpec.Code> java) {
        List<String> expected = java.stream().map(c -> c.name() + "=" + c.value() + "/" + c.elementBytes()).toList();
        List<String> actual = SPEC.codes(set).stream().map(c -> c.name() + "=" + c.value() + "/" + c.elementBytes())
                .toList();
        assertEquals(expected, actual, "codes of " + set);
    }
}
