package org.unet4j.experiments.equivariance;

import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ConnectedComponents;

/** True instance labels of object masks: 4-connected components, 0 for the background. */
final class InstanceLabels {
    private InstanceLabels() {
    }

    /**
     * The components of each mask [N, 1, S, S], centre-cropped to {@code outputSide} (the output window of a valid
     * network on an S x S input); a tensor [N, 1, outputSide, outputSide].
     */
    static Tensor centreCropped(Tensor masks, int outputSide) {
        int n = masks.dim(0);
        int side = masks.dim(2);
        int offset = (side - outputSide) / 2;
        double[] labels = new double[n * outputSide * outputSide];
        for (int b = 0; b < n; b++) {
            int[] cc = ConnectedComponents.of(BinaryMask.fromMask(masks, b), ConnectedComponents.Connectivity.FOUR)
                    .labels();
            for (int y = 0; y < outputSide; y++) {
                for (int x = 0; x < outputSide; x++) {
                    labels[(b * outputSide + y) * outputSide + x] = cc[(y + offset) * side + x + offset];
                }
            }
        }
        return Tensor.wrap(labels, n, 1, outputSide, outputSide);
    }

    /** The values of a label tensor as integers, in row-major order. */
    static int[] toInts(Tensor labels) {
        double[] v = labels.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = (int) v[i];
        }
        return out;
    }
}
