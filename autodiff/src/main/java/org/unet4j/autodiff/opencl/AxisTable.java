package org.unet4j.autodiff.opencl;

import java.util.Arrays;

/**
 * What each output reads along one spatial axis, as a sparse {@code out x in} matrix stored by rows
 * ({@code y[j] = sum over k in [rowStart[j], rowStart[j + 1]) of weight[k] x[index[k]]}), with the same rules as the
 * CPU backend's pooling and resampling, weights rounded to float32. The adjoint of a map is the map of
 * {@link #transpose()}.
 */
final class AxisTable {
    final int in;
    final int out;
    final int[] rowStart;
    final int[] index;
    final float[] weight;

    private AxisTable(int in, int out, int[] rowStart, int[] index, float[] weight) {
        this.in = in;
        this.out = out;
        this.rowStart = rowStart;
        this.index = index;
        this.weight = weight;
    }

    /**
     * Pooling windows: output {@code j} covers {@code [j stride - padding, j stride - padding + kernel)} clipped to
     * the input, each element weighted {@code 1 / kernel} when {@code countPadding}, else {@code 1 / (covered)}.
     */
    static AxisTable window(int in, int kernel, int stride, int padding, boolean countPadding) {
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
    static AxisTable adaptiveAverage(int in, int out) {
        Builder b = new Builder(in, out);
        for (int j = 0; j < out; j++) {
            int from = (int) ((long) j * in / out);
            int to = (int) (((long) (j + 1) * in + out - 1) / out);
            b.range(from, to, 1.0 / (to - from));
        }
        return b.build();
    }

    /** Nearest neighbour: output {@code j} copies input {@code floor(j in / out)}. */
    static AxisTable nearest(int in, int out) {
        Builder b = new Builder(in, out);
        for (int j = 0; j < out; j++) {
            int i = (int) Math.min((long) j * in / out, in - 1);
            b.range(i, i + 1, 1.0);
        }
        return b.build();
    }

    /** Linear interpolation with PyTorch's source coordinates (see ImagingKernels#upsampleLinear). */
    static AxisTable linear(int in, int out, boolean alignCorners) {
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

    /** The adjoint's table: {@code in x out}, row i listing the outputs that read input i, in increasing order. */
    AxisTable transpose() {
        int[] starts = new int[in + 1];
        for (int k = 0; k < index.length; k++) {
            starts[index[k] + 1]++;
        }
        for (int i = 0; i < in; i++) {
            starts[i + 1] += starts[i];
        }
        int[] fill = Arrays.copyOf(starts, in);
        int[] rows = new int[index.length];
        float[] weights = new float[index.length];
        for (int j = 0; j < out; j++) {
            for (int k = rowStart[j]; k < rowStart[j + 1]; k++) {
                int at = fill[index[k]]++;
                rows[at] = j;
                weights[at] = weight[k];
            }
        }
        return new AxisTable(out, in, starts, rows, weights);
    }

    /** Accumulates rows in order. */
    private static final class Builder {
        private final int in;
        private final int out;
        private final int[] rowStart;
        private int[] index = new int[16];
        private float[] weight = new float[16];
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
            weight[size++] = (float) w;
        }

        void endRow() {
            rowStart[++rows] = size;
        }

        AxisTable build() {
            return new AxisTable(in, out, rowStart, Arrays.copyOf(index, size), Arrays.copyOf(weight, size));
        }
    }
}
