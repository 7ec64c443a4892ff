package io.framebus.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable layout of a channel, {@code docs/layout.tsv}: the one source that the Java
 * flyweights, the Python package and {@code docs/format.md} are each tested against, so that none of
 * them can drift from the others.
 *
 * @param fields every field, in file order
 * @param consts every named constant
 * @param codes  every code, in file order
 */
public record LayoutSpec(List<Field> fields, Map<String, Long> consts, List<Code> codes) {
    /** The file, relative to the repository root. */
    public static final String PATH = "docs/layout.tsv";

    /**
     * One field of a region.
     *
     * @param region the region (header, statistics, link, ring, slot, row, detections, detection)
     * @param name   the field's name, lower case with underscores
     * @param offset bytes from the region's start
     * @param width  bytes, or -1 for the hold array (8 per slot)
     * @param type   s32, s64, f32, s64[N], utf8z[N]...
     * @param access plain, sc, rel-acq, rmw, opaque or futex
     */
    public record Field(String region, String name, long offset, long width, String type, String access) {
    }

    /**
     * One code of a set.
     *
     * @param set          the set (kind, dtype, pixel_format, mode, backing...)
     * @param name         the code's name, upper case
     * @param value        the stored value
     * @param elementBytes bytes per element or pixel, or -1 when the set has none
     */
    public record Code(String set, String name, int value, int elementBytes) {
    }

    /**
     * Reads the spec of the repository this test runs in: the first {@value #PATH} found walking up
     * from the working directory.
     *
     * @return the parsed spec
     */
    public static LayoutSpec load() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isRegularFile(dir.resolve(PATH))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(PATH + " not found above " + Path.of("").toAbsolutePath());
        }
        return parse(dir.resolve(PATH));
    }

    /**
     * @param file a layout file
     * @return the parsed spec
     */
    public static LayoutSpec parse(Path file) {
        List<Field> fields = new ArrayList<>();
        Map<String, Long> consts = new LinkedHashMap<>();
        List<Code> codes = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String raw : lines) {
            int hash = raw.indexOf('#');
            String line = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split("\\s+");
            switch (f[0]) {
                case "field" -> fields.add(new Field(f[1], f[2], number(f[3]),
                        f[4].equals("8*slots") ? -1 : number(f[4]), f[5], f[6]));
                case "const" -> consts.put(f[1], number(f[2]));
                case "code" -> codes.add(new Code(f[1], f[2], (int) number(f[3]),
                        f.length > 4 ? (int) number(f[4]) : -1));
                default -> throw new IllegalArgumentException(file + ": unknown line '" + raw + "'");
            }
        }
        return new LayoutSpec(List.copyOf(fields), Map.copyOf(consts), List.copyOf(codes));
    }

    private static long number(String text) {
        return text.startsWith("0x") ? new BigInteger(text.substring(2), 16).longValue() : Long.parseLong(text);
    }

    /**
     * @param region a region
     * @return its fields, in file order
     */
    public List<Field> region(String region) {
        return fields.stream().filter(f -> f.region().equals(region)).toList();
    }

    /**
     * @param set a code set
     * @return its codes, in file order
     */
    public List<Code> codes(String set) {
        return codes.stream().filter(c -> c.set().equals(set)).toList();
    }

    /**
     * @param name a constant's name
     * @return its value
     */
    public long constant(String name) {
        Long v = consts.get(name);
        if (v == null) {
            throw new IllegalArgumentException("no constant " + name + " in " + PATH);
        }
        return v;
    }
}
