package io.mahavishnu.shell.internal;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Aligned plain-text columns for shell output: a header row in capitals, then rows; numeric columns can be
 * right-aligned. Also renders "Key:  value" blocks ({@link #details()}). Every command prints through this class
 * so all output looks alike.
 */
final class Table {

    private static final String GAP = "  ";

    private final String[] headers;
    private final boolean[] right;
    private final List<String[]> rows = new ArrayList<>();
    private final String indent;

    private Table(String indent, String... headers) {
        this.indent = indent;
        this.headers = headers;
        this.right = new boolean[headers.length];
    }

    /** @param headers column titles (printed in capitals) @return an empty table */
    static Table of(String... headers) {
        return new Table("", headers);
    }

    /** @return a two-column "Key:  value" block without a header, indented by two spaces */
    static Table details() {
        return new Table("  ", null, null);
    }

    /** @param columns zero-based columns to right-align (numbers) @return this */
    Table rightAlign(int... columns) {
        for (int c : columns) {
            right[c] = true;
        }
        return this;
    }

    /** @param cells one cell per column; null prints as "-" @return this */
    Table row(Object... cells) {
        if (cells.length != right.length) {
            throw new IllegalArgumentException("expected " + right.length + " cells, got " + cells.length);
        }
        String[] text = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            text[i] = cells[i] == null ? "-" : oneLine(cells[i].toString());
        }
        rows.add(text);
        return this;
    }

    /** Adds a "Key:  value" row of a {@link #details()} block. @return this */
    Table detail(String key, Object value) {
        return row(key + ":", value);
    }

    /** @return true if no row was added */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Prints the header (if any) and the rows, columns separated by two spaces, without trailing blanks. */
    void print(PrintStream out) {
        int[] width = new int[right.length];
        List<String[]> all = new ArrayList<>();
        if (headers[0] != null) {
            all.add(Arrays.stream(headers).map(String::toUpperCase).toArray(String[]::new));
        }
        all.addAll(rows);
        for (String[] r : all) {
            for (int i = 0; i < r.length; i++) {
                width[i] = Math.max(width[i], r[i].length());
            }
        }
        for (String[] r : all) {
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < r.length; i++) {
                String cell = r[i];
                boolean last = i == r.length - 1;
                if (right[i]) {
                    line.append(" ".repeat(width[i] - cell.length())).append(cell);
                } else {
                    line.append(cell);
                    if (!last) {
                        line.append(" ".repeat(width[i] - cell.length()));
                    }
                }
                if (!last) {
                    line.append(GAP);
                }
            }
            out.println(strip(line));
        }
    }

    /** Cells are single-line: a newline inside a cell would break the alignment of every row below it. */
    private static String oneLine(String s) {
        return s.indexOf('\n') < 0 && s.indexOf('\r') < 0 ? s : s.replace("\r\n", " ").replace('\n', ' ')
                .replace('\r', ' ');
    }

    private static String strip(StringBuilder line) {
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        return line.substring(0, end);
    }
}
