package org.unet4j.experiments.equivariance;

import java.util.HashSet;
import java.util.Set;
import org.unet4j.autodiff.Tensor;
import org.unet4j.experiments.metrics.BinaryMask;
import org.unet4j.experiments.metrics.ConnectedComponents;

/**
 * The phases of the objects of a mask: the positions of their centroids modulo the period f^l of a valid U-Net
 * (Rumberger et al., ICCV 2021, Lemma 1). Objects of one phase and one look get the same embeddings, so the number of
 * distinct phases among the objects in the output window is the most the network can tell apart on that image
 * (Corollary 2): at most f^(dl), and exactly 1 for a lattice whose spacing is a multiple of f^l (Corollary 3).
 */
final class LatticePhases {
    private LatticePhases() {
    }

    /**
     * The distinct phases mod {@code period} of the objects (4-connected components) of sample 0 of {@code masks}
     * [N, 1, S, S] that reach the centred {@code outputSide} x {@code outputSide} output window; each centroid is
     * measured on the whole mask, so objects must lie wholly inside it (as disks near the output window of a valid
     * network do).
     */
    static int count(Tensor masks, int outputSide, int period) {
        int side = masks.dim(2);
        int offset = (side - outputSide) / 2;
        ConnectedComponents cc = ConnectedComponents.of(BinaryMask.fromMask(masks, 0),
                ConnectedComponents.Connectivity.FOUR);
        int[] labels = cc.labels();
        double[] sumX = new double[cc.count() + 1];
        double[] sumY = new double[cc.count() + 1];
        int[] pixels = new int[cc.count() + 1];
        boolean[] seen = new boolean[cc.count() + 1];
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                int l = labels[y * side + x];
                sumX[l] += x;
                sumY[l] += y;
                pixels[l]++;
                if (y >= offset && y < offset + outputSide && x >= offset && x < offset + outputSide) {
                    seen[l] = true;
                }
            }
        }
        Set<Integer> phases = new HashSet<>();
        for (int l = 1; l <= cc.count(); l++) {
            if (seen[l]) {
                int px = Math.floorMod((int) Math.floor(sumX[l] / pixels[l]), period);
                int py = Math.floorMod((int) Math.floor(sumY[l] / pixels[l]), period);
                phases.add(py * period + px);
            }
        }
        return phases.size();
    }
}
