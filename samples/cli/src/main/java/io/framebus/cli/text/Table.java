package io.framebus.cli.text;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Aligned text columns. A column whose cells are all numbers (or byte sizes such as "5.9 MiB") is
 * right-aligned; other columns are left-aligned.
 */
public final class Table {
    private static final Pattern NUMERIC =
            Pattern.compile("-|-?\\d+(\\.\\d+)?( ?(B|KiB|MiB|GiB|TiB|ms|us|%|x|\u00d7))?");

    private final List<String> headers;
    private final boolean alignNumbers;
    private final List<String[]> rows = new ArrayList<>();

    public Table(String... headers) {
        this(true, headers);
    }

    private Table(boolean alignNumbers, String... headers) {
        this.headers = List.of(headers);
        this.alignNumbers = alignNumbers;
    }

    /** Adds a row; {@code null} cells print as "-". */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("row has " + cells.length + " cells, table has " + headers.size()
                    + " columns");
        }
        String[] r = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            r[i] = cells[i] == null ? "-" : cells[i].toString();
        }
        rows.add(r);
        return this;
    }

    public boolean isEmpty() {
        return rows.isEmpty();
    }

    /** The table, each line prefixed by {@code indent}, with a header line unless the headers are empty. */
    public String render(String indent) {
        int n = headers.size();
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        Arrays.fill(right, alignNumbers && !rows.isEmpty());
        boolean withHeader = headers.stream().anyMatch(h -> !h.isEmpty());
        for (int c = 0; c < n; c++) {
            width[c] = withHeader ? headers.get(c).length() : 0;
            for (String[] r : rows) {
                width[c] = Math.max(width[c], r[c].length());
                right[c] &= NUMERIC.matcher(r[c]).matches();
            }
        }
        StringBuilder out = new StringBuilder();
        if (withHeader) {
            line(out, indent, headers.toArray(String[]::new), width, right);
        }
        for (String[] r : rows) {
            line(out, indent, r, width, right);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String indent, String[] cells, int[] width, boolean[] right) {
        StringBuilder l = new StringBuilder(indent);
        for (int c = 0; c < cells.length; c++) {
            String cell = cells[c];
            String pad = " ".repeat(width[c] - cell.length());
            if (c > 0) {
                l.append("  ");
            }
            l.append(right[c] ? pad + cell : cell + (c == cells.length - 1 ? "" : pad));
        }
        out.append(l.toString().stripTrailing()).append(System.lineSeparator());
    }

    /** Two left-aligned columns without header: "key   value" lines. */
    public static Table keyValues() {
        return new Table(false, "", "");
    }
}
