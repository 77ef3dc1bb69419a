package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.ConvolutionKernels.Geometry;

/**
 * The lowering of convolution windows to a matrix (im2col) and its adjoint (col2im), for one group of input
 * channels of one sample and a run of output rows.
 *
 * <p>An output <em>row</em> is one position of every spatial axis but the last (for images: one output row
 * {@code oy}); the last axis is the row's {@code width} columns. For the rows {@code [rowFrom, rowFrom + rows)} the
 * patch matrix has one line per (channel {@code c'} of the group, kernel offset {@code kappa}), numbered
 * {@code c' * kernelVolume + kappa} as in the weight layout {@code [Cout, Cin/groups, kernel...]}, and one column
 * per output position of those rows:
 * <pre>
 *   col[c' kernelVolume + kappa][(r - rowFrom) width + q] = x[c', i((r, q), kappa)]   (0 outside the input)
 * </pre>
 * with {@code i(q, kappa) = q stride + kappa dilation - padBefore} per axis. {@link #scatterAdd} is the transpose:
 * it adds every entry of such a matrix back onto the input position it was read from.
 */
final class Im2col {
    private final int channels;
    private final int inputVolume;
    private final int rows;
    private final int width;
    private final int kernelWidth;
    private final int strideW;
    /** Per outer kernel offset and row: the offset of the input row it reads, or -1 when outside the input. */
    private final int[] rowOffset;
    /** Per last-axis tap: first and end column whose input lies inside, and the input column of column 0. */
    private final int[] first;
    private final int[] end;
    private final int[] shift;

    /** The lowering of output rows [rowFrom, rowFrom + rows) of a convolution of geometry {@code g}. */
    Im2col(Geometry g, int rowFrom, int rows) {
        int last = g.axes() - 1;
        this.channels = g.inChannelsPerGroup();
        this.inputVolume = g.inputVolume();
        this.rows = rows;
        this.width = g.output(last);
        this.kernelWidth = g.kernel(last);
        this.strideW = g.stride(last);
        int outerTaps = g.kernelVolume() / kernelWidth;
        this.rowOffset = new int[outerTaps * rows];
        int[] tap = new int[last];
        for (int ko = 0; ko < outerTaps; ko++) {
            unravel(ko, g.kernel(), last, tap);
            for (int r = 0; r < rows; r++) {
                rowOffset[ko * rows + r] = inputRow(g, rowFrom + r, tap);
            }
        }
        this.first = new int[kernelWidth];
        this.end = new int[kernelWidth];
        this.shift = new int[kernelWidth];
        int inW = g.input(last);
        for (int kx = 0; kx < kernelWidth; kx++) {
            int s = kx * g.dilation(last) - g.padBefore(last);
            shift[kx] = s;
            int lo = s >= 0 ? 0 : (-s + strideW - 1) / strideW;
            int hi = inW - 1 - s < 0 ? 0 : (inW - 1 - s) / strideW + 1;
            first[kx] = Math.min(lo, width);
            end[kx] = Math.max(first[kx], Math.min(hi, width));
        }
    }

    /** Offset (in a channel plane) of the input row that output row {@code r} reads at outer tap {@code tap}. */
    private static int inputRow(Geometry g, int r, int[] tap) {
        int last = g.axes() - 1;
        int offset = 0;
        int rem = r;
        int stride = g.input(last);
        for (int a = last - 1; a >= 0; a--) {
            int q = rem % g.output(a);
            rem /= g.output(a);
            int i = q * g.stride(a) + tap[a] * g.dilation(a) - g.padBefore(a);
            if (i < 0 || i >= g.input(a)) {
                return -1;
            }
            offset += i * stride;
            stride *= g.input(a);
        }
        return offset;
    }

    private static void unravel(int flat, int[] sizes, int count, int[] index) {
        for (int a = count - 1; a >= 0; a--) {
            index[a] = flat % sizes[a];
            flat /= sizes[a];
        }
    }

    /** Columns of the patch matrix: {@code rows * width}. */
    int columns() {
        return rows * width;
    }

    /** Fills {@code col} (lines of {@link #columns()} values) from the group's channels starting at {@code xOff}. */
    void gather(ConvolutionLane lane, Object x, int xOff, Object col) {
        traverse(lane, false, x, xOff, col);
    }

    /** Adds every entry of {@code col} onto the input position it was gathered from, in the group at {@code dxOff}. */
    void scatterAdd(ConvolutionLane lane, Object col, Object dx, int dxOff) {
        traverse(lane, true, dx, dxOff, col);
    }

    /**
     * Visits every row of every line of the patch matrix with the input row it maps to: gathering copies the input
     * row into the matrix row (zeros outside the input), scattering adds the matrix row back onto the input row.
     */
    private void traverse(ConvolutionLane lane, boolean scatter, Object image, int imageOff, Object col) {
        int cols = columns();
        int outerTaps = rowOffset.length / rows;
        for (int c = 0; c < channels; c++) {
            int plane = imageOff + c * inputVolume;
            for (int ko = 0; ko < outerTaps; ko++) {
                for (int kx = 0; kx < kernelWidth; kx++) {
                    int line = ((c * outerTaps + ko) * kernelWidth + kx) * cols;
                    for (int r = 0; r < rows; r++) {
                        int src = rowOffset[ko * rows + r];
                        int at = line + r * width;
                        int in = plane + src + shift[kx];
                        int lo = src < 0 ? 0 : first[kx];
                        int hi = src < 0 ? 0 : end[kx];
                        if (!scatter) {
                            lane.gatherRow(image, in, strideW, col, at, lo, hi, width);
                        } else if (src >= 0) {
                            lane.addRow(col, at, image, in, strideW, lo, hi);
                        }
                    }
                }
            }
        }
    }
}
