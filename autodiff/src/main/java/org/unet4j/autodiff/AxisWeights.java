package org.unet4j.autodiff;

import java.util.Arrays;

/**
 * What each output reads along one spatial axis, as a sparse {@code out x in} matrix stored by rows:
 * {@code y[j] = sum over k in [rowStart[j], rowStart[j + 1]) of weight[k] x[index[k]]}, the indices increasing
 * within a row. Average pooling, adaptive average pooling, nearest and linear resampling are such maps applied
 * along every spatial axis in turn; this class holds the one host-side definition of their weights, which every
 * backend turns into its own tables. Weights are in double precision.
 *
 * <p>For backend implementations; the arrays are shared, not copied, and must not be modified.
 */
public final class AxisWeights {
    private final int in;
    private final int out;
    private final int[] rowStart;
    private final int[] index;
    private final double[] weight;

    private AxisWeights(int in, int out, int[] rowStart, int[] index, double[] weight) {
        this.in = in;
        this.out = out;
        this.rowStart = rowStart;
        this.index = index;
        this.weight = weight;
    }

    /**
     * Pooling windows: output {@code j} covers {@code [j stride - padding, j stride - padding + kernel)} clipped to
     * the input, each element weighted {@code 1 / kernel} when {@code countPadding}, else {@code 1 / (covered
     * elements)}.
     */
    public static AxisWeights window(int in, int kernel, int stride, int padding, boolean countPadding) {
        int out = (in + 2 * padding - kernel) / stride + 1;
        Builder b = new Builder(in, out);
        for (int j = 0; j < out; j++) {
            int start = j * stride - padding;
            int from = Math.max(start, 0);
            int to = Math.min(start + kernel, in);
            b.range(from, to, 1.0 / (countPadding ? kernel : to - from));
        }
        return b.build();
    }

    /** Adaptive average bins: output {@code j} averages {@code [floor(j in / out), ceil((j + 1) in / out))}. */
    public static AxisWeights adaptiveAverage(int in, int out) {
        Builder b = new Builder(in, out);
        for (int j = 0; j < out; j++) {
            int from = (int) ((long) j * in / out);
            int to = (int) (((long) (j + 1) * in + out - 1) / out);
            b.range(from, to, 1.0 / (to - from));
        }
        return b.build();
    }

    /** Nearest neighbour: output {@code j} copies input {@code floor(j in / out)}. */
    public static AxisWeights nearest(int in, int out) {
        Builder b = new Builder(in, out);
        for (int j = 0; j < out; j++) {
            int i = (int) Math.min((long) j * in / out, in - 1);
            b.range(i, i + 1, 1.0);
        }
        return b.build();
    }

    /**
     * Linear interpolation with PyTorch's source coordinate: {@code src = j (in - 1) / (out - 1)} (0 when
     * {@code out = 1}) with aligned corners, else {@code max(0, (j + 1/2) in / out - 1/2)}; output {@code j} is
     * {@code (1 - t) x[i0] + t x[i1]}, {@code i0 = floor(src)}, {@code i1 = min(i0 + 1, in - 1)}, {@code t = src - i0}.
     * Zero weights are left out.
     */
    public static AxisWeights linear(int in, int out, boolean alignCorners) {
        Builder b = new Builder(in, out);
        double scale = alignCorners ? (out > 1 ? (double) (in - 1) / (out - 1) : 0) : (double) in / out;
        for (int j = 0; j < out; j++) {
            double src = alignCorners ? j * scale : Math.max(0, (j + 0.5) * scale - 0.5);
            int i0 = Math.min((int) src, in - 1);
            int i1 = Math.min(i0 + 1, in - 1);
            double t = i1 == i0 ? 0 : src - i0;
            b.add(i0, 1 - t);
            if (t > 0) {
                b.add(i1, t);
            }
            b.endRow();
        }
        return b.build();
    }

    /** The input length. */
    public int in() {
        return in;
    }

    /** The output length. */
    public int out() {
        return out;
    }

    /** Where each row starts in {@link #index()} and {@link #weight()}; {@code out + 1} entries. */
    public int[] rowStart() {
        return rowStart;
    }

    /** The input read by each entry. */
    public int[] index() {
        return index;
    }

    /** The weight of each entry. */
    public double[] weight() {
        return weight;
    }

    /** Accumulates rows in order. */
    private static final class Builder {
        private final int in;
        private final int out;
        private final int[] rowStart;
        private int[] index = new int[16];
        private double[] weight = new double[16];
        private int size;
        private int rows;

        Builder(int in, int out) {
            this.in = in;
            this.out = out;
            this.rowStart = new int[out + 1];
        }

        /** A row reading {@code [from, to)} with one weight. */
        void range(int from, int to, double w) {
            for (int i = from; i < to; i++) {
                add(i, w);
            }
            endRow();
        }

        void add(int i, double w) {
            if (size == index.length) {
                index = Arrays.copyOf(index, 2 * size);
                weight = Arrays.copyOf(weight, 2 * size);
            }
            index[size] = i;
            weight[size++] = w;
        }

        void endRow() {
            rowStart[++rows] = size;
        }

        AxisWeights build() {
            return new AxisWeights(in, out, rowStart, Arrays.copyOf(index, size), Arrays.copyOf(weight, size));
        }
    }
}
