package org.unet4j.autodiff.opencl;

import java.util.Arrays;
import org.unet4j.autodiff.AxisWeights;

/**
 * What each output reads along one spatial axis, as a sparse {@code out x in} matrix stored by rows
 * ({@code y[j] = sum over k in [rowStart[j], rowStart[j + 1]) of weight[k] x[index[k]]}): an {@link AxisWeights} map,
 * the same as the CPU backend's; the kernel rounds the weights to its element type when they are sent. The adjoint
 * of a map is the map of {@link #transpose()}.
 */
final class AxisTable {
    final int in;
    final int out;
    final int[] rowStart;
    final int[] index;
    final double[] weight;

    private AxisTable(int in, int out, int[] rowStart, int[] index, double[] weight) {
        this.in = in;
        this.out = out;
        this.rowStart = rowStart;
        this.index = index;
        this.weight = weight;
    }

    /** The table of a shared axis map (pooling window, adaptive bin, nearest or linear resampling). */
    static AxisTable of(AxisWeights map) {
        return new AxisTable(map.in(), map.out(), map.rowStart(), map.index(), map.weight());
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
        double[] weights = new double[index.length];
        for (int j = 0; j < out; j++) {
            for (int k = rowStart[j]; k < rowStart[j + 1]; k++) {
                int at = fill[index[k]]++;
                rows[at] = j;
                weights[at] = weight[k];
            }
        }
        return new AxisTable(out, in, starts, rows, weights);
    }
}
