package org.unet4j.layers.topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.unet4j.layers.Module;

/**
 * The table a network's {@code summary} prints: one row per stage with its name, its layer, its output shape and its
 * parameter count, columns padded to their widest entry, under a title line and over the total parameter count.
 *
 * <pre>{@code
 * StageTable t = new StageTable().input(new int[] {1, 1, 8, 8, 8})
 *         .row("encoder.level0", level0, StageTable.shape(1, 8, new int[] {8, 8, 8}));
 * String s = t.format(net.label(), net.parameterCount());
 * }</pre>
 */
public final class StageTable {
    private final List<String[]> rows = new ArrayList<>();

    /** The first row, the input's shape. */
    public StageTable input(int[] dims) {
        return row("input", "", Arrays.toString(dims), "");
    }

    /** A row for module {@code m} (its label and parameter count) with output {@code dims}. */
    public StageTable row(String name, Module m, int[] dims) {
        return row(name, m.label(), m, dims);
    }

    /** A row for module {@code m} shown as {@code label}, with output {@code dims}. */
    public StageTable row(String name, String label, Module m, int[] dims) {
        return row(name, label, Arrays.toString(dims), String.format(Locale.ROOT, "%,d", m.parameterCount()));
    }

    /** A row of four given cells. */
    public StageTable row(String name, String label, String shape, String parameters) {
        rows.add(new String[] {name, label, shape, parameters});
        return this;
    }

    /** [n, channels, size along each axis]. */
    public static int[] shape(int n, int channels, int[] sizes) {
        int[] dims = new int[2 + sizes.length];
        dims[0] = n;
        dims[1] = channels;
        System.arraycopy(sizes, 0, dims, 2, sizes.length);
        return dims;
    }

    /** The title line, the rows in padded columns, and the total parameter count. */
    public String format(String title, long parameters) {
        int[] width = new int[4];
        for (String[] r : rows) {
            for (int c = 0; c < 4; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        StringBuilder s = new StringBuilder(title).append('\n');
        for (String[] r : rows) {
            s.append(String.format(Locale.ROOT, "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
                    + width[3] + "s%n", r[0], r[1], r[2], r[3]));
        }
        return s.append(String.format(Locale.ROOT, "%,d parameters", parameters)).toString();
    }
}
