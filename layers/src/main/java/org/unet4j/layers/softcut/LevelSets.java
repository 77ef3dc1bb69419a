package org.unet4j.layers.softcut;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * The partition of a piecewise-constant grid signal into the blocks that Djolonga and Krause's derivative averages
 * over: either the connected components of equal value (neighbours along a grid axis with exactly equal values are
 * joined; torch-submod's {@code average_connected=True}, the variant the thesis used) or all points of equal value
 * wherever they lie (the paper's Algorithm 1, masks {@code out = value}).
 */
final class LevelSets {
    private final int[] block;
    private final int[] size;

    private LevelSets(int[] block, int count) {
        this.block = block;
        this.size = new int[count];
        for (int b : block) {
            size[b]++;
        }
    }

    /** Blocks of equal value connected along the axes of a grid of the given sizes (row-major). */
    static LevelSets connected(double[] x, int[] sizes) {
        int n = x.length;
        int[] parent = IntStream.range(0, n).toArray();
        int stride = 1;
        for (int k = sizes.length - 1; k >= 0; k--) {
            int extent = sizes[k];
            for (int i = 0; i < n; i++) {
                if ((i / stride) % extent + 1 < extent && x[i] == x[i + stride]) {
                    union(parent, i, i + stride);
                }
            }
            stride *= extent;
        }
        int[] label = new int[n];
        Arrays.fill(label, -1);
        int[] block = new int[n];
        int count = 0;
        for (int i = 0; i < n; i++) {
            int root = find(parent, i);
            if (label[root] < 0) {
                label[root] = count++;
            }
            block[i] = label[root];
        }
        return new LevelSets(block, count);
    }

    /** Blocks of exactly equal value, connected or not. */
    static LevelSets equalValues(double[] x) {
        int n = x.length;
        int[] order = IntStream.range(0, n).boxed().sorted((a, b) -> Double.compare(x[a], x[b]))
                .mapToInt(Integer::intValue).toArray();
        int[] block = new int[n];
        int count = 0;
        for (int k = 0; k < n; k++) {
            if (k > 0 && x[order[k]] != x[order[k - 1]]) {
                count++;
            }
            block[order[k]] = count;
        }
        return new LevelSets(block, n == 0 ? 0 : count + 1);
    }

    /** Replaces every value of {@code g} by the mean of {@code g} over its block. */
    double[] blockMeans(double[] g) {
        double[] sum = new double[size.length];
        for (int i = 0; i < g.length; i++) {
            sum[block[i]] += g[i];
        }
        double[] out = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            out[i] = sum[block[i]] / size[block[i]];
        }
        return out;
    }

    /** Number of blocks. */
    int count() {
        return size.length;
    }

    private static int find(int[] parent, int i) {
        while (parent[i] != i) {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        return i;
    }

    private static void union(int[] parent, int a, int b) {
        int ra = find(parent, a);
        int rb = find(parent, b);
        if (ra != rb) {
            parent[Math.max(ra, rb)] = Math.min(ra, rb);
        }
    }
}
