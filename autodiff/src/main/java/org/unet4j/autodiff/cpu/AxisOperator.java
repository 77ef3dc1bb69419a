package org.unet4j.autodiff.cpu;

import org.unet4j.autodiff.AxisWeights;

/**
 * What each output reads along one spatial axis: a sparse {@code out x in} matrix stored by rows, so that
 * {@code y[j] = sum over k in [rowStart[j], rowStart[j + 1]) of weight[k] x[index[k]]}.
 *
 * <p>Average pooling, adaptive average pooling, nearest and linear resampling are such maps applied along every
 * spatial axis in turn (they are separable), which lets {@link SeparableMap} serve all of them in any number of
 * dimensions. Within a row the indices increase. The weights come from {@link AxisWeights}.
 */
final class AxisOperator {
    final int in;
    final int out;
    final int[] rowStart;
    final int[] index;
    final double[] weight;
    /** The weights rounded to float32, for the float32 loops. */
    final float[] weight32;

    private AxisOperator(int in, int out, int[] rowStart, int[] index, double[] weight) {
        this.in = in;
        this.out = out;
        this.rowStart = rowStart;
        this.index = index;
        this.weight = weight;
        this.weight32 = new float[weight.length];
        for (int k = 0; k < weight.length; k++) {
            weight32[k] = (float) weight[k];
        }
    }

    /** The operator of a shared axis map (pooling window, adaptive bin, nearest or linear resampling). */
    static AxisOperator of(AxisWeights map) {
        return new AxisOperator(map.in(), map.out(), map.rowStart(), map.index(), map.weight());
    }

    /** True when the map copies its input unchanged (output j reads input j with weight 1). */
    boolean isIdentity() {
        if (in != out) {
            return false;
        }
        for (int j = 0; j < out; j++) {
            if (rowStart[j + 1] - rowStart[j] != 1 || index[rowStart[j]] != j || weight[rowStart[j]] != 1) {
                return false;
            }
        }
        return true;
    }
}
